import assert from 'node:assert/strict';
import type { ListMetrics } from '../../../src/core/eval/ranking';
import { LevelBuckets, ListRanker, levelsAbove, listMetrics, topEntries } from '../../../src/core/eval/ranking';
import { Random } from '../../../src/core/random';
import { plainListMetrics } from './fixtures';

const discount = (position: number): number => 1 / Math.log2(position + 1);

function assertClose(actual: ListMetrics | undefined, expected: ListMetrics, message = ''): void {
  assert.ok(actual !== undefined, `no metrics ${message}`);
  for (const key of Object.keys(expected) as (keyof ListMetrics)[]) {
    assert.ok(Math.abs(actual[key] - expected[key]) < 1e-12, `${key}: ${actual[key]} vs ${expected[key]} ${message}`);
  }
}

/** The metrics of one strict order (relevance flags, best first), straight from the definitions. */
function orderedMetrics(order: readonly number[], k: number): ListMetrics {
  const total = order.reduce((sum, flag) => sum + flag, 0);
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  let seen = 0;
  order.forEach((flag, index) => {
    if (!flag) return;
    seen++;
    precisionSum += seen / (index + 1);
    if (index < k) {
      hits++;
      dcg += discount(index + 1);
    }
  });
  let ideal = 0;
  for (let position = 1; position <= Math.min(total, k); position++) ideal += discount(position);
  return { precision: hits / k, recall: hits / total, ndcg: dcg / ideal, averagePrecision: precisionSum / total };
}

/** Every permutation of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) => Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]));
}

/** The mean over every order of the tied entries (all score-descending permutations), by brute force. */
function expectedOverTies(scores: readonly number[], relevant: readonly number[], k: number): ListMetrics {
  const orders = permutations(scores.length).filter((order) =>
    order.every((entry, position) => position === 0 || scores[order[position - 1]] >= scores[entry]),
  );
  const sum = { precision: 0, recall: 0, ndcg: 0, averagePrecision: 0 };
  for (const order of orders) {
    const metrics = orderedMetrics(
      order.map((entry) => relevant[entry]),
      k,
    );
    for (const key of Object.keys(sum) as (keyof ListMetrics)[]) sum[key] += metrics[key] / orders.length;
  }
  return sum;
}

