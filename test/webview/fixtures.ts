/** Small panel states built from parameters (no recorded outputs). */
import type { EvaluationResult, FoldResult } from '../../src/core/eval/types';
import type { ProtocolConfig } from '../../src/core/config/schema';
import type { IterationProgress } from '../../src/core/train/types';
import type { ModelConfig } from '../../src/core/config/schema';
import type { ModelRole, ProgressParams, RunRequest } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { meanStd } from '../../webview/shared/format';
import { defaultModelConfig } from '../../src/core/config/modelConfig';

export const fmConfig: ModelConfig = defaultModelConfig('fm', {
  method: 'als',
  features: ['ids', 'user'],
  rank: 8,
  iterations: 20,
  regularization: 0.05,
  seed: 3,
});
export const svdConfig: ModelConfig = { ...fmConfig, model: 'svd', features: ['ids'] };
export const bestConfig: ModelConfig = { ...fmConfig, features: ['ids', 'user', 'implicit'] };
export const protocol: ProtocolConfig = { protocol: 'bootstrap', folds: 2, repeats: 2, testFraction: 0.2, seed: 3 };

export function request(kind: 'evaluate' | 'compare', runId = `run-${kind}`): RunRequest {
  return kind === 'compare'
    ? { runId, kind, dataFolder: '/data', model: svdConfig, candidate: fmConfig, protocol }
    : { runId, kind, dataFolder: '/data', model: fmConfig, protocol };
}

export function emptyState(kind: 'evaluate' | 'compare', runId?: string): TrainingPanelState {
  return { request: request(kind, runId), status: 'running', startedAt: '2026-01-01T00:00:00.000Z', curves: [], folds: [] };
}

/** A decaying test RMSE with a large first iteration, like real solvers. */
export function point(iteration: number, iterations = 20): IterationProgress {
  return {
    iteration,
    iterations,
    trainRmse: 0.6 + 2 / (iteration * iteration),
    testRmse: 0.9 + 2 / (iteration * iteration),
    elapsedSeconds: iteration * 0.1,
    nonFiniteUpdates: 0,
  };
}

export function progress(runId: string, role: ModelRole, foldName: string, iteration: number): ProgressParams {
  return { runId, role, label: role === 'candidate' ? 'FM' : 'SVD', foldName, foldIndex: 0, foldCount: 4, progress: point(iteration) };
}

export function fold(name: string, rmse: number, seconds = 1.5): FoldResult {
  return { name, rmse, mae: rmse * 0.8, seconds, iterations: 20, trainCount: 800, testCount: 200 };
}

export function evaluation(model: ModelConfig, folds: readonly FoldResult[]): EvaluationResult {
  return {
    model,
    protocol,
    folds,
    rmse: meanStd(folds.map((f) => f.rmse)),
    mae: meanStd(folds.map((f) => f.mae)),
    seconds: folds.reduce((sum, f) => sum + f.seconds, 0),
    msPerIteration: 10,
  };
}
