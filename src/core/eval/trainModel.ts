import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import { buildContextProblem, foldContextModel } from '../features/contextRows';
import { usesContextRows } from '../features/timeContext';
import { trainFm } from '../fm/trainFm';
import { trainSvdAls } from '../svd/trainSvdAls';
import type { ValidModelConfig } from '../config/modelConfig';
import type { FitResult, TrainingHooks } from '../train/types';

/**
 * Trains `config` on `fold.train` and predicts `fold.test`: SVD by ALS, or a factorization machine
 * by `config.method`. The config was validated where it entered (validateModelConfig).
 * An FM with filmAge or filmMonth trains on (film, age or month) rows (features/contextRows.ts):
 * its test predictions use each test rating's own film age or month; its model is folded back to
 * one row per film, each at its latest age or month. The user's time groups need nothing here: they are the FM's context block.
 */
export function trainModel(data: MovieLensData, fold: Fold, config: ValidModelConfig, hooks?: TrainingHooks): FitResult {
  if (config.model === 'svd') return trainSvdAls(data, fold, config, hooks);
  if (!usesContextRows(config.features)) return trainFm(data, fold, config, hooks);
  const started = performance.now();
  const problem = buildContextProblem(data, fold, config.features.includes('filmMonth') ? 'month' : 'age');
  const fit = trainFm(problem.data, problem.fold, config, hooks);
  return { ...fit, model: foldContextModel(fit.model, problem.rows), seconds: (performance.now() - started) / 1000 };
}
