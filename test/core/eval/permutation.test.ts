import * as assert from 'node:assert/strict';
import { Random } from '../../../src/core/random';

/** Fisher–Yates through the generator's methods: what permutation() drew before its loop was inlined. */
function reference(random: Random, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let index = 0; index < n; index++) order[index] = index;
  for (let index = n - 1; index > 0; index--) {
    const other = random.int(index + 1);
    const kept = order[index];
    order[index] = order[other];
    order[other] = kept;
  }
  return order;
}

describe("Random.permutation (the folds' shuffle)", () => {
  it('draws exactly the shuffle of int(index + 1) per index, and leaves the stream where it would', () => {
    for (const seed of [0, 1, 7, 123456789]) {
      for (const n of [0, 1, 2, 3, 10, 1000, 100_003]) {
        const fast = new Random(seed);
        const slow = new Random(seed);
        assert.deepEqual(fast.permutation(n), reference(slow, n), `seed ${seed}, n ${n}`);
        assert.equal(fast.nextUint32(), slow.nextUint32(), `seed ${seed}, n ${n}: the next draw`);
        assert.equal(fast.normal(), slow.normal());
      }
    }
  });

  it('is a permutation', () => {
    const order = new Random(3).permutation(5000);
    assert.deepEqual(
      [...order].sort((first, second) => first - second),
      Array.from({ length: 5000 }, (_, index) => index),
    );
  });
});
