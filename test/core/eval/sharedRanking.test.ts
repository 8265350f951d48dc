import assert from 'node:assert/strict';
import type { ListMetrics } from '../../../src/core/eval/ranking';
import { topEntries } from '../../../src/core/eval/ranking';
import { SharedOrderRanking } from '../../../src/core/eval/sharedRanking';
import { Random } from '../../../src/core/random';
import { plainListMetrics } from './fixtures';

describe('ranking lists of one shared order (the popularity fast path)', () => {
  it("gives plain counting over each user's candidates to the last bit, and the top k of topEntries, ties and NaN included", () => {
    const random = new Random(31);
    for (let trial = 0; trial < 60; trial++) {
      const films = 1 + (random.nextUint32() % 40);
      // Few distinct counts (many ties, zeros), sometimes real numbers, a few NaN.
      const distinct = 1 + (random.nextUint32() % 5);
      const scores = Float64Array.from({ length: films }, () =>
        random.uniform() < 0.05 ? Number.NaN : trial % 4 === 3 ? random.normal() : random.nextUint32() % distinct,
      );
      const shared = new SharedOrderRanking(scores, films);
      const top = new Int32Array(16);
      for (let user = 0; user < 30; user++) {
        // Each film excluded (rated in training), relevant, or neither; some users exclude all but
        // a few films (fewer candidates than k), some have no relevant film.
        const excludeRate = user % 5 === 0 ? 0.9 : random.uniform() * 0.6;
        const relevantRate = user % 7 === 0 ? 0 : random.uniform() * 0.5;
        const state = Array.from({ length: films }, () => (random.uniform() < excludeRate ? 1 : random.uniform() < relevantRate ? 2 : 0));
        const excluded = Int32Array.from(shuffled(random, filmsWhere(state, 1)));
        const relevant = Int32Array.from(shuffled(random, filmsWhere(state, 2)));
        const k = 1 + (random.nextUint32() % 15);
        const candidates = filmsWhere(state, 0)
          .concat(filmsWhere(state, 2))
          .sort((first, second) => first - second);
        const candidateScores = candidates.map((film) => scores[film]);
        const expected = plainListMetrics(
          candidateScores,
          candidates.map((film) => (state[film] === 2 ? 1 : 0)),
          candidates.length,
          k,
        );
        const message = `trial ${trial} user ${user}`;
        assert.equal(expected === undefined, relevant.length === 0, message);
        if (expected !== undefined) {
          const actual = shared.metrics(relevant, relevant.length, excluded, excluded.length, k);
          for (const key of Object.keys(expected) as (keyof ListMetrics)[]) {
            assert.ok(Object.is(actual[key], expected[key]), `${key}: ${actual[key]} vs ${expected[key]} ${message}`);
          }
        }
        const expectedTop = new Int32Array(k);
        const expectedSize = topEntries(candidateScores, candidates.length, k, expectedTop);
        const size = shared.best(excluded, excluded.length, k, top);
        assert.equal(size, expectedSize, message);
        assert.deepEqual(
          [...top.subarray(0, size)],
          [...expectedTop.subarray(0, size)].map((position) => candidates[position]),
          message,
        );
      }
    }
  });
});

function filmsWhere(state: readonly number[], value: number): number[] {
  return state.flatMap((entry, film) => (entry === value ? [film] : []));
}

function shuffled(random: Random, values: number[]): number[] {
  for (let index = values.length - 1; index > 0; index--) {
    const other = random.nextUint32() % (index + 1);
    [values[index], values[other]] = [values[other], values[index]];
  }
  return values;
}
