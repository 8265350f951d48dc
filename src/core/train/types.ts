import type { EmbeddingModel } from '../model/embeddingModel';

/** Feature groups of the FM design matrix, switched on one by one. */
export type FeatureGroup =
  /** One-hot user id and film id. */
  | 'ids'
  /** Age bucket, gender, occupation, first digit of the zip code. */
  | 'user'
  /** Release-year bucket and genres. */
  | 'item'
  /** Words of the title (optional film side). */
  | 'title'
  /** The films the user rated in the training part, each weighted 1/√n (SVD++'s implicit feedback). */
  | 'implicit'
  /** The other direction: the users who rated the film in the training part, each 1/√n. */
  | 'raters';

export const ALL_FEATURE_GROUPS: readonly FeatureGroup[] = ['ids', 'user', 'item', 'title', 'implicit', 'raters'];
/**
 * The FM's default: everything but title words (which measured no gain on ml-100k). Raters add
 * about 0.007 RMSE on ml-100k u1..u5 over libFM's side+implicit set.
 */
export const DEFAULT_FM_FEATURES: readonly FeatureGroup[] = ['ids', 'user', 'item', 'implicit', 'raters'];

export type ModelKind = 'svd' | 'fm';

/**
 * MCMC's noise model: one precision shared by every rating (libFM), or a precision per user
 * drawn around the shared one, so an erratic rater's ratings weigh less.
 */
export type NoiseModel = 'shared' | 'per-user';
export const NOISE_MODELS: readonly NoiseModel[] = ['shared', 'per-user'];
export type SolverMethod = 'als' | 'sgd' | 'mcmc';

/** What to train. Validated once (see validateModelConfig); defaults from defaultModelConfig. */
export interface ModelConfig {
  readonly model: ModelKind;
  readonly method: SolverMethod;
  /** FM only; SVD always uses ids alone. */
  readonly features: readonly FeatureGroup[];
  readonly rank: number;
  /** Sweeps (ALS), epochs (SGD) or samples (MCMC). */
  readonly iterations: number;
  /** SGD step size. */
  readonly learningRate: number;
  /**
   * L2 regularization (ALS, SGD). A number applies to every group; a record gives one value per
   * feature group (plus 'bias' for w0 and 'factors' overriding the factor part).
   */
  readonly regularization: number | Readonly<Record<string, number>>;
  /** Standard deviation of the initial factors. */
  readonly initStdev: number;
  /** MCMC: samples discarded before averaging starts. */
  readonly burnIn: number;
  /** MCMC only; absent means 'shared' (runs stored before per-user noise existed). */
  readonly noise?: NoiseModel;
  readonly seed: number;
}

/** One iteration's progress; the same hook carries it and can stop the run. */
export interface IterationProgress {
  readonly iteration: number;
  readonly iterations: number;
  readonly trainRmse: number;
  /** RMSE on the fold's test part (for MCMC: of the running posterior average). */
  readonly testRmse?: number;
  readonly elapsedSeconds: number;
  /** Parameter updates that gave a non-finite value and were reverted this iteration. */
  readonly nonFiniteUpdates: number;
}

export interface TrainingHooks {
  readonly onIteration?: (progress: IterationProgress) => void;
  /** Checked once per iteration; an aborted signal makes the solver throw CancelledError. */
  readonly signal?: AbortSignal;
}

export interface FitResult {
  readonly model: EmbeddingModel;
  /** Predictions for the fold's test ratings, clipped (MCMC: averaged over samples). */
  readonly testPredictions: Float64Array;
  readonly history: readonly IterationProgress[];
  readonly seconds: number;
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('The run was cancelled.');
  }
}

export function isCancelledError(value: unknown): value is CancelledError {
  return value instanceof Error && value.name === 'CancelledError';
}

/** Throws CancelledError when the hooks' signal is aborted. Call once per iteration. */
export function throwIfCancelled(hooks: TrainingHooks | undefined): void {
  if (hooks?.signal?.aborted) throw new CancelledError();
}
