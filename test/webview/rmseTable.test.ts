import assert from 'node:assert/strict';
import type { FoldDoneParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { foldDescription, modelLabel } from '../../src/shared/labels';
import { formatMeanStd, formatPercent, formatRmse, formatSeconds, meanStd } from '../../webview/shared/format';
import { buildRmseTables, formatGain } from '../../webview/training/rmseTable';
import { bestConfig, emptyState, evaluation, fmConfig, fold, svdConfig } from './fixtures';

const rmses = [0.91, 0.93, 0.92, 0.95];

/** A finished comparison of SVD, the FM and (optionally) the best FM on the same folds. */
function comparisonState(withBest: boolean): TrainingPanelState {
  const baselineFolds = rmses.map((rmse, index) => fold(`r${Math.floor(index / 2) + 1}f${(index % 2) + 1}`, rmse));
  const candidateFolds = baselineFolds.map((base, index) => fold(base.name, base.rmse * (0.97 - 0.01 * index)));
  const bestFolds = baselineFolds.map((base, index) => fold(base.name, base.rmse * (0.95 - 0.005 * index)));
  const gains = (folds: typeof baselineFolds) => baselineFolds.map((base, index) => (base.rmse - folds[index].rmse) / base.rmse);
  const best = { evaluation: evaluation(bestConfig, bestFolds), gainPerFold: gains(bestFolds), gain: meanStd(gains(bestFolds)) };
  const state = emptyState('compare');
  return {
    ...state,
    request: { ...state.request, best: withBest ? bestConfig : undefined },
    status: 'completed',
    result: {
      kind: 'compare',
      comparison: {
        baseline: evaluation(svdConfig, baselineFolds),
        candidate: evaluation(fmConfig, candidateFolds),
        gainPerFold: gains(candidateFolds),
        gain: meanStd(gains(candidateFolds)),
        best: withBest ? best : undefined,
      },
    },
  };
}

describe('webview/rmseTable', () => {
  it('has no table before the first fold finishes', () => {
    assert.equal(buildRmseTables(emptyState('evaluate')), undefined);
  });

  it('lists each fold of an evaluation, spelled out, and its mean ± std from the result', () => {
    const folds = rmses.map((rmse, index) => fold(`r1f${index + 1}`, rmse, 1 + index));
    const result = evaluation(fmConfig, folds);
    const state: TrainingPanelState = {
      ...emptyState('evaluate'),
      status: 'completed',
      result: { kind: 'evaluate', evaluation: result },
    };
    const tables = buildRmseTables(state);
    assert.ok(tables?.final);
    assert.equal(tables.models, undefined);
    const table = tables.folds;
    assert.deepEqual(
      table.columns.map((column) => column.title),
      ['Fold', 'RMSE', 'MAE', 'Iterations', 'Seconds'],
    );
    assert.deepEqual(
      table.rows.slice(0, -1).map((row) => row.cells[0]),
      ['repeat 1, fold 1', 'repeat 1, fold 2', 'repeat 1, fold 3', 'repeat 1, fold 4'],
    );
    assert.deepEqual(
      table.rows.slice(0, -1).map((row) => row.title),
      ['r1f1', 'r1f2', 'r1f3', 'r1f4'],
    );
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
      folds: rmses
        .slice(0, 3)
        .map((rmse, index) => ({ runId: 'run-evaluate', role: 'model', label: 'FM', fold: fold(`f${index + 1}`, rmse) })),
    };
    const tables = buildRmseTables(state);
    assert.ok(tables && !tables.final);
    const expected = meanStd(rmses.slice(0, 3));
    assert.equal(tables.folds.rows[3].cells[1], `${formatRmse(expected.mean)} ± ${formatRmse(expected.std)}`);
  });

  it('tables a comparison by model (configuration, RMSE, gain) and by fold (RMSE and paired gain), never two identical names', () => {
    const state = comparisonState(false);
    assert.ok(state.result?.kind === 'compare');
    const { baseline, candidate, gain, gainPerFold } = state.result.comparison;
    const tables = buildRmseTables(state);
    assert.ok(tables?.models);
    assert.deepEqual(
      tables.models.columns.map((column) => column.title),
      ['Model', 'RMSE', 'MAE', 'Seconds per fold', 'Gain over SVD'],
    );
    assert.deepEqual(
      tables.models.rows.map((row) => row.cells[0]),
      ['SVD', 'FM'],
    );
    assert.deepEqual(
      tables.models.rows.map((row) => row.detail),
      [modelLabel(svdConfig), modelLabel(fmConfig)],
    );
    assert.equal(tables.models.rows[1].cells[1], formatMeanStd(candidate.rmse.mean, candidate.rmse.std, formatRmse));
    assert.equal(tables.models.rows[1].cells[4], formatGain(gain.mean, gain.std));
    assert.equal(tables.models.rows[0].cells[4], '—');
    assert.deepEqual(
      tables.folds.columns.map((column) => column.title),
      ['Fold', 'RMSE SVD', 'RMSE FM', 'Gain FM'],
    );
    assert.equal(tables.folds.rows[2].cells[0], foldDescription(baseline.folds[2].name));
    assert.equal(tables.folds.rows[2].cells[1], formatRmse(baseline.folds[2].rmse));
    assert.equal(tables.folds.rows[2].cells[2], formatRmse(candidate.folds[2].rmse));
    assert.equal(tables.folds.rows[2].cells[3], formatPercent(gainPerFold[2]));
    assert.match(tables.models.rows[1].cells[4], /^\+\d+\.\d\d ± \d+\.\d\d %$/);
  });

  it('adds the best FM as a third model: named by how it differs from the FM, with its own paired gain', () => {
    const state = comparisonState(true);
    assert.ok(state.result?.kind === 'compare' && state.result.comparison.best !== undefined);
    const best = state.result.comparison.best;
    const tables = buildRmseTables(state);
    assert.ok(tables?.models);
    assert.deepEqual(
      tables.models.rows.map((row) => row.cells[0]),
      ['SVD', 'FM', 'best FM'],
    );
    assert.equal(tables.models.rows[2].detail, `features ${fmConfig.features.join(',')} → ${bestConfig.features.join(',')}`);
    assert.equal(tables.models.rows[2].cells[4], formatGain(best.gain.mean, best.gain.std));
    assert.deepEqual(
      tables.folds.columns.map((column) => column.title),
      ['Fold', 'RMSE SVD', 'RMSE FM', 'Gain FM', 'RMSE best FM', 'Gain best FM'],
    );
    assert.equal(tables.folds.rows[3].cells[4], formatRmse(best.evaluation.folds[3].rmse));
    assert.equal(tables.folds.rows[3].cells[5], formatPercent(best.gainPerFold[3]));
  });

  it('computes the gains of a running comparison only for folds both models finished, the best FM included', () => {
    const done = (role: 'baseline' | 'candidate' | 'best', name: string, rmse: number): FoldDoneParams => ({
      runId: 'run-compare',
      role,
      label: role,
      fold: fold(name, rmse),
    });
    const state: TrainingPanelState = {
      ...emptyState('compare'),
      request: { ...emptyState('compare').request, best: bestConfig },
      folds: [done('best', 'r1f2', 0.7), done('baseline', 'r1f1', 1.0), done('candidate', 'r1f1', 0.9), done('baseline', 'r1f2', 0.8)],
    };
    const tables = buildRmseTables(state);
    assert.ok(tables?.models && !tables.final);
    assert.deepEqual(
      tables.folds.rows.map((row) => row.title),
      ['r1f1', 'r1f2'],
      'fold order by name, not by finish',
    );
    assert.deepEqual(tables.folds.rows[0].cells.slice(1), [formatRmse(1.0), formatRmse(0.9), formatPercent(0.1), '–', '–']);
    assert.deepEqual(tables.folds.rows[1].cells.slice(1), [formatRmse(0.8), '–', '–', formatRmse(0.7), formatPercent((0.8 - 0.7) / 0.8)]);
    // One paired fold: a gain without a spread.
    assert.equal(tables.models.rows[1].cells[4], formatPercent(0.1));
  });
});
