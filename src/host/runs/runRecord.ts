import type { DataCatalog } from '../../shared/catalog';
import type { ErrorInfo, FoldDoneParams, RunRequest, RunResult, RunStatus, SerializedModel } from '../../shared/run';
import type { TrainingCurve, TrainingPanelState } from '../../shared/trainingPanelState';

/** The version of run.json this code writes; records of other versions are listed as skipped. */
export const RUN_FORMAT_VERSION = 1;

/** Timings measured by the host, from the moment the command was invoked. */
export interface RunTimings {
  /** Until the worker had parsed the data. */
  readonly dataLoadedSeconds?: number;
  /** Until the first iteration's progress arrived. */
  readonly firstProgressSeconds?: number;
  /** Until the result (the final table) arrived. */
  readonly totalSeconds?: number;
}

/** Everything stored about one run (run.json); the model and its catalogue are files beside it. */
export interface RunRecord {
  readonly formatVersion: typeof RUN_FORMAT_VERSION;
  readonly request: RunRequest;
  readonly status: RunStatus;
  /** ISO time the run was asked for. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly folds: readonly FoldDoneParams[];
  /** Iteration curves as the Training panel drew them (progress is throttled, so some points are missing). */
  readonly curves: readonly TrainingCurve[];
  readonly result?: RunResult;
  readonly error?: ErrorInfo;
  /** True once model.bin and catalog.json are stored. */
  readonly hasModel: boolean;
  readonly timings: RunTimings;
}

/** A completed run with the model that hovers and spot checks use. */
export interface StoredModel {
  readonly record: RunRecord;
  readonly model: SerializedModel;
  /** The data's users and films in the model's dense index order. */
  readonly catalog: DataCatalog;
}

export function newRunRecord(request: RunRequest, startedAt = new Date()): RunRecord {
  return {
    formatVersion: RUN_FORMAT_VERSION,
    request,
    status: 'running',
    startedAt: startedAt.toISOString(),
    folds: [],
    curves: [],
    hasModel: false,
    timings: {},
  };
}

/** What the Training panel draws for a stored run. */
export function panelStateOf(record: RunRecord): TrainingPanelState {
  return {
    request: record.request,
    status: record.status,
    startedAt: record.startedAt,
    curves: record.curves,
    folds: record.folds,
    result: record.result,
    error: record.error,
    seconds: runSeconds(record),
  };
}

/**
 * Wall-clock seconds a finished run took: measured from the command (timings), else from its
 * start and finish times. A cancelled run counts until the cancel, not only its finished folds.
 */
export function runSeconds(record: RunRecord): number | undefined {
  if (record.timings.totalSeconds !== undefined) return record.timings.totalSeconds;
  if (record.finishedAt === undefined) return undefined;
  const seconds = (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/** The RMSE mean ± std of a finished run (compare: the candidate's). */
export function runRmse(record: RunRecord): { mean: number; std: number } | undefined {
  const result = record.result;
  if (result === undefined) return undefined;
  return result.kind === 'evaluate' ? result.evaluation.rmse : result.comparison.candidate.rmse;
}
