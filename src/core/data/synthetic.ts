import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../random';
import { GENRES_100K } from './genres';

/** Sizes and seed of a synthetic MovieLens-format data set. */
export interface SyntheticOptions {
  /** Number of users (default 300). */
  readonly users?: number;
  /** Number of films (default 200). */
  readonly items?: number;
  /** Mean ratings per user (default 50); counts are skewed, some users have only a handful. */
  readonly ratingsPerUser?: number;
  readonly seed?: number;
}

/**
 * The generator's planted truth, in dense indices (user u has raw id u + 1, film i raw id i + 1):
 * r = μ + b_u + b_i + p_u·q_i + interaction(u, i) + noise, rounded and clipped to 1..5.
 * p_u is mostly a function of the user's demographics and q_i of the film's genres, and the
 * interaction term is occupation/age/gender × genre: side features carry real signal.
 */
export interface SyntheticTruth {
  readonly userCount: number;
  readonly itemCount: number;
  readonly rank: number;
  readonly globalMean: number;
  readonly userBias: Float64Array;
  readonly itemBias: Float64Array;
  /** Row-major userCount × rank. */
  readonly userFactors: Float64Array;
  /** Row-major itemCount × rank. */
  readonly itemFactors: Float64Array;
  /** Standard deviation of the noise added before rounding. */
  readonly noise: number;
  /** Per user: age, gender ('M'/'F'), occupation index into `occupations`. */
  readonly age: Int16Array;
  readonly gender: readonly string[];
  readonly occupation: Int16Array;
  readonly occupations: readonly string[];
  /** Film genres as lists of indices into GENRES_100K. */
  readonly genres: readonly (readonly number[])[];
  readonly year: Int16Array;
  /** The rated (user, film) pairs and their ratings, in u.data order. */
  readonly ratingUser: Int32Array;
  readonly ratingItem: Int32Array;
  readonly rating: Int8Array;
  /** Expected rating before noise and rounding (unclipped). */
  expected(user: number, item: number): number;
}

const OCCUPATIONS = ['student', 'engineer', 'artist', 'educator', 'programmer', 'retired', 'writer', 'healthcare', 'other'];
/** Age buckets that drive the planted effects: <18, 18-24, 25-34, 35-44, 45-54, 55+. */
const AGE_EDGES = [18, 25, 35, 45, 55];
const RANK = 4;
const NOISE = 0.6;
const MEAN_RATING = 3.62;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function ageBucket(age: number): number {
  let bucket = 0;
  while (bucket < AGE_EDGES.length && age >= AGE_EDGES[bucket]) bucket++;
  return bucket;
}

function normals(random: Random, count: number, scale: number): Float64Array {
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) values[index] = random.polarNormal() * scale;
  return values;
}

