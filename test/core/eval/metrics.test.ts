import assert from 'node:assert/strict';
import { mae, meanStd, rmse } from '../../../src/core/eval/metrics';

describe('metrics', () => {
  it('rmse and mae on hand-checked vectors', () => {
    // errors 1, -2, 0, 1: squares 1+4+0+1 = 6 → √(6/4); absolute 1+2+0+1 = 4 → 1.
    const actual = [3, 1, 4, 5];
    const predicted = [2, 3, 4, 4];
    assert.equal(rmse(actual, predicted), Math.sqrt(1.5));
    assert.equal(mae(actual, predicted), 1);
    assert.equal(rmse([2], [2]), 0);
  });

  it('meanStd uses the sample standard deviation', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32/7.
    const result = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(result.mean, 5);
    assert.ok(Math.abs(result.std - Math.sqrt(32 / 7)) < 1e-15);
    assert.deepEqual(meanStd([0.9]), { mean: 0.9, std: 0 });
  });

  it('refuses mismatched or empty vectors', () => {
    assert.throws(() => rmse([1, 2], [1]), /differ in length: 2 vs 1/);
    assert.throws(() => mae([], []), /empty test set/);
  });
});
