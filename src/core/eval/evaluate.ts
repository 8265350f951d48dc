import type { MovieLensData } from '../data/types';
import { validateModelConfig } from '../config/modelConfig';
import { trainModel } from './trainModel';
import type { CancellationSignal, FitResult, IterationProgress } from '../train/types';
import type { ModelConfig } from '../config/types';
import { meanStd, mae, rmse } from './metrics';
import { makeFolds } from './protocols';
import { validateProtocolConfig } from '../config/protocolConfig';
import type { ComparisonResult, EvaluationResult, FoldResult } from './types';
import type { ProtocolConfig } from '../config/types';
import type { Fold } from '../data/types';

/** Which fold of which model an event is about. */
export interface FoldEvent {
  readonly role: 'model' | 'baseline' | 'candidate';
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
 * Trains and scores `model` on every fold of `protocol`: RMSE and MAE of the clipped test
 * predictions per fold, their mean ± sample std, and the time per training iteration.
 */
export function evaluate(
  data: MovieLensData,
  model: ModelConfig,
  protocol: ProtocolConfig,
  hooks?: EvaluationHooks,
): EvaluationResult {
  return evaluateOnFolds(data, model, protocol, makeFolds(data, protocol), 'model', hooks);
}

/**
 * Trains both configurations on the same folds (baseline first, fold by fold) and reports the
 * paired relative RMSE gain of the candidate, (rmse_b − rmse_c) / rmse_b, per fold and mean ± std.
 */
export function compare(
  data: MovieLensData,
  baseline: ModelConfig,
  candidate: ModelConfig,
  protocol: ProtocolConfig,
  hooks?: EvaluationHooks,
): ComparisonResult {
  const folds = makeFolds(data, protocol);
  // Both configs are checked before the first (possibly long) training starts.
  validateModelConfig(baseline);
  validateModelConfig(candidate);
  const baselineResult = evaluateOnFolds(data, baseline, protocol, folds, 'baseline', hooks);
  const candidateResult = evaluateOnFolds(data, candidate, protocol, folds, 'candidate', hooks);
  const gainPerFold = baselineResult.folds.map((fold, index) => {
    const candidateRmse = candidateResult.folds[index].rmse;
    return (fold.rmse - candidateRmse) / fold.rmse;
  });
  return { baseline: baselineResult, candidate: candidateResult, gain: meanStd(gainPerFold), gainPerFold };
}

function evaluateOnFolds(
  data: MovieLensData,
  model: ModelConfig,
  protocol: ProtocolConfig,
  folds: readonly Fold[],
  role: FoldEvent['role'],
  hooks: EvaluationHooks | undefined,
): EvaluationResult {
  const config = validateModelConfig(model);
  const validProtocol = validateProtocolConfig(protocol);
  const results: FoldResult[] = [];
  let totalSeconds = 0;
  let totalIterations = 0;
  folds.forEach((fold, foldIndex) => {
    const event: FoldEvent = { role, foldName: fold.name, foldIndex, foldCount: folds.length };
    const onIteration = hooks?.onIteration;
    const fit = trainModel(data, fold, config, {
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
    };
    results.push(result);
    totalSeconds += fit.seconds;
    totalIterations += fit.history.length;
    hooks?.onFold?.(event, result, fit);
  });
  return {
    model: config,
    protocol: validProtocol,
    folds: results,
    rmse: meanStd(results.map((result) => result.rmse)),
    mae: meanStd(results.map((result) => result.mae)),
    seconds: totalSeconds,
    msPerIteration: totalIterations > 0 ? (totalSeconds * 1000) / totalIterations : 0,
  };
}
