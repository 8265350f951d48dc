/** Bucketing of raw side information into one-hot feature names. */

/** Age bucket as in MovieLens 1M's age groups (1M ages are already those group codes). */
export function ageBucket(age: number): string | undefined {
  if (!(age >= 0)) return undefined;
  if (age < 18) return 'under 18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 50) return '45-49';
  if (age < 56) return '50-55';
  return '56+';
}

/** First character of a zip code when it is a digit; letters (non-US codes) share one bucket. */
export function zipBucket(zip: string): string | undefined {
  const first = zip.trim().charAt(0);
  if (first === '') return undefined;
  return first >= '0' && first <= '9' ? first : 'other';
}

/**
 * Release-year bucket: decades before 1960, five-year spans to 1990, single years after, since
 * most MovieLens films are recent and the recent years differ most. 0 means unknown.
 */
export function yearBucket(year: number): string | undefined {
  if (!(year > 0)) return undefined;
  if (year < 1960) return `${Math.floor(year / 10) * 10}s`;
  if (year < 1990) return `${Math.floor(year / 5) * 5}-${Math.floor(year / 5) * 5 + 4}`;
  return String(year);
}

const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'in',
  'to',
  'on',
  'for',
  'la',
  'le',
  'les',
  'de',
  'il',
  'el',
  'das',
  'der',
  'die',
]);

/** Lower-case words of a title without its "(1995)" year, articles and one-letter words. */
export function titleWords(title: string): string[] {
  const withoutYear = title.replace(/\(\d{4}\)\s*$/, '');
  const words = withoutYear.toLowerCase().split(/[^a-z0-9\u00c0-\u024f]+/);
  const unique = new Set<string>();
  for (const word of words) {
    if (word.length > 1 && !STOP_WORDS.has(word)) unique.add(word);
  }
  return [...unique];
}
