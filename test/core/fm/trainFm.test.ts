import * as assert from 'node:assert/strict';
import { trainFm } from '../../../src/core/fm/trainFm';
import { predictRating } from '../../../src/core/model/embeddingModel';
import { isCancelledError, type FitResult } from '../../../src/core/train/types';
import { type FeatureGroup } from '../../../src/core/features/groups';
import { type SolverMethod } from '../../../src/core/config/schema';
import { biasOnlyRmse, fmConfig, plantedData, testRmse } from './plantedData';

const METHODS: readonly SolverMethod[] = ['mcmc', 'als', 'sgd'];
/** Iterations per method that converge on the planted data within a second. */
const ITERATIONS: Readonly<Record<SolverMethod, number>> = { mcmc: 100, als: 20, sgd: 60 };
/** The defaults are tuned for ml-100k's noise (RMSE ≈ 0.9); the planted noise is 0.3. */
const PLANTED_REGULARIZATION = { ids: 0.05, factors: 0.05 };

describe('trainFm on planted factors', () => {
  const planted = plantedData({ ratingsPerUser: 60, items: 150, noise: 0.3 });
  const baseline = biasOnlyRmse(planted.fold, planted.data.users.count, planted.data.items.count);

  for (const method of METHODS) {
    it(`${method} recovers them: test RMSE near the noise level, far below bias-only`, () => {
      const fit = trainFm(
        planted.data,
        planted.fold,
        fmConfig({ method, iterations: ITERATIONS[method], regularization: method === 'mcmc' ? {} : PLANTED_REGULARIZATION }),
      );
      const rmse = testRmse(fit.testPredictions, planted.fold);
      // Noise 0.3 is the floor; bias-only is about 0.55. 1.25 × noise leaves room for estimation error.
      assert.ok(rmse < 1.25 * planted.noise, `${method}: RMSE ${rmse.toFixed(3)} vs noise ${planted.noise}`);
      assert.ok(rmse < 0.7 * baseline, `${method}: RMSE ${rmse.toFixed(3)} vs bias-only ${baseline.toFixed(3)}`);
      assert.equal(fit.history.length, ITERATIONS[method]);
      const last = fit.history[fit.history.length - 1];
      assert.ok(Math.abs((last.testRmse ?? Number.NaN) - rmse) < 1e-9, 'last reported test RMSE is that of the returned predictions');
      assert.equal(last.nonFiniteUpdates, 0);
    });
  }

  for (const method of ['als', 'sgd'] as const) {
    it(`${method}: the embedding model reproduces the test predictions`, () => {
      const fit = trainFm(planted.data, planted.fold, fmConfig({ method, iterations: 5, features: ['ids', 'user', 'item', 'implicit'] }));
      assertModelMatches(fit, planted, 1e-3);
    });
  }

  it('mcmc: the embedding model (thinned samples) is close to the averaged predictions', () => {
    const fit = trainFm(planted.data, planted.fold, fmConfig({ iterations: 40, features: ['ids', 'user', 'item', 'implicit'] }));
    assert.equal(fit.model.dimension, 3 * 16);
    assert.equal(fit.model.kind, 'fm');
    const fromModel = Float64Array.from({ length: planted.fold.test.length }, (_, index) =>
      predictRating(fit.model, planted.fold.test.user[index], planted.fold.test.item[index]),
    );
    const gap = Math.abs(testRmse(fromModel, planted.fold) - testRmse(fit.testPredictions, planted.fold));
    assert.ok(gap < 0.02, `model RMSE differs from the averaged predictions' by ${gap}`);
  });
});

describe('trainFm with side features', () => {
  it('mcmc with demographics and genres beats ids alone on sparse and cold users', () => {
    const planted = plantedData({ sparseUsers: 80, demographicShare: 0.85 });
    const rmse = (features: FeatureGroup[]): number =>
      testRmse(
        trainFm(planted.data, planted.fold, fmConfig({ features, iterations: 80 })).testPredictions,
        planted.fold,
        planted.sparseTest,
      );
    const ids = rmse(['ids']);
    const side = rmse(['ids', 'user', 'item']);
    assert.ok(side < 0.85 * ids, `side ${side.toFixed(3)} vs ids ${ids.toFixed(3)} on ${planted.sparseTest.length} sparse-user ratings`);
  });

  it('gives cold users (no training ratings) predictions from their features', () => {
    const planted = plantedData({ sparseUsers: 80, demographicShare: 0.85 });
    const fit = trainFm(planted.data, planted.fold, fmConfig({ method: 'als', features: ['ids', 'user', 'item'], iterations: 10 }));
    const trained = new Set(planted.fold.train.user);
    const cold = Array.from({ length: planted.data.users.count }, (_, user) => user).filter((user) => !trained.has(user));
    assert.ok(cold.length > 5, `${cold.length} cold users`);
    assert.equal(fit.model.userCount, planted.data.users.count);
    assert.equal(fit.model.itemCount, planted.data.items.count);
    const distinct = new Set(cold.map((user) => fit.model.userBias[user].toFixed(6)));
    assert.ok(distinct.size > 1, 'cold users with different demographics get different biases');
  });
});

