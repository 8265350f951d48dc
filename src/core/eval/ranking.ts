/**
 * Top-k ranking metrics of one user's ranked list with binary relevance:
 * - Precision@k = hits in the top k / k (k fixed: a list shorter than k caps it below 1);
 * - Recall@k = hits in the top k / R, R the relevant films of the list;
 * - NDCG@k = DCG@k / IDCG@k with DCG@k = Σ_{p ≤ k} rel_p / log2(p + 1) and IDCG@k the DCG of the
 *   ideal order, Σ_{p ≤ min(R, k)} 1 / log2(p + 1) (Järvelin & Kekäläinen, "Cumulated gain-based
 *   evaluation of IR techniques", ACM TOIS 20(4), 2002);
 * - AP = (1/R) Σ over relevant films of the precision at their position, over the whole list (no
 *   cut-off); MAP is its mean over users (Manning, Raghavan & Schütze, Introduction to Information
 *   Retrieval, 2008, §8.4).
 * Ties are scored as the expectation over every order of the tied films (McSherry & Najork,
 * "Computing information retrieval performance measures efficiently in the presence of tied
 * scores", ECIR 2008): a model that gives many films one score (popularity counts, cold films)
 * gets neither a lucky nor an unlucky tie-break, and the result does not depend on film indices.
 * A list without relevant films has no recall, NDCG or AP: it gives undefined.
 */

export interface ListMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly averagePrecision: number;
}

/**
 * Tie-aware metrics of the list `scores[0..count)` (higher first) with `relevant[index]` non-zero
 * for relevant entries, cut at `k`; undefined when no entry is relevant. NaN scores rank last.
 * Cost O(count · log G + R log R), G the distinct scores of relevant entries: it needs, per
 * such score, only how many entries score above it and how many equal it, not a full sort.
 */
export function listMetrics(scores: ArrayLike<number>, relevant: ArrayLike<number>, count: number, k: number): ListMetrics | undefined {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  const levels = relevantLevels(scores, relevant, count);
  if (levels === undefined) return undefined;
  const { value, relevantCount, relevantAbove } = levels;
  const groups = value.length;
  // above[g]: entries scoring strictly above level g; equal[g]: entries scoring exactly level g.
  const above = new Float64Array(groups + 1);
  const equal = new Float64Array(groups);
  const lowest = value[groups - 1];
  const buckets = LevelBuckets.of(value);
  for (let index = 0; index < count; index++) {
    const score = orderable(scores[index]);
    // Below every level (most unrated films): it would count only in above[groups], which
    // nothing reads.
    if (score < lowest) continue;
    // Levels are descending and distinct: `higher` of them lie above the score, `notLower` at or
    // above it (one more when the next level is the score itself).
    const higher = buckets === undefined ? levelsAbove(value, score) : buckets.levelsAbove(value, score);
    const notLower = higher < groups && value[higher] === score ? higher + 1 : higher;
    if (notLower > higher) equal[higher]++;
    above[notLower]++; // the score is above every level from index notLower on
  }
  for (let group = 1; group < groups; group++) above[group] += above[group - 1];

  const totalRelevant = relevantAbove[groups - 1] + relevantCount[groups - 1];
  let hits = 0;
  let dcg = 0;
  let averagePrecision = 0;
  for (let group = 0; group < groups; group++) {
    const start = above[group];
    const size = equal[group];
    const inGroup = relevantCount[group];
    const before = relevantAbove[group];
    const share = inGroup / size;
    const lastInTop = Math.min(start + size, k);
    if (lastInTop > start) {
      hits += share * (lastInTop - start);
      for (let position = start + 1; position <= lastInTop; position++) dcg += share / Math.log2(position + 1);
    }
    averagePrecision += inGroup * expectedPrecisionAtRelevant(start, size, inGroup, before);
  }
  let idealDcg = 0;
  for (let position = 1; position <= Math.min(totalRelevant, k); position++) idealDcg += 1 / Math.log2(position + 1);
  return {
    precision: hits / k,
    recall: hits / totalRelevant,
    ndcg: dcg / idealDcg,
    averagePrecision: averagePrecision / totalRelevant,
  };
}

/**
 * The expected precision at a relevant entry's position when it is one of `inGroup` relevant
 * entries among `size` tied ones at positions start+1 .. start+size, `before` relevant entries
 * ranking above the group: its position is uniform over the group, and the relevant entries
 * ahead of it inside the group are hypergeometric (McSherry & Najork 2008, §3).
 */
