import assert from 'node:assert/strict';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import { subsetRatings } from '../../../src/core/data/columns';
import { trainSvdAls } from '../../../src/core/svd/trainSvdAls';
import { choleskySolve } from '../../../src/core/svd/cholesky';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import type { IterationProgress } from '../../../src/core/train/types';
import { isCancelledError } from '../../../src/core/train/types';
import { plantedData } from '../eval/fixtures';

describe('trainSvdAls', () => {
  const data = plantedData({ users: 300, items: 200, rank: 3, perUser: 60, noise: 0.1, seed: 7 });
  const [fold] = makeFolds(data, defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.2, seed: 3 }));

  it('recovers planted low-rank data far better than biases alone', () => {
    const svd = trainSvdAls(data, fold, defaultModelConfig('svd', { rank: 3, regularization: { bias: 0.1, factors: 0.1 } }));
    // Huge factor λ pins p·q to 0: the same solver reduced to μ + b_u + b_i.
    const biasOnly = trainSvdAls(data, fold, defaultModelConfig('svd', { rank: 3, regularization: { bias: 0.1, factors: 1e9 } }));
    const svdRmse = svd.history[svd.history.length - 1].testRmse ?? Number.NaN;
    const biasRmse = biasOnly.history[biasOnly.history.length - 1].testRmse ?? Number.NaN;
    assert.ok(svdRmse < 0.3, `SVD test RMSE ${svdRmse} should approach the 0.1 noise`);
    assert.ok(svdRmse < biasRmse / 3, `SVD ${svdRmse} vs bias-only ${biasRmse}`);
    assert.equal(svd.model.kind, 'svd');
    assert.equal(svd.model.dimension, 3);
    assert.equal(svd.testPredictions.length, fold.test.length);
  });

  it("reports the final test RMSE of the model's own clipped predictions (every test rating, odd count or even)", () => {
    // Few ratings, so that one left out would show.
    for (const count of [7, 8]) {
      const kept = Array.from({ length: count }, (_, index) => index);
      const test = subsetRatings(fold.test, kept);
      const fit = trainSvdAls(data, { ...fold, test }, defaultModelConfig('svd', { rank: 3, iterations: 4 }));
      let squares = 0;
      for (let index = 0; index < test.length; index++) squares += (test.rating[index] - fit.testPredictions[index]) ** 2;
      const expected = Math.sqrt(squares / test.length);
      // The model's factors are float32 (the predictions' source): close, not bit for bit.
      const reported = fit.history[fit.history.length - 1].testRmse ?? Number.NaN;
      assert.ok(Math.abs(reported - expected) < 1e-6, `${reported} vs ${expected} over ${test.length} ratings`);
    }
  });

  it('reports progress once per iteration with falling training error', () => {
    const seen: IterationProgress[] = [];
    const fit = trainSvdAls(data, fold, defaultModelConfig('svd', { rank: 3, iterations: 6 }), {
      onIteration: (progress) => seen.push(progress),
    });
    assert.deepEqual(
      seen.map((progress) => progress.iteration),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(fit.history, seen);
    assert.ok(seen[5].trainRmse < seen[0].trainRmse, `${seen[5].trainRmse} vs ${seen[0].trainRmse}`);
    assert.ok(seen.every((progress) => progress.nonFiniteUpdates === 0 && progress.testRmse !== undefined));
  });

  it('gives the same numbers for the same seed and different ones for another seed', () => {
    const config = defaultModelConfig('svd', { rank: 4, iterations: 3, seed: 11 });
    const first = trainSvdAls(data, fold, config);
    const second = trainSvdAls(data, fold, config);
    const other = trainSvdAls(data, fold, { ...config, seed: 12 });
    assert.deepEqual(first.testPredictions, second.testPredictions);
    assert.deepEqual(first.model.userFactors, second.model.userFactors);
    assert.notDeepEqual(first.model.itemFactors, other.model.itemFactors);
  });

  it('stops within one iteration of the signal being aborted', () => {
    const controller = new AbortController();
    let iterations = 0;
    assert.throws(
      () =>
        trainSvdAls(data, fold, defaultModelConfig('svd', { iterations: 50 }), {
          signal: controller.signal,
          onIteration: (progress) => {
            iterations = progress.iteration;
            if (progress.iteration === 2) controller.abort();
          },
        }),
      (error: unknown) => isCancelledError(error),
    );
    assert.equal(iterations, 2);
  });

  it('predicts μ + b_i for a user with no training ratings', () => {
    const [cold] = makeFolds(data, defaultProtocolConfig({ protocol: 'cold-users', testFraction: 0.1 }));
    const fit = trainSvdAls(data, cold, defaultModelConfig('svd', { iterations: 3 }));
    const user = cold.test.user[0];
    assert.equal(fit.model.userBias[user], 0);
    assert.ok(fit.model.userFactors.subarray(user * 10, user * 10 + 10).every((value) => value === 0));
    assert.ok(fit.testPredictions.every((value) => value >= 1 && value <= 5));
  });
});

describe('choleskySolve', () => {
  it('solves a hand-checked 3×3 system and refuses a non-positive-definite one', () => {
    // A = [[4,2,0],[2,5,1],[0,1,3]], x = [1,-1,2] → b = A x = [2,-1,5].
    const matrix = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const rhs = Float64Array.from([2, -1, 5]);
    assert.equal(choleskySolve(matrix, rhs, 3), true);
    [1, -1, 2].forEach((expected, index) => assert.ok(Math.abs(rhs[index] - expected) < 1e-12, `x[${index}] = ${rhs[index]}`));
    assert.equal(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2), false);
  });
});
