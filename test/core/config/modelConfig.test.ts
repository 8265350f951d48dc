import type { ModelConfig } from '../../../src/core/config/schema';
import assert from 'node:assert/strict';
import { defaultModelConfig, regularizationFor, validateModelConfig } from '../../../src/core/config/modelConfig';
import { DEFAULT_FM_FEATURES } from '../../../src/core/config/schema';

describe('model config', () => {
  it('defaults: SVD by ALS rank 10; FM by MCMC rank 10, 200 samples, the default feature groups', () => {
    const svd = defaultModelConfig('svd');
    assert.equal(svd.method, 'als');
    assert.equal(svd.rank, 10);
    assert.deepEqual(svd.features, ['ids']);
    const fm = defaultModelConfig('fm');
    assert.equal(fm.method, 'mcmc');
    assert.equal(fm.rank, 10);
    assert.equal(fm.iterations, 200);
    assert.equal(fm.initStdev, 0.1);
    assert.deepEqual(fm.features, DEFAULT_FM_FEATURES);
    assert.equal(defaultModelConfig('fm', { method: 'als', rank: 8 }).rank, 8);
  });

  it('noise model: MCMC defaults to per-user, shared on request; ALS and SGD carry none', () => {
    assert.equal(defaultModelConfig('fm').noise, 'per-user');
    assert.equal(defaultModelConfig('fm', { noise: 'shared' }).noise, 'shared');
    assert.equal('noise' in defaultModelConfig('fm', { method: 'als', noise: 'per-user' }), false);
    assert.equal('noise' in defaultModelConfig('fm', { method: 'sgd' }), false);
    assert.throws(
      () => defaultModelConfig('fm', { noise: 'per-film' as 'shared' }),
      /noise must be one of shared, per-user, got 'per-film'/,
    );
  });

  it('names the bad value', () => {
    assert.throws(
      () => defaultModelConfig('svd', { rank: 0 }),
      /rank must be an integer from 1 to 512 \(memory and time grow with the rank.*\), got 0/,
    );
    assert.throws(() => defaultModelConfig('svd', { iterations: 2.5 }), /iterations must be an integer from 1 to 100000 .*, got 2.5/);
    assert.throws(() => defaultModelConfig('svd', { method: 'mcmc' }), /SVD is trained by ALS only: method must be als, got 'mcmc'/);
    assert.throws(
      () => defaultModelConfig('fm', { learningRate: -1 }),
      /learningRate must be a number between 0 and 1 \(exclusive\) .*, got -1/,
    );
    assert.throws(() => defaultModelConfig('fm', { features: [] }), /features must list at least one/);
    assert.throws(() => defaultModelConfig('fm', { features: ['ids', 'genre' as 'ids'] }), /features must be among .* got 'genre'/);
    assert.throws(
      () => defaultModelConfig('fm', { regularization: { ids: -2 } }),
      /regularization.ids must be a number from 0 to 1000000000000 .*, got -2/,
    );
    assert.throws(() => defaultModelConfig('fm', { regularization: { idz: 2 } }), /got 'idz'/);
    assert.throws(
      () => validateModelConfig({ ...defaultModelConfig('fm'), burnIn: 200 }),
      /burnIn must be less than iterations \(200\), got 200/,
    );
    assert.throws(() => defaultModelConfig('svd', { seed: Number.NaN }), /seed must be an integer from 0 to 2147483647 .*, got NaN/);
  });

  it('accepts per-group regularization records and resolves them', () => {
    const config = defaultModelConfig('fm', { method: 'als', regularization: { bias: 0, ids: 5, 'factors.userId': 3, genre: 1 } });
    assert.equal(regularizationFor(config.regularization, 'ids', 9), 5);
    assert.equal(regularizationFor(config.regularization, 'factors', 9, 'ids'), 5);
    assert.equal(regularizationFor(0.5, 'factors', 9), 0.5);
    assert.equal(regularizationFor({}, 'factors', 9), 9);
  });
});

describe('model config: stored configs from before a field existed', () => {
  it('fill a missing field with the default of their model and solver, but read a missing noise model as shared', () => {
    const { rank: _rank, iterations: _iterations, noise: _noise, ...stored } = defaultModelConfig('fm', { features: ['ids'] });
    // As a run.json written before these fields existed reads back.
    const fromDisk: ModelConfig = JSON.parse(JSON.stringify(stored));
    const valid = validateModelConfig(fromDisk);
    assert.equal(valid.rank, 10);
    assert.equal(valid.iterations, 200);
    assert.equal(valid.noise, undefined, 'absent noise stays absent: such runs were trained with shared noise');
    const { iterations: _svdIterations, ...svd } = defaultModelConfig('svd');
    const svdFromDisk: ModelConfig = JSON.parse(JSON.stringify(svd));
    assert.equal(validateModelConfig(svdFromDisk).iterations, 20);
  });
});