/** Draws the whole synthetic data set (model and ratings) from the seed. */
export function syntheticGroundTruth(options: SyntheticOptions = {}): SyntheticTruth {
  const userCount = options.users ?? 300;
  const itemCount = options.items ?? 200;
  const perUser = options.ratingsPerUser ?? 50;
  if (!(userCount >= 2 && itemCount >= 4 && perUser >= 1)) {
    throw new RangeError(`synthetic data needs users ≥ 2, items ≥ 4, ratingsPerUser ≥ 1 (got ${userCount}, ${itemCount}, ${perUser})`);
  }
  const random = new Random(options.seed ?? 1);
  const effects = random.fork(1);
  const genreCount = GENRES_100K.length;
  const bucketCount = AGE_EDGES.length + 1;

  // Group effects: per age bucket, gender, occupation a taste vector, a bias and a genre affinity.
  const ageTaste = normals(effects, bucketCount * RANK, 0.45);
  const genderTaste = normals(effects, 2 * RANK, 0.35);
  const occupationTaste = normals(effects, OCCUPATIONS.length * RANK, 0.45);
  const ageBias = normals(effects, bucketCount, 0.2);
  const occupationBias = normals(effects, OCCUPATIONS.length, 0.15);
  const genreTaste = normals(effects, genreCount * RANK, 0.6);
  const genreBias = normals(effects, genreCount, 0.15);
  const occupationGenre = normals(effects, OCCUPATIONS.length * genreCount, 0.3);
  const ageGenre = normals(effects, bucketCount * genreCount, 0.25);
  const genderGenre = normals(effects, 2 * genreCount, 0.2);

  const people = random.fork(2);
  const age = new Int16Array(userCount);
  const gender: string[] = [];
  const occupation = new Int16Array(userCount);
  const userBias = new Float64Array(userCount);
  const userFactors = new Float64Array(userCount * RANK);
  for (let user = 0; user < userCount; user++) {
    age[user] = 14 + Math.floor(people.uniform() * people.uniform() * 60);
    const male = people.uniform() < 0.7 ? 1 : 0;
    gender.push(male ? 'M' : 'F');
    occupation[user] = people.int(OCCUPATIONS.length);
    const bucket = ageBucket(age[user]);
    userBias[user] = ageBias[bucket] + occupationBias[occupation[user]] + people.polarNormal() * 0.2;
    for (let factor = 0; factor < RANK; factor++) {
      userFactors[user * RANK + factor] =
        ageTaste[bucket * RANK + factor] +
        genderTaste[male * RANK + factor] +
        occupationTaste[occupation[user] * RANK + factor] +
        people.polarNormal() * 0.25;
    }
  }

  const films = random.fork(3);
  const genres: number[][] = [];
  const year = new Int16Array(itemCount);
  const itemBias = new Float64Array(itemCount);
  const itemFactors = new Float64Array(itemCount * RANK);
  const popularity = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    const own: number[] = [];
    const wanted = 1 + films.int(3);
    while (own.length < wanted) {
      const genre = 1 + films.int(genreCount - 1);
      if (!own.includes(genre)) own.push(genre);
    }
    own.sort((a, b) => a - b);
    genres.push(own);
    year[item] = 1998 - Math.floor(films.uniform() * films.uniform() * 70);
    const share = 1 / Math.sqrt(own.length);
    itemBias[item] = films.polarNormal() * 0.35 + (year[item] < 1970 ? 0.15 : 0);
    for (const genre of own) itemBias[item] += genreBias[genre] * share;
    for (let factor = 0; factor < RANK; factor++) {
      let value = films.polarNormal() * 0.3;
      for (const genre of own) value += genreTaste[genre * RANK + factor] * share;
      itemFactors[item * RANK + factor] = value;
    }
    popularity[item] = Math.exp(films.polarNormal() * 0.9 + 1.5 * itemBias[item]);
  }

  let globalMean = 0;
  const expected = (user: number, item: number): number => {
    let value = globalMean + userBias[user] + itemBias[item];
    for (let factor = 0; factor < RANK; factor++) value += userFactors[user * RANK + factor] * itemFactors[item * RANK + factor];
    const own = genres[item];
    const bucket = ageBucket(age[user]);
    const male = gender[user] === 'M' ? 1 : 0;
    let interaction = 0;
    for (const genre of own) {
      interaction +=
        occupationGenre[occupation[user] * genreCount + genre] +
        ageGenre[bucket * genreCount + genre] +
        genderGenre[male * genreCount + genre];
    }
    return value + interaction / Math.sqrt(own.length);
  };

  const { ratingUser, ratingItem } = drawRatedPairs(random.fork(4), userCount, itemCount, perUser, popularity);
  // Centre the rated pairs on MovieLens' mean rating, whatever the seed's group effects add up to.
  let offset = 0;
  for (let index = 0; index < ratingUser.length; index++) offset += expected(ratingUser[index], ratingItem[index]);
  globalMean = MEAN_RATING - offset / ratingUser.length;
  const noise = random.fork(5);
  const rating = new Int8Array(ratingUser.length);
  for (let index = 0; index < rating.length; index++) {
    const value = Math.round(expected(ratingUser[index], ratingItem[index]) + noise.polarNormal() * NOISE);
    rating[index] = Math.min(5, Math.max(1, value));
  }
  return {
    userCount,
    itemCount,
    rank: RANK,
    globalMean,
    userBias,
    itemBias,
    userFactors,
    itemFactors,
    noise: NOISE,
    age,
    gender,
    occupation,
    occupations: OCCUPATIONS,
    genres,
    year,
    ratingUser,
    ratingItem,
    rating,
    expected,
  };
}

/**
 * Skewed counts per user (log-normal, a handful for some, many for others) and films drawn by
 * popularity without replacement (Efraimidis–Spirakis keys); then shuffled, as u.data is.
 */
function drawRatedPairs(random: Random, userCount: number, itemCount: number, perUser: number, popularity: Float64Array) {
  const weights = normals(random, userCount, 1.1).map(Math.exp);
  const maximum = Math.max(3, Math.floor(itemCount * 0.7));
  const target = Math.min(userCount * perUser, userCount * maximum);
  const countsFor = (scale: number): Float64Array => weights.map((weight) => Math.min(maximum, Math.max(3, Math.round(scale * weight))));
  const totalOf = (counts: Float64Array): number => counts.reduce((sum, count) => sum + count, 0);
  // Scale the weights so that the clamped counts add up to about users × ratingsPerUser.
  let low = 0;
  let high = (target / weights.reduce((sum, weight) => sum + weight, 0)) * 64;
  for (let step = 0; step < 50; step++) {
    const middle = (low + high) / 2;
    if (totalOf(countsFor(middle)) < target) low = middle;
    else high = middle;
  }
  const counts = countsFor(high);
  const total = totalOf(counts);
  const users = new Int32Array(total);
  const items = new Int32Array(total);
  const keys = new Float64Array(itemCount);
  const sorted = new Float64Array(itemCount);
  let position = 0;
  for (let user = 0; user < userCount; user++) {
    for (let item = 0; item < itemCount; item++) keys[item] = Math.log(random.uniform() || Number.MIN_VALUE) / popularity[item];
    // The films with the `count` largest keys (a native numeric sort finds the threshold).
    sorted.set(keys);
    sorted.sort();
    const threshold = sorted[itemCount - counts[user]];
    const end = position + counts[user];
    for (let item = 0; item < itemCount && position < end; item++) {
      if (keys[item] < threshold) continue;
      users[position] = user;
      items[position] = item;
      position++;
    }
  }
  const shuffle = random.permutation(total);
  return {
    ratingUser: Int32Array.from(shuffle, (index) => users[index]),
    ratingItem: Int32Array.from(shuffle, (index) => items[index]),
  };
}

