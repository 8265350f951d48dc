import assert from 'node:assert/strict';
import { embeddingRmse } from '../../../src/core/svd/embeddingRmse';
import type { TrainingEmbedding } from '../../../src/core/svd/embeddingRmse';
import { Random } from '../../../src/core/random';
import { ratingsOf } from '../eval/fixtures';

/** One prediction at a time, clipped by comparisons: the computation the unrolled loop must give to the last bit. */
function plainRmse(embedding: TrainingEmbedding, users: number[], items: number[], values: Float32Array, min: number, max: number): number {
  const { rank, globalMean, userBias, itemBias, userFactors, itemFactors } = embedding;
  let sum = 0;
  for (let index = 0; index < users.length; index++) {
    let prediction = globalMean + userBias[users[index]] + itemBias[items[index]];
    for (let factor = 0; factor < rank; factor++)
      prediction += userFactors[users[index] * rank + factor] * itemFactors[items[index] * rank + factor];
    prediction = prediction < min ? min : prediction > max ? max : prediction;
    const error = values[index] - prediction;
    sum += error * error;
  }
  return users.length > 0 ? Math.sqrt(sum / users.length) : 0;
}

describe('embeddingRmse (the SVD per-sweep RMSE)', () => {
  it('equals a plain one-rating-at-a-time loop bit for bit, for every length around the unrolling, clipped or NaN', () => {
    const random = new Random(41);
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + (random.nextUint32() % 12);
      const userCount = 5;
      const itemCount = 7;
      // Wide factors: many predictions fall outside 1..5 and are clipped; sometimes a NaN factor.
      const fill = (length: number) => Float64Array.from({ length }, () => random.normal() * 1.5);
      const embedding: TrainingEmbedding = {
        rank,
        globalMean: 3.5,
        userBias: fill(userCount),
        itemBias: fill(itemCount),
        userFactors: fill(userCount * rank),
        itemFactors: fill(itemCount * rank),
      };
      if (trial % 10 === 9) embedding.itemFactors[random.nextUint32() % embedding.itemFactors.length] = Number.NaN;
      for (let length = 0; length <= 9; length++) {
        const users = Array.from({ length }, () => random.nextUint32() % userCount);
        const items = Array.from({ length }, () => random.nextUint32() % itemCount);
        const values = Array.from({ length }, () => 1 + (random.nextUint32() % 5));
        const ratings = ratingsOf(users, items, values);
        const expected = plainRmse(embedding, users, items, ratings.rating, 1, 5);
        assert.ok(Object.is(embeddingRmse(embedding, ratings, 1, 5), expected), `trial ${trial} length ${length}`);
      }
    }
  });
});
