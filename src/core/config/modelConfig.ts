import { FINE_GROUPS } from '../features/groups';
import type { FeatureGroup } from '../features/groups';
import type { ModelConfig, ModelKind, SolverMethod } from './types';
import { ALL_FEATURE_GROUPS } from '../features/groups';
import { DEFAULT_FM_FEATURES, NOISE_MODELS } from './types';

const MODEL_KINDS: readonly ModelKind[] = ['svd', 'fm'];
const SOLVER_METHODS: readonly SolverMethod[] = ['als', 'sgd', 'mcmc'];
/**
 * Keys a regularization record may hold: 'bias', 'factors', a feature group or a fine group
 * (userId, age, genre, …; see src/core/features/groups.ts), and 'factors.<group>' for the factor
 * part of one group.
 */
const GROUP_KEYS: readonly string[] = [...ALL_FEATURE_GROUPS, ...FINE_GROUPS];
const REGULARIZATION_KEYS: readonly string[] = ['bias', 'factors', ...GROUP_KEYS, ...GROUP_KEYS.map((key) => `factors.${key}`)];

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
  seed: 1,
};

const FM_BASE: ModelConfig = {
  model: 'fm',
  method: 'mcmc',
  features: DEFAULT_FM_FEATURES,
  rank: 10,
  iterations: 200,
  learningRate: 0.01,
  // Empty: MCMC samples its regularization from hyperpriors; ALS and SGD take the FM solver's
  // tuned per-group defaults (src/core/fm/regularization.ts).
  regularization: {},
  initStdev: 0.1,
  burnIn: 0,
  seed: 1,
};

const FM_DEFAULTS: Record<SolverMethod, ModelConfig> = {
  // Per-user noise: 0.001 to 0.002 lower RMSE on ml-100k u1..u5 with ids, side and
  // side+implicit features, 0.002 on the bootstrapped 2-fold × 5 (src/core/fm/hyperpriors.ts).
  mcmc: { ...FM_BASE, noise: 'per-user' },
  als: { ...FM_BASE, method: 'als', iterations: 50 },
  sgd: { ...FM_BASE, method: 'sgd', iterations: 50 },
};

/**
 * The default configuration of a model kind; `overrides.method` picks the solver's defaults
 * first, the other overrides are then applied on top. The result is validated.
 */