describe('ranking metrics of one list', () => {
  it('a list without ties, hand-computed: P@3, R@3, NDCG@3 and AP', () => {
    // Ranked: relevant, not, relevant, not, relevant. Top 3 holds 2 of the 3 relevant films.
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5];
    const relevant = [1, 0, 1, 0, 1];
    const expected = {
      precision: 2 / 3,
      recall: 2 / 3,
      ndcg: (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3) + 1 / Math.log2(4)),
      averagePrecision: (1 / 1 + 2 / 3 + 3 / 5) / 3,
    };
    assertClose(listMetrics(scores, relevant, 5, 3), expected);
    // The input order does not matter, only the scores.
    assertClose(listMetrics([0.5, 0.7, 0.9, 0.6, 0.8], [1, 1, 1, 0, 0], 5, 3), expected);
  });

  it('k larger than the list: precision is over k, recall 1, NDCG over min(R, k) ideal positions', () => {
    // Ranked: not, relevant, relevant.
    const expected = {
      precision: 2 / 10,
      recall: 1,
      ndcg: (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)),
      averagePrecision: (1 / 2 + 2 / 3) / 2,
    };
    assertClose(listMetrics([3, 2, 1], [0, 1, 1], 3, 10), expected);
  });

  it('ties: the expectation over both orders of a tied pair', () => {
    // Relevant first: P@1 1, AP 1; relevant second: P@1 0, AP 1/2. Mean: 1/2 and 3/4.
    assertClose(listMetrics([1, 1], [1, 0], 2, 1), { precision: 0.5, recall: 0.5, ndcg: 0.5, averagePrecision: 0.75 });
    // Three tied, two relevant: the non-relevant film is first, second or third (AP 7/12, 5/6, 1).
    const averagePrecision = (7 / 12 + 5 / 6 + 1) / 3;
    assert.ok(Math.abs((listMetrics([2, 2, 2], [1, 0, 1], 3, 10)?.averagePrecision ?? 0) - averagePrecision) < 1e-12);
  });

  it('ties in random lists: equal to the mean over every order of the tied films (brute force)', () => {
    const random = new Random(11);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + (random.nextUint32() % 7);
      // Few distinct scores, so most lists have ties, some across the cut-off.
      const scores = Array.from({ length }, () => random.nextUint32() % 3);
      const relevant = Array.from({ length }, () => (random.nextUint32() % 2 === 0 ? 1 : 0));
      const k = 1 + (random.nextUint32() % 4);
      const actual = listMetrics(scores, relevant, length, k);
      if (!relevant.includes(1)) {
        assert.equal(actual, undefined);
        continue;
      }
      assertClose(actual, expectedOverTies(scores, relevant, k), `scores ${scores} relevant ${relevant} k ${k}`);
    }
  });

  it('no relevant film: undefined (no recall, NDCG or AP); count limits the list read', () => {
    assert.equal(listMetrics([3, 2, 1], [0, 0, 0], 3, 10), undefined);
    assert.equal(listMetrics([], [], 0, 10), undefined);
    // Only the first two entries are the list: the relevant third is scratch beyond it.
    assert.equal(listMetrics([3, 2, 1], [0, 0, 1], 2, 10), undefined);
  });

  it('the bucket lookup counts the levels above a score exactly as the binary search, ties and neighbours included', () => {
    const random = new Random(5);
    for (let trial = 0; trial < 300; trial++) {
      const groups = 2 + (random.nextUint32() % 40);
      // Clustered or spread levels, some a few ulps apart (where rounding could misplace a bucket).
      const spread = trial % 3 === 0 ? 1e-12 : 10;
      const drawn = new Set<number>();
      while (drawn.size < groups) {
        const level = random.normal() * spread;
        drawn.add(level);
        if (random.uniform() < 0.2) drawn.add(level + Number.EPSILON * Math.abs(level));
      }
      const levels = Float64Array.from([...drawn].sort((first, second) => second - first));
      // Any number of buckets per level gives the same counts (addKept's lists use 8).
      const buckets = LevelBuckets.of(levels, [1, 2, 8, 16][trial % 4]);
      assert.ok(buckets !== undefined);
      const lowest = levels[levels.length - 1];
      const probes = [...levels, ...levels.map((level) => level + Number.EPSILON * Math.abs(level)), levels[0] * 2 + 1];
      for (let probe = 0; probe < 50; probe++) probes.push(lowest + random.uniform() * (levels[0] - lowest));
      for (const score of probes) {
        if (score < lowest) continue;
        const linear = levels.filter((level) => level > score).length;
        assert.equal(buckets.levelsAbove(levels, score), linear, `score ${score}`);
        assert.equal(levelsAbove(levels, score), linear);
      }
    }
    // One level, or an infinite one: no buckets (the binary search instead).
    assert.equal(LevelBuckets.of(Float64Array.from([1])), undefined);
    assert.equal(LevelBuckets.of(Float64Array.from([1, Number.NEGATIVE_INFINITY])), undefined);
  });

  it('NaN ranks last; k must be a positive integer', () => {
    assertClose(listMetrics([Number.NaN, 1, 0], [1, 0, 0], 3, 1), { precision: 0, recall: 0, ndcg: 0, averagePrecision: 1 / 3 });
    assert.throws(() => listMetrics([1], [1], 1, 0), /k must be an integer ≥ 1, got 0/);
  });

  it('topEntries: the k best, equal scores in index order, fewer when the list is short', () => {
    const out = new Int32Array(3);
    assert.equal(topEntries([1, 5, 3, 5, 4, 3], 6, 3, out), 3);
    assert.deepEqual([...out], [1, 3, 4]);
    assert.equal(topEntries([2, 2, 2, 2], 4, 3, out), 3);
    assert.deepEqual([...out], [0, 1, 2]);
    assert.equal(topEntries([Number.NaN, 1], 2, 3, out), 2);
    assert.deepEqual([...out.slice(0, 2)], [1, 0]);
  });

  it('listMetrics and a ListRanker reused over many lists give the figures of plain counting to the last bit; addKept also topEntries of the kept entries', () => {
    const random = new Random(23);
    const ranker = new ListRanker();
    const top = new Int32Array(12);
    for (let trial = 0; trial < 400; trial++) {
      // Short and long lists in turn (the buffers grow and are reused), many ties, a few NaN.
      const length = trial % 5 === 0 ? 200 + (random.nextUint32() % 300) : random.nextUint32() % 12;
      const distinct = 1 + (random.nextUint32() % 6);
      const scores = Float64Array.from({ length }, () =>
        random.uniform() < 0.05 ? Number.NaN : trial % 2 === 0 ? random.nextUint32() % distinct : random.normal(),
      );
      const skip = Uint8Array.from({ length }, () => random.nextUint32() % 4);
      const relevant = Uint8Array.from({ length }, (_, index) =>
        skip[index] === 2 || (skip[index] !== 1 && random.uniform() < 0.1) ? 1 : 0,
      );
      const k = 1 + (random.nextUint32() % 12);
      const expected = plainListMetrics(scores, relevant, length, k);
      const single = listMetrics(scores, relevant, length, k);
      assert.equal(ranker.rankList(scores, relevant, length, k), expected !== undefined);
      assert.equal(single === undefined, expected === undefined);
      if (expected !== undefined && single !== undefined) {
        for (const key of Object.keys(expected) as (keyof ListMetrics)[]) {
          assert.ok(Object.is(ranker[key], expected[key]) && Object.is(single[key], expected[key]), `${key} (trial ${trial})`);
        }
      }

      // The kept entries (skip ≠ 1) compacted, as the unrated-films protocol did before addKept.
      const kept = [...scores.keys()].filter((index) => skip[index] !== 1);
      const keptScores = kept.map((index) => scores[index]);
      const keptRelevant = kept.map((index) => relevant[index]);
      const keptExpected = plainListMetrics(keptScores, keptRelevant, kept.length, k);
      const relevantScores = ranker.relevantBuffer(kept.length);
      let relevantTotal = 0;
      for (const index of kept)
        if (relevant[index]) relevantScores[relevantTotal++] = Number.isNaN(scores[index]) ? -Infinity : scores[index];
      assert.equal(ranker.startList(relevantTotal, trial % 2 === 0 ? 8 : 2), keptExpected !== undefined);
      const size = ranker.addKept(scores, skip, length, k, top);
      const expectedTop = new Int32Array(k);
      const expectedSize = topEntries(keptScores, kept.length, k, expectedTop);
      assert.equal(size, expectedSize);
      assert.deepEqual(
        [...top.subarray(0, size)],
        [...expectedTop.subarray(0, size)].map((position) => kept[position]),
      );
      if (keptExpected === undefined) continue;
      ranker.finish(k);
      for (const key of Object.keys(keptExpected) as (keyof ListMetrics)[]) {
        assert.ok(Object.is(ranker[key], keptExpected[key]), `${key}: ${ranker[key]} vs ${keptExpected[key]} (trial ${trial})`);
      }
    }
  });
});
