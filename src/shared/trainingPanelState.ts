/**
 * Pure helpers over TrainingPanelState, shared by the host (which keeps the state a restored
 * panel redraws from) and the Training panel's webview (which folds live progress into it).
 * No `vscode` and no DOM here, so both bundles and plain mocha tests can import it.
 */
import type { ErrorInfo, FoldDoneParams, ModelRole, ProgressParams, RunRequest, RunResult, RunStatus } from './run';
import type { IterationProgress } from '../core/train/types';

/** Everything the Training panel draws; sent whole so a restored panel redraws from it. */
export interface TrainingPanelState {
  readonly request: RunRequest;
  readonly status: RunStatus;
  readonly startedAt: string;
  /** Per role and fold: the iteration curve so far. */
  readonly curves: readonly TrainingCurve[];
  readonly folds: readonly FoldDoneParams[];
  readonly result?: RunResult;
  readonly error?: ErrorInfo;
  /** Wall-clock seconds the run took, from the command to its end (a cancelled run's too). */
  readonly seconds?: number;
  /** Compare Runs: the stored runs shown side by side, baseline first. */
  readonly compared?: readonly ComparedRun[];
  /** The run (or one of the compared runs) was deleted while the panel showed it. */
  readonly deleted?: boolean;
}

/** A stored run shown in a Compare Runs panel. */
export interface ComparedRun {
  readonly runId: string;
  readonly label: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly seconds?: number;
}

/** The run ids a panel state shows: its own, or the compared runs'. */
export function shownRunIds(state: TrainingPanelState): string[] {
  return state.compared === undefined ? [state.request.runId] : state.compared.map((run) => run.runId);
}

export interface TrainingCurve {
  readonly role: ModelRole;
  readonly label: string;
  readonly foldName: string;
  readonly points: readonly IterationProgress[];
}

/**
 * Folds one live progress event into the state. Events of another run are ignored; an event for an
 * iteration the curve already has replaces that point, so replaying events is harmless.
 */
export function applyProgress(state: TrainingPanelState, params: ProgressParams): TrainingPanelState {
  return applyProgressBatch(state, [params]);
}

/**
 * Folds live progress events into the state, the same state as applying them one by one
 * (applyProgress), but each curve they touch is copied once per batch, not once per event: a
 * batch holds a second of every worker's iterations (about a hundred events), and the copies were
 * garbage the workbench's renderer collects (the page shares its heap).
 */
export function applyProgressBatch(state: TrainingPanelState, events: readonly ProgressParams[]): TrainingPanelState {
  let curves: TrainingCurve[] | undefined;
  // The curves copied in this batch (by index into `curves`), which may be changed in place.
  const copied = new Map<number, IterationProgress[]>();
  for (const params of events) {
    if (params.runId !== state.request.runId) continue;
    curves ??= [...state.curves];
    const index = curves.findIndex((curve) => curve.role === params.role && curve.foldName === params.foldName);
    if (index < 0) {
      const points = [params.progress];
      copied.set(curves.length, points);
      curves.push({ role: params.role, label: params.label, foldName: params.foldName, points });
      continue;
    }
    let points = copied.get(index);
    if (points === undefined) {
      points = [...curves[index].points];
      copied.set(index, points);
      curves[index] = { ...curves[index], points };
    }
    insertPoint(points, params.progress);
  }
  return curves === undefined ? state : { ...state, curves };
}

/**
 * Puts a point into a curve's points (ascending iterations, each once): replaces the point of its
 * iteration, else goes in order. Searched from the end, where events arrive.
 */
function insertPoint(points: IterationProgress[], point: IterationProgress): void {
  let position = points.length;
  while (position > 0 && points[position - 1].iteration > point.iteration) position--;
  if (position > 0 && points[position - 1].iteration === point.iteration) points[position - 1] = point;
  else points.splice(position, 0, point);
}

/**
 * Replaces a finished fold's curve by its full per-iteration history (the live points are
 * throttled, so they have gaps). Kept as is when the fold sent no history or a shorter one.
 */
export function applyFoldHistory(state: TrainingPanelState, params: FoldDoneParams): TrainingPanelState {
  const history = params.history;
  if (params.runId !== state.request.runId || history === undefined || history.length === 0) return state;
  const foldName = params.fold.name;
  const index = state.curves.findIndex((curve) => curve.role === params.role && curve.foldName === foldName);
  if (index >= 0 && state.curves[index].points.length > history.length) return state;
  const points = [...history].sort((left, right) => left.iteration - right.iteration);
  const curve: TrainingCurve = { role: params.role, label: params.label, foldName, points };
  const curves = [...state.curves];
  if (index >= 0) curves[index] = curve;
  else curves.push(curve);
  return { ...state, curves };
}

/** The fold without its history (stored and sent to the panel once its curve holds it). */
export function withoutHistory(params: FoldDoneParams): FoldDoneParams {
  if (params.history === undefined) return params;
  const { history: _history, ...rest } = params;
  return rest;
}

/**
 * A newer state of the same run may carry fewer curve points than were already drawn (the sender
 * need not keep the live points): for each model and fold keep the longer curve. Another run's
 * state replaces everything.
 */
export function mergeCurves(kept: TrainingPanelState | undefined, incoming: TrainingPanelState): TrainingPanelState {
  if (!kept || kept.request.runId !== incoming.request.runId || kept.curves.length === 0) return incoming;
  const keyOf = (curve: TrainingCurve) => `${curve.role}\u0000${curve.foldName}`;
  const incomingByKey = new Map(incoming.curves.map((curve) => [keyOf(curve), curve]));
  const curves: TrainingCurve[] = [];
  let changed = false;
  for (const curve of kept.curves) {
    const newer = incomingByKey.get(keyOf(curve));
    incomingByKey.delete(keyOf(curve));
    if (newer && newer.points.length >= curve.points.length) {
      curves.push(newer);
    } else {
      curves.push(curve);
      changed = true;
    }
  }
  curves.push(...incomingByKey.values());
  return changed ? { ...incoming, curves } : incoming;
}

/**
 * The part of `next` a page that has drawn `sent` still needs, for it to merge in (mergeCurves):
 * `next` without the curves it shares with `sent`, the same curve objects, which the page holds
 * already. A state of another run goes whole. Every fold's end sent every curve again (about
 * 300 KB of points by the last fold of the default run), which the workbench took 0.17-0.27 s to
 * pass to the page in code-server, the final table waiting behind it.
 */
export function withoutSentCurves(sent: TrainingPanelState, next: TrainingPanelState): TrainingPanelState {
  if (sent.request.runId !== next.request.runId) return next;
  const drawn = new Set(sent.curves);
  const curves = next.curves.filter((curve) => !drawn.has(curve));
  return curves.length === next.curves.length ? next : { ...next, curves };
}

/** Loose structural check of a persisted or received state (webview state survives reloads). */
export function isTrainingPanelState(value: unknown): value is TrainingPanelState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<TrainingPanelState>;
  return (
    typeof candidate.request === 'object' &&
    candidate.request !== null &&
    typeof candidate.request.runId === 'string' &&
    typeof candidate.status === 'string' &&
    Array.isArray(candidate.curves) &&
    Array.isArray(candidate.folds)
  );
}

/**
 * A panel restored after a window reload cannot still be training: the worker died with the old
 * extension host. Show such a run as interrupted rather than spinning forever.
 */
export function markInterrupted(state: TrainingPanelState): TrainingPanelState {
  if (state.status !== 'running') return state;
  return {
    ...state,
    status: 'failed',
    error: { message: 'Interrupted: the window was reloaded while this run was in progress.' },
  };
}
