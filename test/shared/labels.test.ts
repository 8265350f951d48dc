import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../src/core/train/config';
import { modelConfigLabel } from '../../src/shared/labels';

describe('run labels', () => {
  it('name the model, solver, features and rank, and mark MCMC runs with shared noise', () => {
    assert.equal(modelConfigLabel(defaultModelConfig('svd')), 'SVD ALS (rank 10)');
    assert.equal(modelConfigLabel(defaultModelConfig('fm', { features: ['ids', 'user'] })), 'FM MCMC (ids+user, rank 10)');
    assert.equal(
      modelConfigLabel(defaultModelConfig('fm', { features: ['ids', 'user'], noise: 'shared' })),
      'FM MCMC (ids+user, rank 10, shared noise)',
    );
    // A run stored before per-user noise existed has no noise field: it was trained with shared noise.
    const { noise: _omitted, ...stored } = defaultModelConfig('fm', { features: ['ids'] });
    assert.equal(modelConfigLabel(stored), 'FM MCMC (ids, rank 10, shared noise)');
    assert.equal(modelConfigLabel(defaultModelConfig('fm', { method: 'als', features: ['ids'] })), 'FM ALS (ids, rank 10)');
  });
});
