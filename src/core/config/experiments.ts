/**
 * The article's experiment, defined once for every face (CLI `compare`, the extension's "Compare
 * SVD and FM"): regularized SVD by ALS against a second-order FM that sees exactly the article's
 * information — the ratings plus the user's age, gender, occupation and zip and the film's title,
 * release date and genres — on bootstrapped 2-fold cross-validation repeated 5 times.
 */
import type { FeatureGroup } from '../features/groups';
import { defaultModelConfig } from './modelConfig';
import type { ValidModelConfig } from './modelConfig';
import type { ModelConfig } from './schema';
import { DEFAULT_FM_FEATURES } from './schema';

/** The article's information as feature groups: ids, user side (age, gender, occupation, zip), film side (year, genres, title words). */
export const ARTICLE_FEATURES: readonly FeatureGroup[] = ['ids', 'user', 'item', 'title'];

/** The FM the project recommends (its default features), reported beside the article's FM. */
export const BEST_FEATURES: readonly FeatureGroup[] = DEFAULT_FM_FEATURES;

/** The baseline: SVD by ALS, with the rank and seed the comparison shares. */
export function articleBaseline(shared: Partial<ModelConfig> = {}): ValidModelConfig {
  return defaultModelConfig('svd', { rank: shared.rank, seed: shared.seed });
}

/**
 * The best FM known: the same solver, rank and iterations as the candidate, with the default
 * feature groups (implicit feedback, raters and userDay on top of the article's information, title words off).
 */
export function bestCandidate(overrides: Partial<ModelConfig> = {}): ValidModelConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return defaultModelConfig('fm', { ...defined, features: [...BEST_FEATURES] });
}

/** The candidate: an FM on the article's information (overrides may change its solver, rank, …). */
export function articleCandidate(overrides: Partial<ModelConfig> = {}): ValidModelConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return defaultModelConfig('fm', { features: [...ARTICLE_FEATURES], ...defined });
}
