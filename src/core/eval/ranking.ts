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
 * Ranking many lists, a ListRanker does the same without allocating per list.
 */
export function listMetrics(scores: ArrayLike<number>, relevant: ArrayLike<number>, count: number, k: number): ListMetrics | undefined {
  const ranker = new ListRanker();
  if (!ranker.rankList(scores, relevant, count, k)) return undefined;
  return { precision: ranker.precision, recall: ranker.recall, ndcg: ranker.ndcg, averagePrecision: ranker.averagePrecision };
}

/** Throws unless k is an integer ≥ 1. */
export function checkCutoff(k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
}

/**
 * listMetrics for list after list, into its own fields (the ListMetrics of the last list ranked),
 * with buffers grown as needed and kept: ranking 943 users × 1600 candidates per fold allocated
 * several arrays per user, whose collection showed in the profile.
 */
export class ListRanker implements ListMetrics {
  precision = 0;
  recall = 0;
  ndcg = 0;
  averagePrecision = 0;
  /** The distinct scores of the relevant entries, descending: value[0..groups). */
  private value = new Float64Array(8);
  /** Relevant entries at each level, and strictly above it. */
  private relevantCount = new Float64Array(8);
  private relevantAbove = new Float64Array(8);
  /** Entries scoring strictly above each level (one more entry: below every level), and exactly at it. */
  private above = new Float64Array(9);
  private equal = new Float64Array(8);
  private groups = 0;
  private readonly buckets = new LevelBuckets();
  private bucketed = false;
  /** The relevant entries' scores, sorted in place when a list starts. */
  private relevantScores = new Float64Array(8);
  /** addKept's best scores so far, beside their indices. */
  private topScores = new Float64Array(0);

  /** listMetrics(scores, relevant, count, k) into this; false (fields untouched) when no entry is relevant. */
  rankList(scores: ArrayLike<number>, relevant: ArrayLike<number>, count: number, k: number): boolean {
    checkCutoff(k);
    const relevantScores = this.relevantBuffer(count);
    let relevantTotal = 0;
    for (let index = 0; index < count; index++) if (relevant[index]) relevantScores[relevantTotal++] = orderable(scores[index]);
    if (!this.startList(relevantTotal)) return false;
    for (let index = 0; index < count; index++) this.add(orderable(scores[index]));
    this.finish(k);
    return true;
  }

  /** A buffer of at least `count` entries for the relevant scores of the next startList. */
  relevantBuffer(count: number): Float64Array {
    if (this.relevantScores.length < count) this.relevantScores = new Float64Array(Math.max(count, 2 * this.relevantScores.length));
    return this.relevantScores;
  }

  /**
   * Starts a list whose relevant entries score relevantBuffer()[0..count) (NaN already made −∞;
   * reordered here); false when count is 0: the list has no metrics. `bucketsPerLevel` sizes the
   * level lookup (LevelBuckets): more buckets leave fewer entries sharing one with a level, whose
   * comparisons mispredict, for a table that costs more to build; 8 suits ~1600 films against ~30
   * levels (addKept 16-21 → 12-13 ns an entry, against 2), 2 a short list.
   */
  startList(count: number, bucketsPerLevel = 2): boolean {
    if (count === 0) {
      // No levels: addKept then only picks the top entries.
      this.groups = 0;
      return false;
    }
    // Ascending, as numbers (a typed array's own sort), read backwards: descending.
    const sorted = this.relevantScores.subarray(0, count).sort();
    if (this.value.length < count) {
      const size = Math.max(count, 2 * this.value.length);
      this.value = new Float64Array(size);
      this.relevantCount = new Float64Array(size);
      this.relevantAbove = new Float64Array(size);
      this.above = new Float64Array(size + 1);
      this.equal = new Float64Array(size);
    }
    const { value, relevantCount, relevantAbove } = this;
    let groups = 0;
    for (let index = count - 1; index >= 0; index--) {
      const score = sorted[index];
      if (groups > 0 && value[groups - 1] === score) relevantCount[groups - 1]++;
      else {
        value[groups] = score;
        relevantCount[groups] = 1;
        groups++;
      }
    }
    relevantAbove[0] = 0;
    for (let group = 1; group < groups; group++) relevantAbove[group] = relevantAbove[group - 1] + relevantCount[group - 1];
    this.above.fill(0, 0, groups + 1);
    this.equal.fill(0, 0, groups);
    this.groups = groups;
    this.bucketed = this.buckets.reset(value, groups, bucketsPerLevel);
    return true;
  }

  /** Counts one entry of the started list (its score with NaN made −∞). */
  add(score: number): void {
    const groups = this.groups;
    const value = this.value;
    // Below every level (most unrated films): it would count only in above[groups], which
    // nothing reads.
    if (score < value[groups - 1]) return;
    // Levels are descending and distinct: `higher` of them lie above the score, `notLower` at or
    // above it (one more when the next level is the score itself).
    const higher = this.bucketed ? this.buckets.levelsAbove(value, score) : levelsAbove(value, score, groups);
    const notLower = higher < groups && value[higher] === score ? higher + 1 : higher;
    if (notLower > higher) this.equal[higher]++;
    this.above[notLower]++; // the score is above every level from index notLower on
  }

