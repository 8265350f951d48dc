/** What a model configuration holds; validated once (src/core/config/modelConfig.ts). */
import type { FeatureGroup } from '../features/groups';

/**
 * The FM's default: ids, side features, implicit feedback both ways, and the user's day. Raters add
 * about 0.007 RMSE on ml-100k u1..u5 over libFM's side+implicit set; userDay (timeSVD++'s
 * day-specific user bias and factor) 0.0041 on u1..u5 and 0.0035 on the bootstrapped 2-fold × 5
 * (MCMC, seeds 1–3, better in 15/15 and 30/30 paired folds), at 1.9× the time per iteration (its
 * (user, day) rows repeat each user's implicit feedback). Left out: title words (no gain),
 * ratingDate and ratingMonth (each helps alone, −0.0022 and −0.0012 on u1..u5, but less than
 * userDay and nothing on top of it), filmAge (+0.0004 and +0.0006: worse).
 */
export const DEFAULT_FM_FEATURES: readonly FeatureGroup[] = ['ids', 'user', 'item', 'implicit', 'raters', 'userDay'];

export type ModelKind = 'svd' | 'fm';

/**
 * MCMC's noise model: one precision shared by every rating (libFM), or a precision per user
 * drawn around the shared one, so an erratic rater's ratings weigh less.
 */
export type NoiseModel = 'shared' | 'per-user';
export const NOISE_MODELS: readonly NoiseModel[] = ['shared', 'per-user'];
export type SolverMethod = 'als' | 'sgd' | 'mcmc';

/** What to train. Validated once (see validateModelConfig); defaults from defaultModelConfig. */
export interface ModelConfig {
  readonly model: ModelKind;
  readonly method: SolverMethod;
  /** FM only; SVD always uses ids alone. */
  readonly features: readonly FeatureGroup[];
  readonly rank: number;
  /** Sweeps (ALS), epochs (SGD) or samples (MCMC). */
  readonly iterations: number;
  /** SGD step size. */
  readonly learningRate: number;
  /**
   * L2 regularization (ALS, SGD). A number applies to every group; a record gives one value per
   * feature group (plus 'bias' for w0 and 'factors' overriding the factor part).
   */
  readonly regularization: number | Readonly<Record<string, number>>;
  /** Standard deviation of the initial factors. */
  readonly initStdev: number;
  /** MCMC: samples discarded before averaging starts. */
  readonly burnIn: number;
  /** MCMC only; absent means 'shared' (runs stored before per-user noise existed). */
  readonly noise?: NoiseModel;
  readonly seed: number;
}

export type ProtocolName = 'bootstrap' | 'canonical' | 'ua' | 'holdout' | 'cold-users';

export interface ProtocolConfig {
  readonly protocol: ProtocolName;
  /** k of the bootstrapped k-fold cross-validation (the article: 2). */
  readonly folds: number;
  /** Seeded reshuffles of the k-fold split (the article: 5). */
  readonly repeats: number;
  /** Holdout and cold-users: share of ratings (or users) put in the test part. */
  readonly testFraction: number;
  readonly seed: number;
}
