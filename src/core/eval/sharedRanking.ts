/**
 * The tie-aware metrics of ranking.ts for lists whose scores are the same for every user (the
 * popularity baseline), without walking every film per user. The films are put in one descending
 * order once; a user's candidates are all films but the user's excluded ones (rated in training),
 * so the candidates above a score are the films above it less the user's excluded films above it.
 * That costs O(R log R + E log G) per user (R relevant films, E excluded, G levels) instead of
 * O(films), and gives the same counts, hence the same figures to the last bit (metricsOfLevels).
 */
import { metricsOfLevels, orderable } from './ranking';
import type { ListMetrics } from './ranking';

export class SharedOrderRanking {
  /** Films by score descending, equal scores by index (topEntries' order). */
  private readonly order: Int32Array;
  /** Per film: the index of its score among the distinct scores, descending (0 the highest). */
  private readonly distinctOf: Int32Array;
  /** Per distinct score: films strictly above it, and films exactly at it. */
  private readonly distinctAbove: Float64Array;
  private readonly distinctEqual: Float64Array;
  /** Per user, grown as needed: the levels (as distinct indices, ascending) and their counts. */
  private levelDistinct = new Int32Array(8);
  private relevantCount = new Float64Array(8);
  private relevantAbove = new Float64Array(8);
  private above = new Float64Array(8);
  private equal = new Float64Array(8);
  /** Excluded films above each level, before the running sum. */
  private excludedAbove = new Float64Array(8);
  /** Films excluded for the user being ranked (set and cleared per user). */
  private readonly excludedFlag: Uint8Array;
  /** The relevant films' distinct indices, sorted per user. */
  private scratch = new Int32Array(8);

  /** `scores[film]` for every film, the same for every user. */
  constructor(scores: ArrayLike<number>, filmCount: number) {
    const values = Float64Array.from({ length: filmCount }, (_, film) => orderable(scores[film]));
    this.order = Int32Array.from({ length: filmCount }, (_, film) => film).sort((first, second) =>
      values[second] > values[first] ? 1 : values[second] < values[first] ? -1 : first - second,
    );
    this.distinctOf = new Int32Array(filmCount);
    const above: number[] = [];
    const equal: number[] = [];
    for (let position = 0; position < filmCount; position++) {
      const film = this.order[position];
      if (position === 0 || values[film] !== values[this.order[position - 1]]) {
        above.push(position);
        equal.push(0);
      }
      this.distinctOf[film] = above.length - 1;
      equal[equal.length - 1]++;
    }
    this.distinctAbove = Float64Array.from(above);
    this.distinctEqual = Float64Array.from(equal);
    this.excludedFlag = new Uint8Array(filmCount);
  }

  /**
   * The metrics of one user's list, cut at `k` (checked by the caller): the candidates are every
   * film but `excluded[0..excludedCount)`, the relevant ones `relevant[0..relevantTotal)` (≥ 1;
   * both without repeats, and no film in both).
   */
  metrics(relevant: Int32Array, relevantTotal: number, excluded: Int32Array, excludedCount: number, k: number): ListMetrics {
    this.ensureLevels(relevantTotal);
    const { distinctOf, distinctAbove, distinctEqual, levelDistinct, relevantCount, relevantAbove, above, equal, excludedAbove } = this;
    // The relevant films' distinct indices, ascending: their scores descending.
    const sorted = this.relevantScratch(relevantTotal);
    for (let index = 0; index < relevantTotal; index++) sorted[index] = distinctOf[relevant[index]];
    sorted.subarray(0, relevantTotal).sort();
    let groups = 0;
    for (let index = 0; index < relevantTotal; index++) {
      const distinct = sorted[index];
      if (groups > 0 && levelDistinct[groups - 1] === distinct) relevantCount[groups - 1]++;
      else {
        levelDistinct[groups] = distinct;
        relevantCount[groups] = 1;
        equal[groups] = distinctEqual[distinct];
        excludedAbove[groups] = 0;
        groups++;
      }
    }
    relevantAbove[0] = 0;
    for (let group = 1; group < groups; group++) relevantAbove[group] = relevantAbove[group - 1] + relevantCount[group - 1];
    for (let index = 0; index < excludedCount; index++) {
      const distinct = distinctOf[excluded[index]];
      // The first level not above the film's score; the film is above every level after it.
      let low = 0;
      let high = groups;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (levelDistinct[middle] < distinct) low = middle + 1;
        else high = middle;
      }
      if (low < groups && levelDistinct[low] === distinct) equal[low++]--;
      if (low < groups) excludedAbove[low]++;
    }
    let running = 0;
    for (let group = 0; group < groups; group++) {
      running += excludedAbove[group];
      above[group] = distinctAbove[levelDistinct[group]] - running;
    }
    return metricsOfLevels(groups, above, equal, relevantCount, relevantAbove, k);
  }

  /** The best k films but `excluded[0..excludedCount)` into `top`, best first, as topEntries over the candidates; returns their number. */
  best(excluded: Int32Array, excludedCount: number, k: number, top: Int32Array): number {
    const { order, excludedFlag } = this;
    for (let index = 0; index < excludedCount; index++) excludedFlag[excluded[index]] = 1;
    let size = 0;
    for (let position = 0; position < order.length && size < k; position++) {
      const film = order[position];
      if (excludedFlag[film] === 0) top[size++] = film;
    }
    for (let index = 0; index < excludedCount; index++) excludedFlag[excluded[index]] = 0;
    return size;
  }

  private relevantScratch(count: number): Int32Array {
    if (this.scratch.length < count) this.scratch = new Int32Array(Math.max(count, 2 * this.scratch.length));
    return this.scratch;
  }

  private ensureLevels(count: number): void {
    if (this.levelDistinct.length >= count) return;
    const size = Math.max(count, 2 * this.levelDistinct.length);
    this.levelDistinct = new Int32Array(size);
    this.relevantCount = new Float64Array(size);
    this.relevantAbove = new Float64Array(size);
    this.above = new Float64Array(size);
    this.equal = new Float64Array(size);
    this.excludedAbove = new Float64Array(size);
  }
}
