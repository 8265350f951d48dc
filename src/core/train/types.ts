import type { EmbeddingModel } from '../model/embeddingModel';

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

/** What the solvers read of an AbortSignal (structural, so core needs neither DOM nor Node types). */
export interface CancellationSignal {
  readonly aborted: boolean;
}

export interface TrainingHooks {
  readonly onIteration?: (progress: IterationProgress) => void;
  /** Checked once per iteration; an aborted signal makes the solver throw CancelledError. */
  readonly signal?: CancellationSignal;
}

export interface FitResult {
  readonly model: EmbeddingModel;
  /** Predictions for the fold's test ratings, clipped (MCMC: averaged over samples). */
  readonly testPredictions: Float64Array;
  readonly history: readonly IterationProgress[];
  readonly seconds: number;
  /**
   * An ordinal FM's posterior predictive distribution of each test rating: `probabilities` holds
   * one value per rating level (`levels`, ascending) for each test rating in turn, averaged over
   * the samples after burn-in (testPredictions is its mean). Absent for every other model.
   */
  readonly ratingDistribution?: { readonly levels: Float64Array; readonly probabilities: Float32Array };
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
