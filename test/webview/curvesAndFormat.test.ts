import assert from 'node:assert/strict';
import { applyProgress } from '../../src/shared/trainingPanelState';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { formatDuration, formatPercent, meanStd } from '../../webview/shared/format';
import { curvePanels, focusedRange } from '../../webview/training/curves';
import { iterationUnit, modelLabel } from '../../src/shared/labels';
import { bestConfig, emptyState, fmConfig, fold, point, progress, svdConfig } from './fixtures';

describe('webview/curves', () => {
  function stateWith(
    iterations: number,
    folds: string[],
    roles: readonly ('baseline' | 'candidate' | 'best')[] = ['baseline', 'candidate'],
  ) {
    const empty = emptyState('compare');
    let state: TrainingPanelState = { ...empty, request: { ...empty.request, best: roles.includes('best') ? bestConfig : undefined } };
    for (const foldName of folds) {
      for (let iteration = 1; iteration <= iterations; iteration++) {
        for (const role of roles) state = applyProgress(state, progress(state.request.runId, role, foldName, iteration));
      }
    }
    return state;
  }

  it("draws one chart per model, each on its solver's own x axis, the best FM included", () => {
    const state = stateWith(3, ['r1f1'], ['baseline', 'candidate', 'best']);
    const panels = curvePanels(state);
    assert.deepEqual(
      panels.map((panel) => panel.role),
      ['baseline', 'candidate', 'best'],
    );
    assert.deepEqual(
      panels.map((panel) => panel.colorIndex),
      [0, 1, 2],
    );
    assert.deepEqual(
      panels.map((panel) => panel.unit),
      [iterationUnit(svdConfig), iterationUnit(fmConfig), iterationUnit(bestConfig)],
    );
    assert.deepEqual(
      panels.map((panel) => panel.name),
      ['SVD', 'FM', 'best FM'],
    );
    assert.deepEqual(
      panels.map((panel) => panel.label),
      [svdConfig, fmConfig, bestConfig].map(modelLabel),
    );
    assert.equal(iterationUnit({ ...fmConfig, method: 'mcmc' }), 'MCMC sample');
    assert.equal(iterationUnit(svdConfig), 'ALS sweep');
  });

  /** `state` with these folds finished for every model of the run. */
  function finishing(state: TrainingPanelState, foldNames: readonly string[]): TrainingPanelState {
    const roles = ['baseline', 'candidate', 'best'] as const;
    const done = foldNames.flatMap((name) =>
      roles.map((role) => ({ runId: state.request.runId, role, label: role, fold: fold(name, 0.9) })),
    );
    return { ...state, folds: [...state.folds, ...done] };
  }

  it('names test and train in the legend text with the fold spelled out; the fold training bold, finished ones faint under it', () => {
    const [baseline] = curvePanels(finishing(stateWith(3, ['r1f1', 'r1f2']), ['r1f1']));
    const current = baseline.series.filter((line) => line.current);
    assert.deepEqual(current.map((line) => line.label).sort(), ['test RMSE · repeat 1, fold 2', 'train RMSE · repeat 1, fold 2']);
    const firstCurrent = baseline.series.findIndex((line) => line.current);
    assert.ok(firstCurrent > 0 && baseline.series.slice(firstCurrent).every((line) => line.current));
    assert.deepEqual(
      baseline.series.filter((line) => !line.current).map((line) => line.foldName),
      ['r1f1', 'r1f1'],
    );
  });

  it('draws every fold training now bold (workers side by side), and once none is or the run is done, the last fold', () => {
    const state = finishing(stateWith(3, ['r1f1', 'r1f2', 'r2f1']), ['r1f1']);
    const boldFolds = (panelState: TrainingPanelState): string[] => [
      ...new Set(
        curvePanels(panelState)[0]
          .series.filter((line) => line.current)
          .map((line) => line.foldName),
      ),
    ];
    assert.deepEqual(boldFolds(state), ['r1f2', 'r2f1']);
    assert.deepEqual(boldFolds(finishing(state, ['r1f2', 'r2f1'])), ['r2f1'], 'between folds: the last one');
    assert.deepEqual(boldFolds({ ...state, status: 'completed' }), ['r2f1']);
    assert.deepEqual(boldFolds({ ...state, status: 'cancelled' }), ['r2f1']);
  });

  it('shows a chart for every model while running, and only models with curves once done', () => {
    const running = stateWith(2, ['r1f1'], ['baseline']);
    assert.deepEqual(
      curvePanels(running).map((panel) => panel.role),
      ['baseline', 'candidate'],
    );
    assert.deepEqual(
      curvePanels({ ...running, status: 'completed' }).map((panel) => panel.role),
      ['baseline'],
    );
    assert.deepEqual(curvePanels({ ...emptyState('compare'), status: 'completed' }), []);
  });

  it('zooms the y axis past the first iterations once there are enough of them, each line by its own length', () => {
    assert.equal(focusedRange(curvePanels(stateWith(5, ['r1f1'])).flatMap((panel) => panel.series)), undefined);
    const series = curvePanels(stateWith(20, ['r1f1'])).flatMap((panel) => panel.series);
    const range = focusedRange(series);
    assert.ok(range);
    const values = series.flatMap((line) => line.points.map((p) => p.y ?? Number.NaN));
    assert.ok(range.min <= Math.min(...values));
    assert.ok(range.max < (point(1).testRmse ?? 0), 'the first iteration lies above the zoomed axis');
    assert.ok(range.max >= (point(3).testRmse ?? 0), 'settled iterations stay visible');
    assert.equal(range.clipped, true);
    // A short line beside a long one keeps all its points inside the range.
    const short = curvePanels(stateWith(4, ['r1f1'])).flatMap((panel) => panel.series);
    const mixed = focusedRange([...series, ...short.map((line) => ({ ...line, role: 'best' as const }))]);
    assert.ok(mixed && mixed.max >= (point(4).testRmse ?? 0));
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
