/**
 * The run configuration schema: every field a run takes (the model's, the protocol's, the run's),
 * with its kind, limits, defaults and description. This is the one place they are written: the
 * CLI's flags and usage, the VS Code settings (package.json, checked against this by a test) and
 * the validation (modelConfig.ts, protocolConfig.ts) all come from here.
 *
 * Adding a model hyperparameter: a field in ModelConfig, its spec and its default, all here; its
 * use in the solver (and its test). Nothing else. The CLI flag `--kebab-name` follows; a VS Code setting too if
 * the spec says `setting: true` (then run `npm run sync-settings`).
 */
import { ALL_FEATURE_GROUPS, FINE_GROUPS } from '../features/groups';
import type { FeatureGroup } from '../features/groups';
import type { FieldSpec } from './fields';

// ---------------------------------------------------------------------------------------------
// What a run configuration holds (validated once: modelConfig.ts, protocolConfig.ts)

/**
 * The FM's default: ids, side features, implicit feedback both ways and userDay. Raters add about
 * 0.007 RMSE on ml-100k u1..u5 over libFM's side+implicit set. userDay (timeSVD++'s day-specific
 * user bias and factor, in the context block) on top of the rest (issue 11, MCMC, 200 samples,
 * `npm run bench:accuracy`): u1..u5 0.8784 → 0.8740 (5/5 folds lower), bootstrapped 2-fold × 5
 * 0.8963 → 0.8927, 0.8958 → 0.8917, 0.8962 → 0.8922 (seeds 1–3, 10/10 folds each), at 1.3× the
 * time per iteration on u1 (19.3 against 14.8 ms, interleaved). Left out: title words (no gain);
 * ratingDate and ratingMonth help alone (−0.0026 and −0.0009 on u1..u5) but not on top of userDay
 * (+0.0010 and +0.0004); filmAge is worse (+0.0006 on both protocols). Further levers on top of
 * userDay (u1..u5; bootstrap seeds 1, 2, 3): dayImplicit +0.0002; +0.0009, +0.0006, +0.0007.
 * dayFrequency −0.0005; +0.0003, +0.0006, +0.0001. userDrift +0.0045; +0.0039 (seed 1, 8 folds).
 * filmMonth +0.0034; +0.0026, +0.0033, +0.0035. A per-film noise factor (precision α τ_u ρ_i,
 * measured on a branch) −0.0012; −0.0011, −0.0007, −0.0001, u1 0.8795 against 0.8792: not kept,
 * as it needs a weight per case where the kernels read one per user (issue 12's memory). Time per
 * iteration on u1 against userDay (interleaved, 5 rounds): dayFrequency 0.94, userDrift 1.01,
 * dayImplicit 1.37, filmMonth 3.6.
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

/**
 * What a rating is, to the FM: a Gaussian observation of the prediction, or an ordered category
 * (an ordered probit over the data's rating levels, MCMC only; src/core/fm/orderedProbit.ts).
 */
export type Likelihood = 'gaussian' | 'ordinal';
export const LIKELIHOODS: readonly Likelihood[] = ['gaussian', 'ordinal'];

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
  /** MCMC with per-user noise: degrees of freedom ν of each user's noise precision prior. */
  readonly noiseDegrees: number;
  /** FM-MCMC: Gaussian ratings, or ordered levels (ordered probit); absent in runs stored before it existed: gaussian. */
  readonly likelihood: Likelihood;
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

// ---------------------------------------------------------------------------------------------
// The fields' specs and defaults

export const MODEL_KINDS: readonly ModelKind[] = ['svd', 'fm'];
export const SOLVER_METHODS: readonly SolverMethod[] = ['als', 'sgd', 'mcmc'];

/**
 * Keys a regularization record may hold: 'bias', 'factors', a feature group or a fine group
 * (userId, age, genre, …; see src/core/features/groups.ts), and 'factors.<group>' for the factor
 * part of one group.
 */