export function defaultModelConfig(model: ModelKind, overrides: Partial<ModelConfig> = {}): ModelConfig {
  if (!MODEL_KINDS.includes(model)) {
    throw new Error(`model must be one of ${MODEL_KINDS.join(', ')}, got ${describe(model)}`);
  }
  let base: ModelConfig;
  if (model === 'svd') {
    base = SVD_DEFAULTS;
  } else {
    const method = overrides.method ?? 'mcmc';
    if (!SOLVER_METHODS.includes(method)) {
      throw new Error(`method must be one of ${SOLVER_METHODS.join(', ')}, got ${describe(method)}`);
    }
    base = FM_DEFAULTS[method];
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return validateModelConfig({ ...base, ...defined, model });
}

/**
 * Checks every field once, with a message naming the bad value, and returns a frozen copy.
 * Throws Error("rank must be a positive integer, got 0") and the like.
 */
export function validateModelConfig(config: ModelConfig): ModelConfig {
  if (!MODEL_KINDS.includes(config.model)) {
    throw new Error(`model must be one of ${MODEL_KINDS.join(', ')}, got ${describe(config.model)}`);
  }
  if (!SOLVER_METHODS.includes(config.method)) {
    throw new Error(`method must be one of ${SOLVER_METHODS.join(', ')}, got ${describe(config.method)}`);
  }
  if (config.model === 'svd' && config.method !== 'als') {
    throw new Error(`SVD is trained by ALS only: method must be als, got ${describe(config.method)}`);
  }
  const features = validateFeatures(config);
  requireInteger('rank', config.rank, 1);
  requireInteger('iterations', config.iterations, 1);
  requireInteger('burnIn', config.burnIn, 0);
  if (config.noise !== undefined && !NOISE_MODELS.includes(config.noise)) {
    throw new Error(`noise must be one of ${NOISE_MODELS.join(', ')}, got ${describe(config.noise)}`);
  }
  if (config.method === 'mcmc' && config.burnIn >= config.iterations) {
    throw new Error(`burnIn must be less than iterations (${config.iterations}), got ${config.burnIn}`);
  }
  if (!(Number.isFinite(config.learningRate) && config.learningRate > 0)) {
    throw new Error(`learningRate must be a positive number, got ${describe(config.learningRate)}`);
  }
  if (!(Number.isFinite(config.initStdev) && config.initStdev >= 0)) {
    throw new Error(`initStdev must be a non-negative number, got ${describe(config.initStdev)}`);
  }
  if (!Number.isSafeInteger(config.seed)) {
    throw new Error(`seed must be an integer, got ${describe(config.seed)}`);
  }
  const regularization = validateRegularization(config.regularization);
  // The noise model is MCMC's alone: an ALS or SGD config does not carry one it would ignore.
  const { noise, ...rest } = config;
  const mcmcNoise = config.method === 'mcmc' && noise !== undefined ? { noise } : {};
  return Object.freeze({ ...rest, features: Object.freeze(features), regularization, ...mcmcNoise });
}

/**
 * The regularization value for one key ('bias', 'factors' or a feature group): a number applies
 * everywhere; in a record the key's own value wins, then `fallbackKey`'s, then `fallback`.
 */
export function regularizationFor(
  regularization: ModelConfig['regularization'],
  key: string,
  fallback: number,
  fallbackKey?: string,
): number {
  if (typeof regularization === 'number') return regularization;
  if (regularization[key] !== undefined) return regularization[key];
  if (fallbackKey !== undefined && regularization[fallbackKey] !== undefined) return regularization[fallbackKey];
  return fallback;
}

function validateFeatures(config: ModelConfig): FeatureGroup[] {
  if (!Array.isArray(config.features) || config.features.length === 0) {
    throw new Error(`features must list at least one of ${ALL_FEATURE_GROUPS.join(', ')}, got none`);
  }
  const seen = new Set<FeatureGroup>();
  for (const feature of config.features) {
    if (!ALL_FEATURE_GROUPS.includes(feature)) {
      throw new Error(`features must be among ${ALL_FEATURE_GROUPS.join(', ')}, got ${describe(feature)}`);
    }
    if (seen.has(feature)) throw new Error(`features must not repeat a group, got ${feature} twice`);
    seen.add(feature);
  }
  if (config.model === 'svd' && (config.features.length !== 1 || config.features[0] !== 'ids')) {
    throw new Error(`SVD uses the ids alone: features must be ids, got ${config.features.join(',')}`);
  }
  return [...config.features];
}

function validateRegularization(value: ModelConfig['regularization']): ModelConfig['regularization'] {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new Error(`regularization must be a non-negative number, got ${describe(value)}`);
    }
    return value;
  }
  if (typeof value !== 'object' || value === null) {
    throw new Error(`regularization must be a number or a record of numbers, got ${describe(value)}`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (!REGULARIZATION_KEYS.includes(key)) {
      throw new Error(
        `regularization keys must be bias, factors, a feature group (${GROUP_KEYS.join(', ')}) or factors.<group>, got ${describe(key)}`,
      );
    }
    if (!(typeof entry === 'number' && Number.isFinite(entry) && entry >= 0)) {
      throw new Error(`regularization.${key} must be a non-negative number, got ${describe(entry)}`);
    }
  }
  return Object.freeze({ ...value });
}

function requireInteger(name: string, value: number, minimum: number): void {
  if (!(Number.isSafeInteger(value) && value >= minimum)) {
    const kind = minimum >= 1 ? 'a positive integer' : 'a non-negative integer';
    throw new Error(`${name} must be ${kind}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  return JSON.stringify(value);
}
