import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import { trainFm } from '../fm/trainFm';
import { trainSvdAls } from '../svd/trainSvdAls';
import type { ValidModelConfig } from '../config/modelConfig';
import type { FitResult, TrainingHooks } from '../train/types';

/**
 * Trains `config` on `fold.train` and predicts `fold.test`: SVD by ALS, or a factorization machine
 * by `config.method`. The config was validated where it entered (validateModelConfig).
 */
export function trainModel(data: MovieLensData, fold: Fold, config: ValidModelConfig, hooks?: TrainingHooks): FitResult {
  return config.model === 'svd' ? trainSvdAls(data, fold, config, hooks) : trainFm(data, fold, config, hooks);
}