describe('trainFm with per-user noise (mcmc)', () => {
  it('beats one shared noise precision when a fifth of the users rate erratically', () => {
    const planted = plantedData({ ratingsPerUser: 30, items: 150, noise: 0.3, erraticUsers: 60, erraticNoise: 1.5 });
    const { test } = planted.fold;
    const steady = Int32Array.from({ length: test.length }, (_, index) => index).filter((index) => test.user[index] >= 60);
    const rmse = (noise: 'shared' | 'per-user'): number =>
      testRmse(trainFm(planted.data, planted.fold, fmConfig({ noise, iterations: 100 })).testPredictions, planted.fold, steady);
    const shared = rmse('shared');
    const perUser = rmse('per-user');
    // The erratic users' noise no longer blurs the film factors the steady users share.
    assert.ok(perUser < 0.95 * shared, `steady users' RMSE: per-user ${perUser.toFixed(4)} vs shared ${shared.toFixed(4)}`);
  });
});

describe('trainFm determinism and cancellation', () => {
  const planted = plantedData({ users: 120, items: 80, ratingsPerUser: 30 });
  const features: FeatureGroup[] = ['ids', 'user', 'item', 'implicit'];

  for (const method of METHODS) {
    it(`${method}: same seed gives identical numbers, another seed different ones`, () => {
      const noise = method === 'mcmc' ? 'per-user' : undefined;
      const run = (seed: number): FitResult =>
        trainFm(planted.data, planted.fold, fmConfig({ method, features, iterations: 6, seed, noise }));
      const first = run(3);
      const again = run(3);
      const other = run(4);
      assert.deepEqual(Array.from(again.testPredictions), Array.from(first.testPredictions));
      assert.deepEqual(Array.from(again.model.userFactors), Array.from(first.model.userFactors));
      assert.deepEqual(
        again.history.map((entry) => entry.trainRmse),
        first.history.map((entry) => entry.trainRmse),
      );
      assert.notDeepEqual(Array.from(other.testPredictions), Array.from(first.testPredictions));
    });

    it(`${method}: an abort inside iteration 3's progress stops before iteration 4`, () => {
      const controller = new AbortController();
      const seen: number[] = [];
      assert.throws(
        () =>
          trainFm(planted.data, planted.fold, fmConfig({ method, features, iterations: 50 }), {
            signal: controller.signal,
            onIteration: (progress) => {
              seen.push(progress.iteration);
              if (progress.iteration === 3) controller.abort();
            },
          }),
        (error: unknown) => isCancelledError(error),
      );
      assert.deepEqual(seen, [1, 2, 3]);
    });
  }

  it('takes only validated configurations: a bad one is refused where it is validated, with the value named', () => {
    assert.throws(() => fmConfig({ rank: 0 }), /rank must be an integer from 1 to 512 .*, got 0/);
    assert.throws(() => fmConfig({ iterations: 1.5 }), /iterations must be an integer from 1 to 100000 .*, got 1.5/);
    assert.throws(() => fmConfig({ burnIn: 60, iterations: 60 }), /burnIn must be less than iterations \(60\), got 60/);
  });
});

function assertModelMatches(fit: FitResult, planted: ReturnType<typeof plantedData>, tolerance: number): void {
  const { test } = planted.fold;
  for (let index = 0; index < test.length; index++) {
    const fromModel = predictRating(fit.model, test.user[index], test.item[index]);
    assert.ok(Math.abs(fromModel - fit.testPredictions[index]) < tolerance, `case ${index}: ${fromModel} vs ${fit.testPredictions[index]}`);
  }
}
