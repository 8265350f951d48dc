import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import { buildFeatureBlocks } from '../features/featureBlocks';
import type { FitResult, TrainingHooks } from '../train/types';
import type { ModelConfig } from '../config/types';
import { trainFmAls } from './als';
import { trainFmMcmc } from './mcmc';
import type { FmProblem } from './progress';
import { trainFmSgd } from './sgd';

/**
 * Trains a second-order factorization machine on one fold with `config.method`: 'mcmc' (Gibbs
 * sampling, no tuning needed), 'als' (coordinate descent, per-group regularization) or 'sgd'.
 * The feature groups of `config.features` build a relational user block and item block; the
 * result's model folds them into an embedding for every user and film of `data`, including
 * cold ones (features but no training ratings). Deterministic for a given `config.seed`.
 * Throws CancelledError within one iteration of `hooks.signal` being aborted.
 */
export function trainFm(data: MovieLensData, fold: Fold, config: ModelConfig, hooks?: TrainingHooks): FitResult {
  checkConfig(config);
  const start = performance.now();
  const blocks = buildFeatureBlocks(data, fold.train, config.features);
  const problem: FmProblem = { data, fold, config, blocks };
  const result =
    config.method === 'als' ? trainFmAls(problem, hooks) : config.method === 'sgd' ? trainFmSgd(problem, hooks) : trainFmMcmc(problem, hooks);
  return { ...result, seconds: (performance.now() - start) / 1000 };
}

function checkConfig(config: ModelConfig): void {
  const problems: string[] = [];
  if (!Number.isInteger(config.rank) || config.rank < 1) problems.push(`rank must be an integer ≥ 1, got ${config.rank}`);
  if (!Number.isInteger(config.iterations) || config.iterations < 1) {
    problems.push(`iterations must be an integer ≥ 1, got ${config.iterations}`);
  }
  if (!(config.initStdev >= 0)) problems.push(`initStdev must be ≥ 0, got ${config.initStdev}`);
  if (config.method === 'sgd' && !(config.learningRate > 0)) problems.push(`learningRate must be > 0, got ${config.learningRate}`);
  if (!(config.burnIn >= 0)) problems.push(`burnIn must be ≥ 0, got ${config.burnIn}`);
  if (config.features.length === 0) problems.push('features must name at least one group');
  if (problems.length > 0) throw new RangeError(`Invalid FM configuration: ${problems.join('; ')}`);
}
