import type { ModelConfig, ProtocolConfig } from '../config/types';

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

export interface ComparisonResult {
  readonly baseline: EvaluationResult;
  readonly candidate: EvaluationResult;
  /** Paired relative RMSE gain of the candidate over the baseline, (rmse_b - rmse_c) / rmse_b, per fold. */
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
}