  /**
   * Adds `scores[index]` for every index in [0, length) with skip[index] ≠ 1 (left out of the list)
   * and returns the best `k` of them as topEntries would over the kept entries, their indices into
   * `scores` in `top`: one pass over the scores for both.
   */
  addKept(scores: ArrayLike<number>, skip: Uint8Array, length: number, k: number, top: Int32Array): number {
    const { groups, value, above, equal, buckets, bucketed } = this;
    const counting = groups > 0;
    const lowest = counting ? value[groups - 1] : 0;
    if (this.topScores.length < k) this.topScores = new Float64Array(k);
    const topScores = this.topScores;
    let size = 0;
    for (let index = 0; index < length; index++) {
      if (skip[index] === 1) continue;
      const score = orderable(scores[index]);
      if (counting && score >= lowest) {
        const higher = bucketed ? buckets.levelsAbove(value, score) : levelsAbove(value, score, groups);
        const notLower = higher < groups && value[higher] === score ? higher + 1 : higher;
        if (notLower > higher) equal[higher]++;
        above[notLower]++;
      }
      // As topEntries: strictly greater moves up, an equal score stays behind the earlier index.
      if (size === k && !(score > topScores[k - 1])) continue;
      let position = size < k ? size++ : k - 1;
      while (position > 0 && score > topScores[position - 1]) {
        top[position] = top[position - 1];
        topScores[position] = topScores[position - 1];
        position--;
      }
      top[position] = index;
      topScores[position] = score;
    }
    return size;
  }

  /** The metrics of the started list, every entry added, cut at k (checked by the caller). */
  finish(k: number): void {
    const { groups, above } = this;
    for (let group = 1; group < groups; group++) above[group] += above[group - 1];
    this.setMetrics(metricsOfLevels(groups, above, this.equal, this.relevantCount, this.relevantAbove, k));
  }

  /** Sets the four figures (they are the ListMetrics this ranker is). */
  setMetrics(metrics: ListMetrics): void {
    this.precision = metrics.precision;
    this.recall = metrics.recall;
    this.ndcg = metrics.ndcg;
    this.averagePrecision = metrics.averagePrecision;
  }
}

/**
 * The metrics from a list's levels (the distinct scores of its relevant entries, descending):
 * `above[g]` entries score strictly above level g and `equal[g]` exactly at it, `relevantCount[g]`
 * of them relevant, `relevantAbove[g]` relevant entries above it. Every list path ends here, so
 * equal counts give equal figures to the last bit.
 */
export function metricsOfLevels(
  groups: number,
  above: ArrayLike<number>,
  equal: ArrayLike<number>,
  relevantCount: ArrayLike<number>,
  relevantAbove: ArrayLike<number>,
  k: number,
): ListMetrics {
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

/** How many of the descending `levels[0..groups)` are above `score`: a binary search. */
export function levelsAbove(levels: Float64Array, score: number, groups = levels.length): number {
  let low = 0;
  let high = groups;
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
 * Reset for each list, keeping its table.
 */
export class LevelBuckets {
  private highest = 0;
  private scale = 0;
  private last = 0;
  /** Levels in the buckets before each bucket (one more entry: all of them). */
  private first = new Int32Array(0);

  /** Undefined when the levels' range is not a positive finite number (one level, or ±∞ among them). */
  static of(levels: Float64Array, bucketsPerLevel = 2): LevelBuckets | undefined {
    const table = new LevelBuckets();
    return table.reset(levels, levels.length, bucketsPerLevel) ? table : undefined;
  }

  /**
   * Builds the table for the descending `levels[0..groups)`, `bucketsPerLevel` buckets per level
   * (any number ≥ 1 gives the same counts); false (no table) as `of` gives undefined.
   */
  reset(levels: Float64Array, groups: number, bucketsPerLevel = 2): boolean {
    const highest = levels[0];
    const range = highest - levels[groups - 1];
    if (!(range > 0 && range < Number.POSITIVE_INFINITY)) return false;
    const count = bucketsPerLevel * groups;
    this.highest = highest;
    this.scale = count / range;
    this.last = count - 1;
    if (this.first.length < count + 1) this.first = new Int32Array(Math.max(count + 1, 2 * this.first.length));
    const first = this.first;
    first.fill(0, 0, count + 1);
    for (let group = 0; group < groups; group++) first[this.bucket(levels[group]) + 1]++;
    for (let bucket = 0; bucket < count; bucket++) first[bucket + 1] += first[bucket];
    return true;
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
export function orderable(score: number): number {
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
