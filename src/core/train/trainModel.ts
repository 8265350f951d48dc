import type { MovieLensData } from '../data/types';
import type { Fold } from '../eval/types';
import { trainFm } from '../fm/trainFm';
import { trainSvdAls } from '../svd/trainSvdAls';
import { validateModelConfig } from './config';
import type { FitResult, ModelConfig, TrainingHooks } from './types';

/**
 * Trains `config` on `fold.train` and predicts `fold.test`: SVD by ALS, or a factorization machine
 * by `config.method`. The config is validated first (an Error names the bad value).
 */
export function trainModel(data: MovieLensData, fold: Fold, config: ModelConfig, hooks?: TrainingHooks): FitResult {
  const valid = validateModelConfig(config);
  return valid.model === 'svd' ? trainSvdAls(data, fold, valid, hooks) : trainFm(data, fold, valid, hooks);
}
