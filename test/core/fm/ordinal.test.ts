import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import type { Fold, MovieLensData } from '../../../src/core/data/types';
import { ratingLevels } from '../../../src/core/fm/ratingLevels';
import { trainFm } from '../../../src/core/fm/trainFm';
import { predictRating, ratingDistribution, score } from '../../../src/core/model/embeddingModel';
import { expectedRating } from '../../../src/core/model/ordinalScale';
import { fmConfig, plantedData, testRmse, toStars } from './plantedData';

/** Planted data in whole stars 1..5. */
function starred(erraticUsers = 0): { data: MovieLensData; fold: Fold } {
  return toStars(plantedData({ users: 200, items: 120, ratingsPerUser: 40, noise: 0.5, seed: 3, erraticUsers, erraticNoise: 2 }));
}

describe('ordinal likelihood (ordered probit FM)', () => {
  it('is FM-MCMC only: other solvers and SVD are refused by validation', () => {
    assert.throws(
      () => defaultModelConfig('fm', { method: 'als', likelihood: 'ordinal' }),
      /likelihood ordinal is sampled by FM-MCMC only: method must be mcmc, got 'als'/,
    );
    assert.throws(() => defaultModelConfig('svd', { likelihood: 'ordinal' }), /FM-MCMC only/);
    assert.equal(defaultModelConfig('fm').likelihood, 'gaussian');
  });

  it('levels come from the rating scale: whole stars, half stars; ratings on no such step are refused', () => {
    const { data, fold } = starred();
    assert.deepEqual([...ratingLevels(data, fold.train).values], [1, 2, 3, 4, 5]);
    const halves = { ...data, ratingScale: { min: 0.5, max: 5 } };
    const halfStars = {
      ...fold.train,
      rating: Float32Array.from(fold.train.rating, (value, index) => (index % 3 === 0 ? value - 0.5 : value)),
    };
    const levels = ratingLevels(halves, halfStars);
    assert.equal(levels.values.length, 10);
    assert.equal(levels.levelOf(3.5), 6);
    const planted = plantedData({ users: 20, items: 20, ratingsPerUser: 5 });
    assert.throws(
      () => trainFm(planted.data, planted.fold, fmConfig({ likelihood: 'ordinal', iterations: 2, burnIn: 0 })),
      (error: Error) =>
        error.name === 'DataError' &&
        /likelihood 'ordinal' needs ratings in whole or half stars from -10 to 15 \(its levels\); this data has a rating of -?\d/.test(
          error.message,
        ),
    );
  });

  it('trains on starred data: expected ratings from averaged class probabilities, as accurate as the Gaussian FM', () => {
    const { data, fold } = starred();
    const config = (likelihood: 'gaussian' | 'ordinal') => fmConfig({ features: ['ids'], rank: 3, iterations: 80, burnIn: 10, likelihood });
    const gaussian = trainFm(data, fold, config('gaussian'));
    const ordinal = trainFm(data, fold, config('ordinal'));
    const distribution = ordinal.ratingDistribution;
    assert.ok(distribution !== undefined && gaussian.ratingDistribution === undefined);
    assert.deepEqual([...distribution.levels], [1, 2, 3, 4, 5]);
    for (let index = 0; index < fold.test.length; index++) {
      const probabilities = distribution.probabilities.subarray(index * 5, index * 5 + 5);
      const total = probabilities.reduce((sum, value) => sum + value, 0);
      assert.ok(Math.abs(total - 1) < 1e-5 && probabilities.every((value) => value >= 0), `case ${index}`);
      const mean = probabilities.reduce((sum, value, level) => sum + (level + 1) * value, 0);
      assert.ok(Math.abs(mean - ordinal.testPredictions[index]) < 1e-5, `case ${index}: ${mean} vs ${ordinal.testPredictions[index]}`);
    }
    const ordinalRmse = testRmse(ordinal.testPredictions, fold);
    const gaussianRmse = testRmse(gaussian.testPredictions, fold);
    assert.ok(ordinalRmse <= gaussianRmse + 0.01, `ordinal ${ordinalRmse.toFixed(4)}, gaussian ${gaussianRmse.toFixed(4)}`);
    // The model: latent scores, and the cut-points that make them ratings.
    const scale = ordinal.model.ordinal;
    assert.ok(scale !== undefined && gaussian.model.ordinal === undefined);
    assert.ok(scale.cutPoints.every((value, index) => index === 0 || value > scale.cutPoints[index - 1]));
    const latent = score(ordinal.model, 5, 7);
    assert.ok(Math.abs(predictRating(ordinal.model, 5, 7) - expectedRating(scale, latent, 1)) < 1e-9);
    const spread = ratingDistribution(ordinal.model, 5, 7);
    assert.ok(spread !== undefined && Math.abs(spread.reduce((sum, value) => sum + value, 0) - 1) < 1e-9);
    assert.equal(ratingDistribution(gaussian.model, 5, 7), undefined);
  });

  it('with per-user noise, erratic users get a smaller noise scale √τ_u (a wider rating distribution)', () => {
    // The first 20 users rate with noise 2 instead of 0.5.
    const { data, fold } = starred(20);
    const fit = trainFm(
      data,
      fold,
      fmConfig({ features: ['ids'], rank: 3, iterations: 40, burnIn: 5, likelihood: 'ordinal', noise: 'per-user' }),
    );
    const userScale = fit.model.ordinal?.userScale;
    assert.ok(userScale !== undefined && userScale.length === data.users.count);
    const mean = (values: Float32Array): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const erratic = mean(userScale.subarray(0, 20));
    const others = mean(userScale.subarray(20));
    assert.ok(erratic < 0.8 * others, `erratic ${erratic.toFixed(3)}, others ${others.toFixed(3)}`);
    assert.ok(Number.isFinite(testRmse(fit.testPredictions, fold)));
  });
});
