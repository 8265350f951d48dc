import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import { buildFeatureBlocks } from '../features/featureBlocks';
import type { FitResult, TrainingHooks } from '../train/types';
import type { ValidModelConfig } from '../config/modelConfig';
import { trainFmAls } from './als';
import { trainFmMcmc } from './mcmc';
import type { FmProblem } from './progress';
import { trainFmSgd } from './sgd';

/**
 * Trains a second-order factorization machine on one fold with `config.method`: 'mcmc' (Gibbs
 * sampling, no tuning needed), 'als' (coordinate descent, per-group regularization) or 'sgd'.
 * The feature groups of `config.features` build a relational user block and item block (and a
 * context block for the user's time groups); the
 * result's model folds them into an embedding for every user and film of `data`, including
 * cold ones (features but no training ratings). Deterministic for a given `config.seed`.
 * Throws CancelledError within one iteration of `hooks.signal` being aborted. The config was
 * validated where it entered (validateModelConfig): its limits are not checked again here.
 */
export function trainFm(data: MovieLensData, fold: Fold, config: ValidModelConfig, hooks?: TrainingHooks): FitResult {
  const start = performance.now();
  const blocks = buildFeatureBlocks(data, fold.train, config.features, fold.test);
  const problem: FmProblem = { data, fold, config, blocks };
  const result =
    config.method === 'als'
      ? trainFmAls(problem, hooks)
      : config.method === 'sgd'
        ? trainFmSgd(problem, hooks)
        : trainFmMcmc(problem, hooks);
  return { ...result, seconds: (performance.now() - start) / 1000 };
}
