/**
 * What a run is, as every side of a boundary sees it: the request, its progress events, its result
 * and the model it leaves. Types only; stored with each run, so changes must stay readable.
 */
import type { ComparisonResult, EvaluationResult, FoldResult, ModelRole } from '../core/eval/types';
import type { ProtocolConfig } from '../core/config/schema';
import type { EmbeddingModel } from '../core/model/embeddingModel';
import type { IterationProgress } from '../core/train/types';
import type { ModelConfig } from '../core/config/schema';

// The engine's result and configuration types are part of what crosses every boundary (a run's
// request and result go to the worker, the run store and the panels): named here for the sides
// that may not import core themselves (the webviews).
export type {
  ComparisonResult,
  EvaluationRanking,
  EvaluationResult,
  ExtraCandidate,
  FoldRanking,
  FoldResult,
  MeanStd,
  ModelRole,
  RankingFigures,
  RankingProtocols,
  RankingProtocolsSummary,
  RankingSummary,
  UnratedRankingFigures,
} from '../core/eval/types';
export type { ProtocolConfig } from '../core/config/schema';
export type { IterationProgress } from '../core/train/types';
export type { ModelConfig } from '../core/config/schema';

/** A failure that can point at a place in a data file. */
export interface ErrorInfo {
  readonly message: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
}

export type RunKind = 'evaluate' | 'compare';
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** What a run was asked to do; stored with the run. */
export interface RunRequest {
  readonly runId: string;
  readonly kind: RunKind;
  /** Absolute path of the MovieLens folder. */
  readonly dataFolder: string;
  /** The model (evaluate), or the baseline (compare). */
  readonly model: ModelConfig;
  /** compare only: the model measured against the baseline on the same folds. */
  readonly candidate?: ModelConfig;
  /** compare only: a second candidate reported beside the first (the FM with the default features). */
  readonly best?: ModelConfig;
  readonly protocol: ProtocolConfig;
}

/** Which model of the run a progress event is about (compare runs have two). */

export interface ProgressParams {
  readonly runId: string;
  readonly role: ModelRole;
  readonly label: string;
  readonly foldName: string;
  /** 0-based index of the fold among foldCount. */
  readonly foldIndex: number;
  readonly foldCount: number;
  readonly progress: IterationProgress;
}

export interface FoldDoneParams {
  readonly runId: string;
  readonly role: ModelRole;
  readonly label: string;
  readonly fold: FoldResult;
  /**
   * Every iteration of the fold, in order (live progress is throttled, so a fast fold's live curve
   * has gaps). Set by the worker; the host folds it into the curves and stores folds without it.
   */
  readonly history?: readonly IterationProgress[];
}

export type RunResult =
  | { readonly kind: 'evaluate'; readonly evaluation: EvaluationResult }
  | { readonly kind: 'compare'; readonly comparison: ComparisonResult };

/**
 * A trained model in transferable form (typed arrays survive structured clone). The host stores
 * it beside the run so hovers and spot checks work after a reload without retraining.
 */
export interface SerializedModel extends EmbeddingModel {
  readonly formatVersion: 1;
  /** Fold the model was trained on (its test part is what the spot check recommends from). */
  readonly foldName: string;
}

export interface DataLoadedParams {
  readonly runId: string;
  /** Absolute path of the data folder. */
  readonly folder: string;
  readonly format: string;
  readonly users: number;
  readonly items: number;
  readonly ratings: number;
  readonly seconds: number;
  /** What the loader did that the user should know (e.g. re-ratings kept at their latest). */
  readonly notes: readonly string[];
}

export interface CompletedParams {
  readonly runId: string;
  readonly result: RunResult;
  /** The model of the first fold (compare: the candidate's). */
  readonly model: SerializedModel;
}
