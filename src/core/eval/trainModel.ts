import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import { trainFm } from '../fm/trainFm';
import { trainSvdAls } from '../svd/trainSvdAls';
import { validateModelConfig } from '../config/modelConfig';
import type { FitResult, TrainingHooks } from '../train/types';
import type { ModelConfig } from '../config/types';

/**
 * Trains `config` on `fold.train` and predicts `fold.test`: SVD by ALS, or a factorization machine
 * by `config.method`. The config is validated first (an Error names the bad value).
 */
export function trainModel(data: MovieLensData, fold: Fold, config: ModelConfig, hooks?: TrainingHooks): FitResult {
  const valid = validateModelConfig(config);
  return valid.model === 'svd' ? trainSvdAls(data, fold, valid, hooks) : trainFm(data, fold, valid, hooks);
}
