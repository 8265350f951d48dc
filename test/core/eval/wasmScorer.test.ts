import * as assert from 'node:assert/strict';
import { createWasmGroupScorer, SCORE_GROUP } from '../../../src/core/eval/wasmScorer';
import { Random } from '../../../src/core/random';

// embeddingScorer's scoreGroup runs this scorer; foldRanking.test.ts checks it against score() bit for bit.
describe('the unrated-films dot products in WebAssembly (SIMD)', () => {
  it('give each film the sum of its products with each user of the group, factor after factor, as the scalar loop does', () => {
    const random = new Random(3);
    for (const [itemCount, dimension] of [
      [13, 9],
      [4, 160],
      [2, 1],
      [7, 3],
    ]) {
      const itemRows = Float64Array.from({ length: itemCount * dimension }, () => random.normal());
      const userFactors = Float32Array.from({ length: 5 * dimension }, () => random.normal());
      const scorer = createWasmGroupScorer(itemRows, userFactors, itemCount, dimension);
      assert.ok(scorer !== null, 'WebAssembly with SIMD runs here');
      for (const users of [[2, 1, 4, 0], [3, 0, 1], [4]]) {
        const dots = scorer.scoreGroup(users, users.length);
        for (let item = 0; item < itemCount; item++) {
          for (let lane = 0; lane < users.length; lane++) {
            const user = users[lane];
            let dot = 0;
            for (let factor = 0; factor < dimension; factor++)
              dot += userFactors[user * dimension + factor] * itemRows[item * dimension + factor];
            assert.ok(Object.is(dots[SCORE_GROUP * item + lane], dot), `film ${item}, lane ${lane}, user ${user}`);
          }
        }
      }
    }
  });

  it('refuse a group of no users or more than four', () => {
    const scorer = createWasmGroupScorer(new Float64Array(4), new Float32Array(8), 2, 2);
    assert.ok(scorer !== null);
    assert.throws(() => scorer.scoreGroup([], 0), /0 users/);
    assert.throws(() => scorer.scoreGroup([0, 1, 2, 3, 0], 5), /5 users/);
  });

  it('leave films over the size bound to JavaScript', () => {
    // 70k films of dimension 160 is 90 MB of rows.
    assert.equal(createWasmGroupScorer(new Float64Array(0), new Float32Array(160), 70_000, 160), null);
  });
});