/**
 * Writes a small ml-100k-format folder (u.data, u.user, u.item, u.genre, u.occupation, u.info,
 * u1..u5 and ua/ub splits) from the seeded generative model of `syntheticGroundTruth`. Same
 * options, same bytes. Runs in well under a second at the default size.
 */
export function writeSyntheticMovieLens(folder: string, options: SyntheticOptions = {}): void {
  const truth = syntheticGroundTruth(options);
  const count = truth.rating.length;
  const line = (index: number): string =>
    `${truth.ratingUser[index] + 1}\t${truth.ratingItem[index] + 1}\t${truth.rating[index]}\t${timestamp(index)}`;
  const files = new Map<string, string>();
  files.set('u.info', `${truth.userCount} users\n${truth.itemCount} items\n${count} ratings\n`);
  files.set('u.genre', GENRES_100K.map((name, index) => `${name}|${index}`).join('\n') + '\n\n');
  files.set('u.occupation', truth.occupations.join('\n') + '\n');
  const zipRandom = new Random((options.seed ?? 1) ^ 0x5f3759df);
  const users: string[] = [];
  for (let user = 0; user < truth.userCount; user++) {
    const zip = String(zipRandom.int(100000)).padStart(5, '0');
    users.push(`${user + 1}|${truth.age[user]}|${truth.gender[user]}|${truth.occupations[truth.occupation[user]]}|${zip}`);
  }
  files.set('u.user', users.join('\n') + '\n');
  const items: string[] = [];
  for (let item = 0; item < truth.itemCount; item++) {
    const year = truth.year[item];
    const flags = GENRES_100K.map((_, genre) => (truth.genres[item].includes(genre) ? '1' : '0')).join('|');
    const date = `${String(1 + (item % 28)).padStart(2, '0')}-${MONTHS[item % 12]}-${year}`;
    items.push(`${item + 1}|Synthetic Film ${item + 1} (${year})|${date}||http://example.invalid/film/${item + 1}|${flags}`);
  }
  files.set('u.item', items.join('\n') + '\n');
  const lines = Array.from({ length: count }, (_, index) => line(index));
  files.set('u.data', lines.join('\n') + '\n');
  // As in ml-100k, split files list ratings by user, then film.
  const byUserThenItem = Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => truth.ratingUser[a] - truth.ratingUser[b] || truth.ratingItem[a] - truth.ratingItem[b],
  );
  for (const [name, test] of splitRows(truth, new Random((options.seed ?? 1) ^ 0x2545f491))) {
    const base: string[] = [];
    const testLines: string[] = [];
    for (const index of byUserThenItem) (test[index] ? testLines : base).push(lines[index]);
    files.set(`${name}.base`, base.map((text) => `${text}\n`).join(''));
    files.set(`${name}.test`, testLines.map((text) => `${text}\n`).join(''));
  }
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(folder, name), content);
}

/** Distinct, increasing timestamps in the ml-100k era. */
function timestamp(index: number): number {
  return 874724710 + index * 1733;
}

/**
 * Test membership per rating: u1..u5 put each rating in exactly one of five disjoint test parts
 * (a seeded shuffle cut in fifths); ua/ub each take up to 10 ratings per user (at most half of a
 * user's ratings, so that the two stay disjoint and every user keeps training ratings).
 */
function splitRows(truth: SyntheticTruth, random: Random): Array<[string, Uint8Array]> {
  const count = truth.rating.length;
  const splits: Array<[string, Uint8Array]> = [];
  const shuffle = random.permutation(count);
  for (let part = 0; part < 5; part++) {
    const test = new Uint8Array(count);
    const from = Math.floor((part * count) / 5);
    const to = Math.floor(((part + 1) * count) / 5);
    for (let position = from; position < to; position++) test[shuffle[position]] = 1;
    splits.push([`u${part + 1}`, test]);
  }
  const byUser: number[][] = Array.from({ length: truth.userCount }, () => []);
  for (let index = 0; index < count; index++) byUser[truth.ratingUser[index]].push(index);
  const ua = new Uint8Array(count);
  const ub = new Uint8Array(count);
  for (const rows of byUser) {
    const order = random.permutation(rows.length);
    const take = Math.min(10, Math.floor(rows.length / 2));
    for (let position = 0; position < take; position++) {
      ua[rows[order[position]]] = 1;
      ub[rows[order[take + position]]] = 1;
    }
  }
  splits.push(['ua', ua], ['ub', ub]);
  return splits;
}
