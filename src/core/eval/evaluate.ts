import type { ValidModelConfig } from '../config/modelConfig';
import type { ValidProtocolConfig } from '../config/protocolConfig';
import type { Fold, MovieLensData } from '../data/types';
import { requireFeatureData } from '../features/availability';
import type { CancellationSignal, FitResult, IterationProgress } from '../train/types';
import { rankFold } from './foldRanking';
import { meanStd, mae, rmse } from './metrics';
import { summarizeRanking } from './rankingSummary';
import { makeFolds } from './protocols';
import { trainModel } from './trainModel';
import type { ComparisonResult, EvaluationResult, FoldResult, ModelRole } from './types';

/** Which fold of which model an event is about. */
export interface FoldEvent {
  readonly role: ModelRole;
  readonly foldName: string;
  /** 0-based. */
  readonly foldIndex: number;
  readonly foldCount: number;
}

export interface EvaluationHooks {
  /** Checked once per iteration by the solvers; aborting throws CancelledError. */
  readonly signal?: CancellationSignal;
  readonly onIteration?: (fold: FoldEvent, progress: IterationProgress) => void;
  /** After each fold, with its scores and the trained model. */
  readonly onFold?: (fold: FoldEvent, result: FoldResult, fit: FitResult) => void;
}

/**
 * Trains `model` on one fold and scores its clipped test predictions: the unit of work that the
 * worker pool runs side by side (src/threads/foldPool.ts). The same config and fold give the same
 * numbers whichever thread runs it and in whatever order.
 */
export function evaluateFold(
  data: MovieLensData,
  fold: Fold,
  model: ValidModelConfig,
  event: FoldEvent,
  hooks?: EvaluationHooks,
): { readonly result: FoldResult; readonly fit: FitResult } {
  const onIteration = hooks?.onIteration;
  const fit = trainModel(data, fold, model, {
    signal: hooks?.signal,
    onIteration: onIteration ? (progress) => onIteration(event, progress) : undefined,
  });
  const result: FoldResult = {
    name: fold.name,
    rmse: rmse(fold.test.rating, fit.testPredictions),
    mae: mae(fold.test.rating, fit.testPredictions),
    seconds: fit.seconds,
    iterations: fit.history.length,
    trainCount: fold.train.length,
    testCount: fold.test.length,
    ranking: rankFold(data, fold, fit.model),
  };
  hooks?.onFold?.(event, result, fit);
  return { result, fit };
}

/**
 * Per-fold results (in fold order) summed up: mean ± sample std of RMSE, MAE and the ranking
 * figures (when every fold has them), time per iteration.
 */
export function summarizeEvaluation(
  model: ValidModelConfig,
  protocol: ValidProtocolConfig,
  folds: readonly FoldResult[],
): EvaluationResult {
  const seconds = folds.reduce((total, fold) => total + fold.seconds, 0);
  const iterations = folds.reduce((total, fold) => total + fold.iterations, 0);
  const ranking = summarizeRanking(folds);
  return {
    model,
    protocol,
    folds,
    rmse: meanStd(folds.map((fold) => fold.rmse)),
    mae: meanStd(folds.map((fold) => fold.mae)),
    seconds,
    msPerIteration: iterations > 0 ? (seconds * 1000) / iterations : 0,
    ...(ranking === undefined ? {} : { ranking }),
  };
}

/** Paired relative RMSE gains (rmse_b − rmse_c) / rmse_b, fold by fold. */
function pairedGains(baseline: EvaluationResult, candidate: EvaluationResult): number[] {
  return baseline.folds.map((fold, index) => (fold.rmse - candidate.folds[index].rmse) / fold.rmse);
}

/**
 * The paired relative RMSE gain of the candidate over the baseline per fold and mean ± std (and of
 * the best configuration, when one ran on the same folds).
 */
export function summarizeComparison(baseline: EvaluationResult, candidate: EvaluationResult, best?: EvaluationResult): ComparisonResult {
  const gainPerFold = pairedGains(baseline, candidate);
  const comparison: ComparisonResult = { baseline, candidate, gain: meanStd(gainPerFold), gainPerFold };
  if (best === undefined) return comparison;
  const bestGains = pairedGains(baseline, best);
  return { ...comparison, best: { evaluation: best, gain: meanStd(bestGains), gainPerFold: bestGains } };
}

/**
 * Trains and scores `model` on every fold of `protocol`, one after another on this thread (the
 * pool runs the same folds side by side).
 */
export function evaluate(
  data: MovieLensData,
  model: ValidModelConfig,
  protocol: ValidProtocolConfig,
  hooks?: EvaluationHooks,
): EvaluationResult {
  requireFeatureData(data, model.features);
  return evaluateOnFolds(data, model, protocol, makeFolds(data, protocol), 'model', hooks);
}

/**
 * Trains both configurations on the same folds (baseline first, fold by fold) and reports the
 * paired relative RMSE gain of the candidate.
 */
export function compare(
  data: MovieLensData,
  baseline: ValidModelConfig,
  candidate: ValidModelConfig,
  protocol: ValidProtocolConfig,
  hooks?: EvaluationHooks,
): ComparisonResult {
  // That the data has both models' features is checked before the first (possibly long) training.
  requireFeatureData(data, baseline.features);
  requireFeatureData(data, candidate.features);
  const folds = makeFolds(data, protocol);
  const baselineResult = evaluateOnFolds(data, baseline, protocol, folds, 'baseline', hooks);
  const candidateResult = evaluateOnFolds(data, candidate, protocol, folds, 'candidate', hooks);
  return summarizeComparison(baselineResult, candidateResult);
}

function evaluateOnFolds(
  data: MovieLensData,
  model: ValidModelConfig,
  protocol: ValidProtocolConfig,
  folds: readonly Fold[],
  role: ModelRole,
  hooks: EvaluationHooks | undefined,
): EvaluationResult {
  const results = folds.map(
    (fold, foldIndex) => evaluateFold(data, fold, model, { role, foldName: fold.name, foldIndex, foldCount: folds.length }, hooks).result,
  );
  return summarizeEvaluation(model, protocol, results);
}
