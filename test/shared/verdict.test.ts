import assert from 'node:assert/strict';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';
import { summarizeComparison, summarizeEvaluation } from '../../src/core/eval/evaluate';
import type { FoldResult } from '../../src/core/eval/types';
import { articleVerdict } from '../../src/shared/verdict';

function folds(rmses: readonly number[]): FoldResult[] {
  return rmses.map((rmse, index) => ({
    name: `r1f${index + 1}`,
    rmse,
    mae: rmse * 0.8,
    seconds: 1,
    iterations: 10,
    trainCount: 50,
    testCount: 50,
  }));
}

function comparison(baseline: readonly number[], candidate: readonly number[]) {
  const protocol = defaultProtocolConfig({ repeats: 1 });
  return summarizeComparison(
    summarizeEvaluation(defaultModelConfig('svd'), protocol, folds(baseline)),
    summarizeEvaluation(defaultModelConfig('fm'), protocol, folds(candidate)),
  );
}

describe('shared/verdict: the article experiment worded once', () => {
  it('puts the claim beside the measured paired gain, and says where it stands and why', () => {
    const below = articleVerdict(comparison([0.93, 0.93], [0.906, 0.906]));
    assert.equal(below.standing, 'below');
    assert.equal(below.headline, 'Article: FM 4–5% lower RMSE than SVD · measured 2.58% ± 0.00% over 2 paired folds');
    assert.match(below.explanation, /^Below the claim: the SVD baseline here is a tuned ALS .*RMSE 0\.9300/);
    assert.equal(articleVerdict(comparison([1, 1], [0.955, 0.955])).standing, 'within');
    assert.equal(articleVerdict(comparison([1, 1], [0.9, 0.9])).standing, 'above');
  });

  it('a negative gain is called no gain, not "less to gain"', () => {
    const worse = articleVerdict(comparison([0.93, 0.93], [0.94, 0.95]));
    assert.ok(worse.gain.mean < 0);
    assert.match(worse.explanation, /^No gain, far below the claim: on these folds the FM does no better than the tuned SVD-ALS baseline/);
  });
});
