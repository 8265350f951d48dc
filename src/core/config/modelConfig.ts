import { checkField, ConfigError, describeValue } from './fields';
import { MODEL_DEFAULTS, MODEL_FIELDS } from './schema';
import type { ModelConfig, ModelKind } from './schema';

declare const validModel: unique symbol;
/**
 * A model configuration that passed validateModelConfig: every field within its schema limits and
 * consistent with the others. Solvers take it as it is, without checking again.
 */
export type ValidModelConfig = ModelConfig & { readonly [validModel]: true };

/**
 * The default configuration of a model kind; `overrides.method` picks the solver's defaults
 * first, the other overrides are then applied on top. The result is validated.
 */
export function defaultModelConfig(model: ModelKind, overrides: Partial<ModelConfig> = {}): ValidModelConfig {
  checkField('model', MODEL_FIELDS.model, model);
  const method = overrides.method ?? (model === 'svd' ? 'als' : 'mcmc');
  checkField('method', MODEL_FIELDS.method, method);
  const base = model === 'svd' ? MODEL_DEFAULTS.svd : MODEL_DEFAULTS.fm[method];
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return validateModelConfig({ ...base, ...defined, model });
}

/**
 * Checks every field against the schema and the fields against each other, with a message naming
 * the bad value (ConfigError "rank must be an integer from 1 to 512 (…), got 0"); returns a frozen copy.
 */
export function validateModelConfig(input: ModelConfig): ValidModelConfig {
  const config = withDefaults(input);
  for (const field of Object.keys(MODEL_FIELDS) as (keyof ModelConfig)[]) {
    if (field === 'noise' && config.noise === undefined) continue;
    checkField(field, MODEL_FIELDS[field], config[field]);
  }
  if (config.model === 'svd' && config.method !== 'als') {
    throw new ConfigError(`SVD is trained by ALS only: method must be als, got ${describeValue(config.method)}`);
  }
  if (config.model === 'svd' && (config.features.length !== 1 || config.features[0] !== 'ids')) {
    throw new ConfigError(`SVD uses the ids alone: features must be ids, got ${config.features.join(',')}`);
  }
  if (config.likelihood === 'ordinal' && (config.model !== 'fm' || config.method !== 'mcmc')) {
    throw new ConfigError(`likelihood ordinal is sampled by FM-MCMC only: method must be mcmc, got ${describeValue(config.method)}`);
  }
  if (config.method === 'mcmc' && config.burnIn >= config.iterations) {
    throw new ConfigError(`burnIn must be less than iterations (${config.iterations}), got ${config.burnIn}`);
  }
  const regularization = typeof config.regularization === 'number' ? config.regularization : Object.freeze({ ...config.regularization });
  // The noise model is MCMC's alone: an ALS or SGD config does not carry one it would ignore.
  const { noise, ...rest } = config;
  const mcmcNoise = config.method === 'mcmc' && noise !== undefined ? { noise } : {};
  // The one place a plain config becomes a valid one.
  return Object.freeze({ ...rest, features: Object.freeze([...config.features]), regularization, ...mcmcNoise }) as ValidModelConfig;
}

/**
 * A config with every field its model and solver have: a run stored before a field existed reads
 * as trained with that field's default. The noise model is the exception: absent means shared,
 * how MCMC runs were trained before per-user noise existed.
 */
function withDefaults(config: ModelConfig): ModelConfig {
  if (typeof config !== 'object' || config === null) return config;
  const base = config.model === 'svd' ? MODEL_DEFAULTS.svd : MODEL_DEFAULTS.fm[config.method];
  if (base === undefined) return config;
  const { noise: _noise, ...defaults } = base;
  const present = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...defaults, ...present } as ModelConfig;
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
