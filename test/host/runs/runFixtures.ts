import type { RunRecord } from '../../../src/host/runs/runRecord';
import { newRunRecord } from '../../../src/host/runs/runRecord';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import type { EvaluationResult, FoldResult, ModelConfig, ProtocolConfig, RunRequest } from '../../../src/shared/run';
import { fmRequest } from '../../worker/workerHarness';

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** An evaluation as the engine reports it, from per-fold RMSEs (MAE a fixed share of them). */
export function evaluationOf(model: ModelConfig, protocol: ProtocolConfig, rmses: readonly number[]): EvaluationResult {
  const folds: FoldResult[] = rmses.map((rmse, index) => ({
    name: `r1f${index + 1}`,
    rmse,
    mae: rmse * 0.79,
    seconds: 1.5 + index,
    iterations: model.iterations,
    trainCount: 50_000,
    testCount: 50_000,
  }));
  const seconds = folds.reduce((sum, fold) => sum + fold.seconds, 0);
  return {
    model,
    protocol,
    folds,
    rmse: meanStd(folds.map((fold) => fold.rmse)),
    mae: meanStd(folds.map((fold) => fold.mae)),
    seconds,
    msPerIteration: (seconds * 1000) / (model.iterations * folds.length),
  };
}

/** A completed evaluate run with the given fold RMSEs, valid for the store's validator. */
export function completedRun(
  options: { startedAt?: string; model?: Partial<ModelConfig>; rmses?: readonly number[]; dataFolder?: string } = {},
): RunRecord {
  const request = fmRequest(options.dataFolder ?? '/data/ml-100k', options.model);
  const record = newRunRecord(request, new Date(options.startedAt ?? '2026-01-01T10:00:00Z'));
  const evaluation = evaluationOf(request.model, request.protocol, options.rmses ?? [0.95, 0.97]);
  return {
    ...record,
    status: 'completed',
    finishedAt: new Date(Date.parse(record.startedAt) + 9_000).toISOString(),
    result: { kind: 'evaluate', evaluation },
    timings: { totalSeconds: 9.25 },
  };
}

/** A completed comparison (SVD-ALS baseline vs an FM) with its paired gain per fold. */
export function comparedRun(
  options: {
    startedAt?: string;
    candidate?: Partial<ModelConfig>;
    baselineRmses?: readonly number[];
    candidateRmses?: readonly number[];
  } = {},
): RunRecord {
  const evaluate = fmRequest('/data/ml-100k', options.candidate);
  const baseline = defaultModelConfig('svd', { rank: evaluate.model.rank, seed: evaluate.model.seed });
  const request: RunRequest = { ...evaluate, kind: 'compare', model: baseline, candidate: evaluate.model };
  const baselineEvaluation = evaluationOf(baseline, request.protocol, options.baselineRmses ?? [0.94, 0.96]);
  const candidateEvaluation = evaluationOf(evaluate.model, request.protocol, options.candidateRmses ?? [0.91, 0.92]);
  const gainPerFold = baselineEvaluation.folds.map((fold, index) => (fold.rmse - candidateEvaluation.folds[index].rmse) / fold.rmse);
  const record = newRunRecord(request, new Date(options.startedAt ?? '2026-01-01T12:00:00Z'));
  return {
    ...record,
    status: 'completed',
    result: {
      kind: 'compare',
      comparison: { baseline: baselineEvaluation, candidate: candidateEvaluation, gain: meanStd(gainPerFold), gainPerFold },
    },
    timings: { totalSeconds: 21.5 },
  };
}
