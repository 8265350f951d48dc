import assert from 'node:assert/strict';
import { applyProgress } from '../../src/shared/trainingPanelState';
import { formatDuration, formatPercent, meanStd } from '../../webview/shared/format';
import { curveSeries, focusedRange } from '../../webview/training/curves';
import { emptyState, point, progress } from './fixtures';

describe('webview/curves', () => {
  function stateWith(iterations: number, folds: string[]) {
    let state = emptyState('compare');
    for (const foldName of folds) {
      for (let iteration = 1; iteration <= iterations; iteration++) {
        state = applyProgress(state, progress(state.request.runId, 'baseline', foldName, iteration));
        state = applyProgress(state, progress(state.request.runId, 'candidate', foldName, iteration));
      }
    }
    return state;
  }

  it('draws the latest fold of each model bold (test and train) and earlier folds faint, under them', () => {
    const series = curveSeries(stateWith(3, ['f1', 'f2']));
    const current = series.filter((line) => line.current);
    assert.deepEqual(
      current.map((line) => `${line.role}/${line.foldName}/${line.kind}`).sort(),
      ['baseline/f2/test', 'baseline/f2/train', 'candidate/f2/test', 'candidate/f2/train'],
    );
    const firstCurrent = series.findIndex((line) => line.current);
    assert.ok(series.slice(firstCurrent).every((line) => line.current));
    assert.deepEqual(new Set(series.map((line) => line.modelIndex)), new Set([0, 1]));
  });

  it('zooms the y axis past the first iterations once there are enough of them', () => {
    assert.equal(focusedRange(curveSeries(stateWith(5, ['f1']))), undefined);
    const series = curveSeries(stateWith(20, ['f1']));
    const range = focusedRange(series);
    assert.ok(range);
    const values = series.flatMap((line) => line.points.map((p) => p.y ?? Number.NaN));
    assert.ok(range.min <= Math.min(...values));
    assert.ok(range.max < (point(1).testRmse ?? 0), 'the first iteration lies above the zoomed axis');
    assert.ok(range.max >= (point(3).testRmse ?? 0), 'settled iterations stay visible');
    assert.equal(range.clipped, true);
  });
});

describe('webview/format', () => {
  it('formats durations, signed percentages and sample standard deviations', () => {
    assert.equal(formatDuration(59.9), '0:59');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatPercent(0.0291), '+2.91 %');
    assert.equal(formatPercent(-0.005), '−0.50 %');
    const values = [1, 2, 3, 4];
    const { mean, std } = meanStd(values);
    assert.equal(mean, 2.5);
    assert.ok(Math.abs(std - Math.sqrt(values.reduce((s, v) => s + (v - 2.5) ** 2, 0) / 3)) < 1e-12);
    assert.equal(meanStd([7]).std, 0);
  });
});
