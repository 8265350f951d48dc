/**
 * Which lines the RMSE chart draws (pure: no DOM, no Chart.js). Per model: its current (latest)
 * fold as a bold pair — test solid, train dashed — and earlier folds as faint lines, so a compare
 * run with many folds stays legible.
 */
import type { ModelRole } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';

export interface CurvePoint {
  readonly x: number;
  readonly y: number | null;
}

export interface CurveSeries {
  readonly role: ModelRole;
  /** 0 for the first model seen, 1 for the second (picks the colour). */
  readonly modelIndex: number;
  readonly label: string;
  readonly foldName: string;
  readonly kind: 'test' | 'train';
  /** The model's latest fold (bold, in the legend); false for earlier folds (faint). */
  readonly current: boolean;
  readonly points: readonly CurvePoint[];
}

export function curveSeries(state: TrainingPanelState): CurveSeries[] {
  const roles: ModelRole[] = [];
  const latest = new Map<ModelRole, number>();
  state.curves.forEach((curve, index) => {
    if (!roles.includes(curve.role)) roles.push(curve.role);
    latest.set(curve.role, index);
  });
  const series: CurveSeries[] = [];
  state.curves.forEach((curve, index) => {
    const common = {
      role: curve.role,
      modelIndex: roles.indexOf(curve.role),
      label: curve.label,
      foldName: curve.foldName,
      current: latest.get(curve.role) === index,
    };
    series.push({
      ...common,
      kind: 'test',
      points: curve.points.map((point) => ({ x: point.iteration, y: finiteOrNull(point.testRmse) })),
    });
    series.push({
      ...common,
      kind: 'train',
      points: curve.points.map((point) => ({ x: point.iteration, y: finiteOrNull(point.trainRmse) })),
    });
  });
  // Faint lines first so the current pairs are drawn on top.
  return [...series.filter((line) => !line.current), ...series.filter((line) => line.current)];
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
 * A y range that shows where the curves settle: the first tenth of the iterations (at least the
 * first one) often has errors several times the final RMSE and would flatten the interesting part.
 * Undefined when there are too few points to bother.
 */
export function focusedRange(series: readonly CurveSeries[]): AxisRange | undefined {
  const values: number[] = [];
  const settled: number[] = [];
  let lastIteration = 0;
  for (const line of series) for (const point of line.points) lastIteration = Math.max(lastIteration, point.x);
  if (lastIteration < 10) return undefined;
  const skipThrough = Math.max(1, Math.floor(lastIteration / 10));
  for (const line of series) {
    for (const point of line.points) {
      if (point.y === null) continue;
      values.push(point.y);
      if (point.x > skipThrough) settled.push(point.y);
    }
  }
  if (settled.length === 0) return undefined;
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