const GROUP_KEYS: readonly string[] = [...ALL_FEATURE_GROUPS, ...FINE_GROUPS];
export const REGULARIZATION_KEYS: readonly string[] = ['bias', 'factors', ...GROUP_KEYS, ...GROUP_KEYS.map((key) => `factors.${key}`)];

/** Seeds are 32-bit so every seeded generator takes them whole. */
const MAX_SEED = 2 ** 31 - 1;

/** One spec per ModelConfig field: the mapped type makes a missing spec a compile error. */
export const MODEL_FIELDS: { readonly [Field in keyof ModelConfig]-?: FieldSpec } = {
  model: {
    kind: 'choice',
    choices: MODEL_KINDS,
    description: 'Model: `fm` (factorization machine) or `svd` (the SVD baseline: μ + b_u + b_i + p_u·q_i by ALS).',
    valueName: 'svd|fm',
    setting: true,
  },
  method: {
    kind: 'choice',
    choices: SOLVER_METHODS,
    description:
      'FM solver: `mcmc` (Gibbs sampling, no regularization to tune), `als` (alternating least squares) or `sgd` (stochastic gradient descent). SVD: `als` only.',
    valueName: 'als|sgd|mcmc',
    setting: true,
    models: ['fm'],
  },
  features: {
    kind: 'choices',
    choices: ALL_FEATURE_GROUPS,
    description:
      "FM feature groups: `ids` (user and film one-hot), `user` (age, gender, occupation, zip), `item` (year, genres), `title` (title words), `implicit` (the films each user rated), `raters` (the users who rated each film); per rating, from its timestamp: `ratingDate` (the day), `userDay` (the user on that day), `ratingMonth` (the month), `filmAge` (years since release, bucketed), `dayImplicit` (the films the user rated that day), `userDrift` (the day's distance from the user's mean day), `filmMonth` (the film in that month), `dayFrequency` (how many films the user rated that day).",
    valueName: 'GROUPS',
    setting: true,
    models: ['fm'],
  },
  rank: {
    kind: 'integer',
    minimum: 1,
    maximum: 512,
    limitReason: 'memory and time grow with the rank, and MovieLens gains nothing past a few dozen',
    description: 'Number of latent factors per user and film (k).',
    valueName: 'K',
    setting: true,
    sharedWithBaseline: true,
  },
  iterations: {
    kind: 'integer',
    minimum: 1,
    maximum: 100_000,
    limitReason: 'more would run for days on MovieLens 100K',
    description: 'Sweeps (ALS), epochs (SGD) or samples (MCMC) per fold; default per solver (SVD-ALS 20, MCMC 200, FM-ALS and SGD 50).',
    valueName: 'N',
    setting: true,
  },
  learningRate: {
    kind: 'number',
    minimum: 0,
    maximum: 1,
    exclusiveBounds: true,
    limitReason: 'a step of 1 or more diverges on ratings',
    description: 'SGD step size.',
    valueName: 'R',
  },
  regularization: {
    kind: 'numberOrRecord',
    choices: REGULARIZATION_KEYS,
    minimum: 0,
    maximum: 1e12,
    limitReason: 'beyond that every parameter is zero anyway',
    description:
      'L2 regularization (ALS, SGD, and the SVD baseline): a number, or per group, e.g. `bias=1,factors=1.4` or `ids=10,user=5`. MCMC samples its own.',
    valueName: 'L',
  },
  initStdev: {
    kind: 'number',
    minimum: 0,
    maximum: 10,
    limitReason: 'factors that large swamp a 1–5 rating',
    description: 'Standard deviation of the initial factors.',
    valueName: 'S',
  },
  burnIn: {
    kind: 'integer',
    minimum: 0,
    maximum: 99_999,
    limitReason: 'it must leave samples to average',
    description: 'MCMC: samples discarded before averaging starts (must be less than the iterations).',
    valueName: 'N',
  },
  noise: {
    kind: 'choice',
    choices: NOISE_MODELS,
    description:
      "MCMC noise model: `per-user` (each user's ratings get their own noise precision, so an erratic rater weighs less) or `shared` (one precision for all ratings, as libFM).",
    valueName: 'per-user|shared',
    setting: true,
    models: ['fm'],
  },
  noiseDegrees: {
    kind: 'number',
    minimum: 0.1,
    maximum: 1e6,
    limitReason: "ν near 0 lets a user's precision run off; past 10^6 it is shared noise",
    description:
      "MCMC per-user noise: degrees of freedom ν of the prior on each user's noise precision, Gamma(ν/2, rate ν/2). Small: users differ freely; large: close to shared noise.",
    valueName: 'ν',
  },
  likelihood: {
    kind: 'choice',
    choices: LIKELIHOODS,
    description:
      'FM-MCMC likelihood: `gaussian` (a rating is the prediction plus noise) or `ordinal` (an ordered probit over the rating levels: cut-points are sampled, the predicted rating is the expected level).',
    valueName: 'gaussian|ordinal',
    setting: true,
    models: ['fm'],
  },
  seed: {
    kind: 'integer',
    minimum: 0,
    maximum: MAX_SEED,
    limitReason: 'seeds are 32-bit',
    description: 'Seed of the splits and solvers: the same seed gives the same numbers.',
    valueName: 'S',
    setting: true,
    sharedWithBaseline: true,
  },
};

