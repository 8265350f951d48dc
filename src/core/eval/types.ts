import type { ModelConfig, ProtocolConfig } from '../config/schema';

/**
 * Which model of a run: the one of an evaluation, or a comparison's baseline, candidate, and
 * optionally a second candidate shown beside the first (the best configuration known).
 */
export type ModelRole = 'model' | 'baseline' | 'candidate' | 'best';

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

export interface FoldResult {
  readonly name: string;
  readonly rmse: number;
  readonly mae: number;
  readonly seconds: number;
  readonly iterations: number;
  readonly trainCount: number;
  readonly testCount: number;
}

export interface EvaluationResult {
  readonly model: ModelConfig;
  readonly protocol: ProtocolConfig;
  readonly folds: readonly FoldResult[];
  readonly rmse: MeanStd;
  readonly mae: MeanStd;
  readonly seconds: number;
  readonly msPerIteration: number;
}

/** A further candidate of a comparison, with its own paired gain over the same baseline. */
export interface ExtraCandidate {
  readonly evaluation: EvaluationResult;
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
}

export interface ComparisonResult {
  readonly baseline: EvaluationResult;
  readonly candidate: EvaluationResult;
  /** Paired relative RMSE gain of the candidate over the baseline, (rmse_b - rmse_c) / rmse_b, per fold. */
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
  /** The best configuration known (the FM defaults) on the same folds, when the run asked for it. */
  readonly best?: ExtraCandidate;
}