function expectedPrecisionAtRelevant(start: number, size: number, inGroup: number, before: number): number {
  const othersRate = size > 1 ? (inGroup - 1) / (size - 1) : 0;
  let total = 0;
  for (let offset = 1; offset <= size; offset++) total += (before + 1 + (offset - 1) * othersRate) / (start + offset);
  return total / size;
}

interface RelevantLevels {
  /** The distinct scores of relevant entries, descending. */
  readonly value: Float64Array;
  /** Relevant entries at each level. */
  readonly relevantCount: Float64Array;
  /** Relevant entries strictly above each level. */
  readonly relevantAbove: Float64Array;
}

function relevantLevels(scores: ArrayLike<number>, relevant: ArrayLike<number>, count: number): RelevantLevels | undefined {
  const relevantScores: number[] = [];
  for (let index = 0; index < count; index++) if (relevant[index]) relevantScores.push(orderable(scores[index]));
  if (relevantScores.length === 0) return undefined;
  relevantScores.sort((first, second) => second - first);
  const value: number[] = [];
  const relevantCount: number[] = [];
  for (const score of relevantScores) {
    if (value.length > 0 && value[value.length - 1] === score) relevantCount[relevantCount.length - 1]++;
    else {
      value.push(score);
      relevantCount.push(1);
    }
  }
  const relevantAbove = new Float64Array(value.length);
  for (let group = 1; group < value.length; group++) relevantAbove[group] = relevantAbove[group - 1] + relevantCount[group - 1];
  return { value: Float64Array.from(value), relevantCount: Float64Array.from(relevantCount), relevantAbove };
}

/** How many of the descending `levels` are above `score`: a binary search. */
export function levelsAbove(levels: Float64Array, score: number): number {
  let low = 0;
  let high = levels.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (levels[middle] > score) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A lookup that replaces most of the binary search of levelsAbove (its branches, taken at random,
 * were most of listMetrics' time): the range [lowest, highest level] is cut into equal buckets,
 * and a score is compared only with the levels in its own bucket. Exact whatever the rounding:
 * the bucket of a score, floor((highest − score) · scale), never decreases as the score falls,
 * so every level of an earlier bucket is above the score and every level of a later one below.
 */
export class LevelBuckets {
  private constructor(
    private readonly highest: number,
    private readonly scale: number,
    private readonly last: number,
    /** Levels in the buckets before each bucket (one more entry: all of them). */
    private readonly first: Int32Array,
  ) {}

  /** Undefined when the levels' range is not a positive finite number (one level, or ±∞ among them). */
  static of(levels: Float64Array): LevelBuckets | undefined {
    const groups = levels.length;
    const highest = levels[0];
    const range = highest - levels[groups - 1];
    if (!(range > 0 && range < Number.POSITIVE_INFINITY)) return undefined;
    const count = 2 * groups;
    const scale = count / range;
    const first = new Int32Array(count + 1);
    const table = new LevelBuckets(highest, scale, count - 1, first);
    for (let group = 0; group < groups; group++) first[table.bucket(levels[group]) + 1]++;
    for (let bucket = 0; bucket < count; bucket++) first[bucket + 1] += first[bucket];
    return table;
  }

  /** For lowest ≤ score; a score above the highest level lands in bucket 0 with no level before it. */
  bucket(score: number): number {
    const position = Math.floor((this.highest - score) * this.scale);
    return position < 0 ? 0 : position > this.last ? this.last : position;
  }

  /** What levelsAbove(levels, score) returns, for lowest ≤ score. */
  levelsAbove(levels: Float64Array, score: number): number {
    const bucket = this.bucket(score);
    let higher = this.first[bucket];
    const end = this.first[bucket + 1];
    while (higher < end && levels[higher] > score) higher++;
    return higher;
  }
}

/** NaN compares false with everything: it is ranked last instead, as −∞. */
function orderable(score: number): number {
  return score === score ? score : Number.NEGATIVE_INFINITY;
}

/**
 * The `k` best entries of `scores[0..count)` (fewer when count < k) into `out`, best first; equal
 * scores in index order, so the result is deterministic. For catalogue coverage, where a set of
 * films is needed rather than an expectation. O(count · k) at worst, O(count) typically.
 */
export function topEntries(scores: ArrayLike<number>, count: number, k: number, out: Int32Array): number {
  let size = 0;
  for (let index = 0; index < count; index++) {
    const score = orderable(scores[index]);
    if (size === k && !(score > orderable(scores[out[size - 1]]))) continue;
    let position = size < k ? size++ : k - 1;
    // Strictly greater moves up: an equal score stays behind the earlier (lower) index.
    while (position > 0 && score > orderable(scores[out[position - 1]])) {
      out[position] = out[position - 1];
      position--;
    }
    out[position] = index;
  }
  return size;
}