/**
 * SVD-ALS regularization, tuned on ml-100k u1..u5 (see src/core/svd/trainSvdAls.ts); the solver
 * scales it by √(rating count) of each user and film.
 */
export const SVD_DEFAULT_REGULARIZATION: Readonly<Record<string, number>> = { bias: 1, factors: 1.4 };

const SVD_DEFAULTS: ModelConfig = {
  model: 'svd',
  method: 'als',
  features: ['ids'],
  rank: 10,
  iterations: 20,
  learningRate: 0.01,
  regularization: SVD_DEFAULT_REGULARIZATION,
  initStdev: 0.1,
  burnIn: 0,
  noiseDegrees: 100,
  likelihood: 'gaussian',
  seed: 1,
};

const FM_BASE: ModelConfig = {
  model: 'fm',
  method: 'mcmc',
  features: DEFAULT_FM_FEATURES,
  rank: 10,
  // Issue 11 (default features, 0.8740 and 0.8927 with these settings): 400 samples give u1..u5
  // 0.8726 and the bootstrap 0.8916 (seed 1) at twice the run's time; k=16 helps on u1..u5
  // (0.8730) but not on the bootstrap (0.8935), nor k=12 (0.8731, 0.8927); k=8 0.8755, 0.8928;
  // the ordinal likelihood gives 0.8739 and 0.8932 at 2.0× the time per iteration. These figures
  // (and the levers' above) were drawn with the polar normal sampler; with the ziggurat that
  // replaced it the default gives u1..u5 0.8745 and bootstrap 0.8924, 0.8914, 0.8926 (seeds 1–3;
  // 0.8927, 0.8917, 0.8922 before), the chain's own spread. Longer chains with the ziggurat (seed
  // 1): 800 samples give u1..u5 0.8720 (u1 0.8762) and the bootstrap 0.8911 at 4× the run's time;
  // k=16 with 800 samples 0.8712 (u1 0.8755) and 0.8918 at about 6×; k=32 with 800 0.8730, with
  // 400 0.8738. Issue 11's targets (u1..u5 ≤ 0.872, u1 ≤ 0.876, bootstrap ≤ 0.892) take about 800
  // samples, and issue 7's the default Train FM in 15 s: the default keeps 200. Adler's
  // over-relaxation of the Gaussian draws (coefficient −0.9, −0.5, +0.3) gave u1..u5 0.8816,
  // 0.8750, 0.8750 at 200 samples, against 0.8745 without.
  iterations: 200,
  learningRate: 0.01,
  // Empty: MCMC samples its regularization from hyperpriors; ALS and SGD take the FM solver's
  // tuned per-group defaults (src/core/fm/regularization.ts).
  regularization: {},
  initStdev: 0.1,
  burnIn: 0,
  // Measured on ml-100k (bootstrapped 2-fold × 5, FM side features): level from 50 to 200. With
  // the default features (u1..u5, bootstrap seed 1): ν=30 0.8744, 0.8929; ν=300 0.8748, 0.8933;
  // ν=1000 0.8752, 0.8939; against 0.8740, 0.8927 at 100.
  noiseDegrees: 100,
  likelihood: 'gaussian',
  seed: 1,
};

