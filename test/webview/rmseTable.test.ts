import assert from 'node:assert/strict';
import type { FoldDoneParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { formatMeanStd, formatPercent, formatRmse, formatSeconds, meanStd } from '../../webview/shared/format';
import { buildRmseTable, formatGain } from '../../webview/training/rmseTable';
import { emptyState, evaluation, fmConfig, fold, svdConfig } from './fixtures';

const rmses = [0.91, 0.93, 0.92, 0.95];

describe('webview/rmseTable', () => {
  it('has no table before the first fold finishes', () => {
    assert.equal(buildRmseTable(emptyState('evaluate')), undefined);
  });

  it('lists each fold of an evaluation and its mean ± std from the result', () => {
    const folds = rmses.map((rmse, index) => fold(`f${index + 1}`, rmse, 1 + index));
    const result = evaluation(fmConfig, folds);
    const state: TrainingPanelState = {
      ...emptyState('evaluate'),
      status: 'completed',
      result: { kind: 'evaluate', evaluation: result },
    };
    const table = buildRmseTable(state);
    assert.ok(table?.final);
    assert.deepEqual(table.columns.map((column) => column.title), ['Fold', 'RMSE', 'MAE', 'Iterations', 'Seconds']);
    assert.deepEqual(table.rows.slice(0, -1).map((row) => row.cells[0]), ['f1', 'f2', 'f3', 'f4']);
    assert.equal(table.rows[1].cells[1], formatRmse(rmses[1]));
    const summary = table.rows[table.rows.length - 1];
    assert.equal(summary.kind, 'summary');
    assert.equal(summary.cells[1], formatMeanStd(result.rmse.mean, result.rmse.std, formatRmse));
    const seconds = meanStd(folds.map((f) => f.seconds));
    assert.equal(summary.cells[4], formatMeanStd(seconds.mean, seconds.std, formatSeconds));
  });

  it('summarises the folds finished so far while running', () => {
    const state: TrainingPanelState = {
      ...emptyState('evaluate'),
      folds: rmses.slice(0, 3).map((rmse, index) => ({ runId: 'run-evaluate', role: 'model', label: 'FM', fold: fold(`f${index + 1}`, rmse) })),
    };
    const table = buildRmseTable(state);
    assert.ok(table && !table.final);
    const expected = meanStd(rmses.slice(0, 3));
    assert.equal(table.rows[3].cells[1], `${formatRmse(expected.mean)} ± ${formatRmse(expected.std)}`);
  });

  it('puts both models of a comparison side by side with the paired gain per fold', () => {
    const baselineFolds = rmses.map((rmse, index) => fold(`f${index + 1}`, rmse));
    const candidateFolds = rmses.map((rmse, index) => fold(`f${index + 1}`, rmse * (0.97 - 0.01 * index)));
    const gainPerFold = baselineFolds.map((b, index) => (b.rmse - candidateFolds[index].rmse) / b.rmse);
    const gain = meanStd(gainPerFold);
    const state: TrainingPanelState = {
      ...emptyState('compare'),
      status: 'completed',
      result: {
        kind: 'compare',
        comparison: {
          baseline: evaluation(svdConfig, baselineFolds),
          candidate: evaluation(fmConfig, candidateFolds),
          gain,
          gainPerFold,
        },
      },
    };
    const table = buildRmseTable(state);
    assert.ok(table);
    assert.deepEqual(table.columns.map((column) => column.title), [
      'Fold', 'SVD RMSE', 'SVD MAE', 'SVD sec', 'FM RMSE', 'FM MAE', 'FM sec', 'Gain',
    ]);
    assert.equal(table.rows[2].cells[4], formatRmse(candidateFolds[2].rmse));
    assert.equal(table.rows[2].cells[7], formatPercent(gainPerFold[2]));
    assert.equal(table.rows[4].cells[7], formatGain(gain.mean, gain.std));
    assert.match(table.gain ?? '', /^\+\d+\.\d\d ± \d+\.\d\d %$/);
  });

  it('computes the gain of a running comparison only for folds both models finished', () => {
    const done = (role: 'baseline' | 'candidate', name: string, rmse: number): FoldDoneParams => ({
      runId: 'run-compare', role, label: role, fold: fold(name, rmse),
    });
    const state: TrainingPanelState = {
      ...emptyState('compare'),
      folds: [done('baseline', 'f1', 1.0), done('candidate', 'f1', 0.9), done('baseline', 'f2', 0.8)],
    };
    const table = buildRmseTable(state);
    assert.ok(table);
    assert.equal(table.rows[0].cells[7], formatPercent(0.1));
    assert.equal(table.rows[1].cells[7], '–');
    assert.equal(table.rows[1].cells[4], '–');
  });
});
