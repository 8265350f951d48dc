import type { ModelConfig } from '../config/types';

export type ProtocolName = 'bootstrap' | 'canonical' | 'ua' | 'holdout' | 'cold-users';

export interface ProtocolConfig {
  readonly protocol: ProtocolName;
  /** k of the bootstrapped k-fold cross-validation (the article: 2). */
  readonly folds: number;
  /** Seeded reshuffles of the k-fold split (the article: 5). */
  readonly repeats: number;
  /** Holdout and cold-users: share of ratings (or users) put in the test part. */
  readonly testFraction: number;
  readonly seed: number;
}

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