/** Defaults per model and solver. */
export const MODEL_DEFAULTS: { readonly svd: ModelConfig; readonly fm: Readonly<Record<SolverMethod, ModelConfig>> } = {
  svd: SVD_DEFAULTS,
  fm: {
    // Per-user noise: 0.001 to 0.002 lower RMSE on ml-100k u1..u5 with ids, side and
    // side+implicit features, 0.002 on the bootstrapped 2-fold × 5 (src/core/fm/hyperpriors.ts).
    mcmc: { ...FM_BASE, noise: 'per-user' },
    als: { ...FM_BASE, method: 'als', iterations: 50 },
    sgd: { ...FM_BASE, method: 'sgd', iterations: 50 },
  },
};

/** The fields whose default depends on the model and solver (their settings default to "the solver's"). */
export const SOLVER_DEPENDENT_FIELDS: ReadonlySet<keyof ModelConfig> = new Set<keyof ModelConfig>(['iterations']);

export const PROTOCOL_NAMES: readonly ProtocolName[] = ['bootstrap', 'canonical', 'ua', 'holdout', 'cold-users'];

/** One spec per ProtocolConfig field (the seed is the model's: one seed drives splits and solvers). */
export const PROTOCOL_FIELDS: { readonly [Field in Exclude<keyof ProtocolConfig, 'seed'>]-?: FieldSpec } = {
  protocol: {
    kind: 'choice',
    choices: PROTOCOL_NAMES,
    description:
      "How ratings are split into train and test: `bootstrap` (seeded k-fold, repeated: the article's experiment), `canonical` (u1..u5 files), `ua` (ua/ub files), `holdout` (one random split), `cold-users` (test users unseen in training).",
    valueName: 'NAME',
    setting: true,
  },
  folds: {
    kind: 'integer',
    minimum: 2,
    maximum: 20,
    limitReason: 'each fold trains a model; more than 20 only repeats what repeats do',
    description: 'k of the bootstrapped k-fold cross-validation (the article: 2).',
    valueName: 'K',
    setting: true,
  },
  repeats: {
    kind: 'integer',
    minimum: 1,
    maximum: 100,
    limitReason: 'each repeat trains k models',
    description: 'Seeded reshuffles of the k-fold split (the article: 5).',
    valueName: 'R',
    setting: true,
  },
  testFraction: {
    kind: 'number',
    minimum: 0,
    maximum: 1,
    exclusiveBounds: true,
    limitReason: 'both parts must hold ratings',
    description: 'Holdout and cold users: the share of ratings (or users) put in the test part.',
    valueName: 'F',
  },
};

export const PROTOCOL_DEFAULTS: ProtocolConfig = { protocol: 'bootstrap', folds: 2, repeats: 5, testFraction: 0.2, seed: 1 };

/** How a run is carried out (not what it computes: the same seed gives the same numbers at any value). */
export interface RunOptions {
  /** Worker threads training folds side by side; 0: one per available core. */
  readonly threads: number;
}

export const RUN_FIELDS: { readonly [Field in keyof RunOptions]-?: FieldSpec } = {
  threads: {
    kind: 'integer',
    minimum: 0,
    maximum: 64,
    limitReason: 'each thread holds its own model and caches',
    description:
      'Worker threads that train folds (and the two models of a comparison) side by side; `0`: one per available core. The numbers do not depend on it.',
    valueName: 'N',
    setting: true,
  },
};

export const RUN_DEFAULTS: RunOptions = { threads: 0 };
