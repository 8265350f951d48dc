/**
 * Which charts and lines the RMSE section draws (pure: no DOM, no Chart.js). One small chart per
 * model, each on its own x axis (an ALS sweep, an MCMC sample and an SGD epoch are different
 * units) and all on the same y range, so heights compare across charts. Per chart: the folds
 * training now (several when workers train folds side by side; once none is, the last fold) as
 * bold pairs — test solid, train dashed without markers — and the other folds as faint lines.
 */
import type { ModelRole } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { foldDescription, iterationUnit, modelLabel, roleName, runModels } from '../../src/shared/labels';

export interface CurvePoint {
  readonly x: number;
  readonly y: number | null;
}

export interface CurveSeries {
  readonly role: ModelRole;
  readonly foldName: string;
  readonly kind: 'test' | 'train';
  /** A fold training now, or the model's last fold when none is (bold, in the legend); false: faint. */
  readonly current: boolean;
  /** Legend and tooltip text: "test RMSE · repeat 1, fold 2". */
  readonly label: string;
  readonly points: readonly CurvePoint[];
}

/** One model's chart. */
export interface CurvePanel {
  readonly role: ModelRole;
  /** Index of the model in the run (picks its colour, the same in every chart and table). */
  readonly colorIndex: number;
  /** The model's short name: "SVD", "FM", "best FM". */
  readonly name: string;
  /** Its configuration, by the one labeler: "FM-MCMC ids,user,item,title k=10". */
  readonly label: string;
  /** The x axis: what one iteration of this model's solver is. */
  readonly unit: string;
  /** Earlier folds first, so the current pair is drawn on top. */
  readonly series: readonly CurveSeries[];
}

/**
 * The charts of a run: one per model that has curves (while running, one per model of the run,
 * so the layout does not jump when the next model starts).
 */
export function curvePanels(state: TrainingPanelState): CurvePanel[] {
  const running = state.status === 'running';
  return runModels(state.request)
    .map(({ role, config }, colorIndex) => {
      const curves = state.curves
        .filter((curve) => curve.role === role)
        .sort((left, right) => left.foldName.localeCompare(right.foldName, 'en', { numeric: true }));
      // Bold: the folds still training (a running fold drawn faint would look finished); once
      // none is, the last fold by name: the same fold in every chart once the run is done.
      const finished = new Set(state.folds.filter((done) => done.role === role).map((done) => done.fold.name));
      const training = running ? curves.filter((curve) => !finished.has(curve.foldName)) : [];
      const bold = new Set(training.length > 0 ? training : curves.slice(-1));
      const series: CurveSeries[] = [];
      for (const curve of curves) {
        const current = bold.has(curve);
        const description = foldDescription(curve.foldName);
        for (const kind of ['test', 'train'] as const) {
          series.push({
            role,
            foldName: curve.foldName,
            kind,
            current,
            label: `${kind} RMSE · ${description}`,
            points: curve.points.map((point) => ({
              x: point.iteration,
              y: finiteOrNull(kind === 'test' ? point.testRmse : point.trainRmse),
            })),
          });
        }
      }
      return {
        role,
        colorIndex,
        name: roleName(state.request, role),
        label: modelLabel(config),
        unit: iterationUnit(config),
        series: [...series.filter((line) => !line.current), ...series.filter((line) => line.current)],
      };
    })
    .filter((panel) => panel.series.length > 0 || running);
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

export interface AxisRange {
  readonly min: number;
  readonly max: number;
  /** True when early points lie above `max` (the first iterations' large errors). */
  readonly clipped: boolean;
}

/**
 * A y range that shows where the curves settle: the first tenth of each line's iterations (at
 * least the first one) often has errors several times the final RMSE and would flatten the
 * interesting part. Undefined when there are too few points to bother.
 */
export function focusedRange(series: readonly CurveSeries[]): AxisRange | undefined {
  const values: number[] = [];
  const settled: number[] = [];
  let zoomable = false;
  for (const line of series) {
    // Each line by its own length: 20 ALS sweeps and 200 MCMC samples settle at different x.
    const lastIteration = line.points.reduce((last, point) => Math.max(last, point.x), 0);
    const long = lastIteration >= 10;
    zoomable ||= long;
    const skipThrough = long ? Math.max(1, Math.floor(lastIteration / 10)) : 0;
    for (const point of line.points) {
      if (point.y === null) continue;
      values.push(point.y);
      if (point.x > skipThrough) settled.push(point.y);
    }
  }
  if (!zoomable || settled.length === 0) return undefined;
  const low = Math.min(...values);
  const high = Math.max(...settled);
  const pad = Math.max((high - low) * 0.08, 0.005);
  const step = high - low > 0.2 ? 0.05 : 0.01;
  // Rounded to the step so floating-point noise cannot add a second "0.5" tick.
  const min = Math.max(0, round(Math.floor((low - pad) / step) * step));
  const max = round(Math.ceil((high + pad) / step) * step);
  return { min, max, clipped: Math.max(...values) > max };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
