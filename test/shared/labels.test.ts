import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import {
  differenceLabel,
  foldDescription,
  iterationUnit,
  modelDifferences,
  modelLabel,
  roleName,
  runDescription,
  runLabel,
  runModels,
  sideBySideLabels,
} from '../../src/shared/labels';
import type { RunRequest } from '../../src/shared/run';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';

describe('shared/labels', () => {
  it('name the model, solver, features and rank, and mark MCMC models with shared noise', () => {
    assert.equal(modelLabel(defaultModelConfig('svd')), 'SVD-ALS k=10');
    assert.equal(modelLabel(defaultModelConfig('fm', { features: ['ids', 'user'] })), 'FM-MCMC ids,user k=10');
    assert.equal(
      modelLabel(defaultModelConfig('fm', { features: ['ids', 'user'], noise: 'shared' })),
      'FM-MCMC ids,user k=10 noise=shared',
    );
    // A run stored before per-user noise existed has no noise field: it was trained with shared noise.
    const { noise: _omitted, ...stored } = defaultModelConfig('fm', { features: ['ids'] });
    assert.equal(modelLabel(stored), 'FM-MCMC ids k=10 noise=shared');
    assert.equal(modelLabel(defaultModelConfig('fm', { method: 'als', features: ['ids'], rank: 8 })), 'FM-ALS ids k=8');
  });

  it('name a comparison by both models', () => {
    const request: RunRequest = {
      runId: 'r',
      kind: 'compare',
      dataFolder: '/d',
      model: defaultModelConfig('svd'),
      candidate: defaultModelConfig('fm', { features: ['ids', 'user', 'item'] }),
      protocol: defaultProtocolConfig(),
    };
    assert.equal(runLabel(request), 'SVD-ALS k=10 vs FM-MCMC ids,user,item k=10');
  });

  it('spell out fold names', () => {
    assert.equal(foldDescription('r2f1'), 'repeat 2, fold 1');
    assert.equal(foldDescription('u3'), 'split u3.base → u3.test');
    assert.equal(foldDescription('holdout'), 'holdout');
  });

  it('tell two configurations apart by what differs, in a fixed order', () => {
    const a = defaultModelConfig('fm', { features: ['ids', 'user'] });
    const b = defaultModelConfig('fm', { features: ['ids', 'user', 'item'], rank: 20, noise: 'shared' });
    assert.deepEqual(modelDifferences(a, b), [
      { field: 'features', from: 'ids,user', to: 'ids,user,item' },
      { field: 'rank', from: '10', to: '20' },
      { field: 'noise', from: 'per-user', to: 'shared' },
    ]);
    assert.equal(differenceLabel(modelDifferences(a, b)), 'features ids,user → ids,user,item; rank 10 → 20; noise per-user → shared');
    assert.equal(differenceLabel(modelDifferences(a, a)), 'same configuration');
    const svd = defaultModelConfig('svd');
    assert.deepEqual(
      modelDifferences(svd, a).map((difference) => difference.field),
      ['model', 'method', 'features', 'iterations', 'regularization', 'noise'],
    );
  });

  it("name the article experiment's three models by kind, the best FM by what it adds, and two runs of one kind by their difference", () => {
    const svd = defaultModelConfig('svd');
    const article = defaultModelConfig('fm', { features: ['ids', 'user', 'item', 'title'] });
    const best = defaultModelConfig('fm', { features: ['ids', 'user', 'item', 'implicit', 'raters'] });
    const request: RunRequest = {
      runId: 'r',
      kind: 'compare',
      dataFolder: '/d',
      model: svd,
      candidate: article,
      best,
      protocol: defaultProtocolConfig(),
    };
    assert.deepEqual(
      runModels(request).map((model) => model.role),
      ['baseline', 'candidate', 'best'],
    );
    assert.deepEqual(
      ['baseline', 'candidate', 'best'].map((role) => roleName(request, role as 'baseline')),
      ['SVD', 'FM', 'best FM'],
    );
    assert.deepEqual(sideBySideLabels([svd, article, best]), [
      'SVD-ALS k=10',
      'FM-MCMC ids,user,item,title k=10',
      'features ids,user,item,title → ids,user,item,implicit,raters',
    ]);
    // Compare Runs of two FM runs that differ only in iterations: the labels alone would be equal.
    const longer = { ...article, iterations: (article.iterations ?? 0) * 2 };
    assert.equal(modelLabel(longer), modelLabel(article));
    assert.deepEqual(sideBySideLabels([article, longer]), [modelLabel(article), `iterations ${article.iterations} → ${longer.iterations}`]);
    assert.deepEqual(sideBySideLabels([article, article]), [modelLabel(article), `${modelLabel(article)} (same configuration)`]);
    const sameKind: RunRequest = { ...request, model: article, candidate: longer, best: undefined };
    assert.deepEqual([roleName(sameKind, 'baseline'), roleName(sameKind, 'candidate')], ['baseline', 'candidate']);
  });

  it('say what one iteration is per solver, and describe a run in one line', () => {
    assert.equal(iterationUnit(defaultModelConfig('svd')), 'ALS sweep');
    assert.equal(iterationUnit(defaultModelConfig('fm')), 'MCMC sample');
    assert.equal(iterationUnit(defaultModelConfig('fm', { method: 'sgd' })), 'SGD epoch');
    const request: RunRequest = {
      runId: 'r',
      kind: 'evaluate',
      dataFolder: '/data/ml-100k',
      model: defaultModelConfig('fm'),
      protocol: defaultProtocolConfig({ seed: 7 }),
    };
    assert.equal(runDescription(request), 'Evaluation · bootstrap 2-fold × 5 · seed 7 · /data/ml-100k');
  });
});
