import * as assert from 'node:assert/strict';
import { createWasmPairScorer } from '../../../src/core/eval/wasmScorer';
import { Random } from '../../../src/core/random';

// embeddingScorer's scorePair runs this scorer; foldRanking.test.ts checks it against score() bit for bit.
describe('the unrated-films dot products in WebAssembly (SIMD)', () => {
  it('give each film the sum of its products with both users, factor after factor, as the scalar loop does', () => {
    const random = new Random(3);
    for (const [itemCount, dimension] of [
      [13, 9],
      [4, 160],
      [2, 1],
    ]) {
      const itemRows = Float64Array.from({ length: itemCount * dimension }, () => random.normal());
      const userFactors = Float32Array.from({ length: 3 * dimension }, () => random.normal());
      const scorer = createWasmPairScorer(itemRows, userFactors, itemCount, dimension);
      assert.ok(scorer !== null, 'WebAssembly with SIMD runs here');
      const dots = scorer.scorePair(2, 1);
      for (let item = 0; item < itemCount; item++) {
        for (const [lane, user] of [
          [0, 2],
          [1, 1],
        ]) {
          let dot = 0;
          for (let factor = 0; factor < dimension; factor++)
            dot += userFactors[user * dimension + factor] * itemRows[item * dimension + factor];
          assert.ok(Object.is(dots[2 * item + lane], dot), `film ${item}, user ${user}`);
        }
      }
    }
  });

  it('leave films over the size bound to JavaScript', () => {
    // 70k films of dimension 160 is 90 MB of rows.
    assert.equal(createWasmPairScorer(new Float64Array(0), new Float32Array(160), 70_000, 160), null);
  });
});
