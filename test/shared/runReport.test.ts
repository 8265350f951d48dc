import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';
import { modelLabel } from '../../src/shared/labels';
import type { ComparisonResult, EvaluationResult, FoldResult } from '../../src/shared/run';
import { configurationLines, dataLine, foldLine, noteLines, resultHeadline, verdictLines } from '../../src/shared/runReport';
import { articleVerdict } from '../../src/shared/verdict';

const protocol = defaultProtocolConfig({ repeats: 1 });

function evaluation(model: ReturnType<typeof defaultModelConfig>, rmses: readonly number[]): EvaluationResult {
  const folds: FoldResult[] = rmses.map((rmse, index) => ({
    name: `r1f${index + 1}`,
    rmse,
    mae: rmse * 0.8,
    seconds: 1,
    iterations: 10,
    trainCount: 50,
    testCount: 50,
  }));
  const mean = rmses.reduce((sum, value) => sum + value, 0) / rmses.length;
  const std = Math.sqrt(rmses.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, rmses.length - 1));
  return { model, protocol, folds, rmse: { mean, std }, mae: { mean: mean * 0.8, std }, seconds: rmses.length, msPerIteration: 100 };
}

// The lines the CLI prints and the extension's Output channel logs, from one place.
describe('shared/runReport', () => {
  it("spells out a run's configuration: every model with its role and full config, and the protocol", () => {
    const svd = defaultModelConfig('svd');
    const fm = defaultModelConfig('fm', { features: ['ids', 'user'] });
    const lines = configurationLines({ runId: 'run-1', kind: 'compare', dataFolder: '/d', model: svd, candidate: fm, protocol });
    assert.equal(lines[0], `Run run-1: ${modelLabel(svd)} vs ${modelLabel(fm)}`);
    assert.equal(lines[1], `  baseline: ${modelLabel(svd)} ${JSON.stringify(svd)}`);
    assert.equal(lines[2], `  candidate: ${modelLabel(fm)} ${JSON.stringify(fm)}`);
    assert.match(lines[3], /^ {2}protocol: bootstrapped 2-fold cross-validation × 1 repeats, seed 1$/);
  });

  it("words the data summary, the loader's notes and a finished fold as the CLI always has", () => {
    const loaded = {
      runId: 'r',
      folder: '/d',
      format: 'ml-100k',
      users: 943,
      items: 1682,
      ratings: 100000,
      seconds: 0.314,
      notes: ['2 re-ratings: the latest kept'],
    };
    assert.equal(dataLine('/d', loaded), 'Data: /d (ml-100k: 943 users, 1682 films, 100000 ratings, read in 0.31 s)');
    assert.equal(dataLine('/d', { ...loaded, seconds: 0 }), 'Data: /d (ml-100k: 943 users, 1682 films, 100000 ratings, already in memory)');
    assert.deepEqual(noteLines(loaded), ['Note: 2 re-ratings: the latest kept']);
    const fold: FoldResult = { name: 'r1f2', rmse: 0.91234, mae: 0.7, seconds: 1.5, iterations: 10, trainCount: 1, testCount: 1 };
    assert.equal(
      foldLine({ role: 'model', label: 'FM-MCMC ids k=10', fold }, '(2/2)'),
      'model FM-MCMC ids k=10  r1f2 (2/2)  RMSE 0.9123  MAE 0.7000  1.50 s',
    );
    assert.equal(foldLine({ role: 'model', label: 'X', fold }), 'model X  r1f2  RMSE 0.9123  MAE 0.7000  1.50 s');
  });

  it('heads a result with RMSE ± std, or a comparison with the article verdict (claim and measured gain)', () => {
    const fm = evaluation(defaultModelConfig('fm'), [0.9, 0.92]);
    assert.equal(
      resultHeadline({ kind: 'evaluate', evaluation: fm }),
      `RMSE ${fm.rmse.mean.toFixed(4)} ± ${fm.rmse.std.toFixed(4)} over 2 folds`,
    );
    const svd = evaluation(defaultModelConfig('svd'), [1, 1]);
    const gainPerFold = [0.1, 0.08];
    const comparison: ComparisonResult = { baseline: svd, candidate: fm, gainPerFold, gain: { mean: 0.09, std: 0.0141 } };
    const verdict = articleVerdict(comparison);
    assert.equal(resultHeadline({ kind: 'compare', comparison }), verdict.headline);
    assert.match(verdict.headline, /^Article: FM 4–5% lower RMSE than SVD · measured 9\.00% ± 1\.41% over 2 paired folds$/);
    assert.equal(verdict.standing, 'above');
    assert.deepEqual(verdictLines(comparison), [verdict.headline, verdict.explanation]);
    const oneFold: ComparisonResult = { ...comparison, gainPerFold: [0.03], gain: { mean: 0.03, std: 0 } };
    assert.match(articleVerdict(oneFold).headline, /over 1 paired fold$/);
  });
});
