/**
 * The one labeler of model configurations, runs and protocols: the CLI, the bench, the worker's
 * progress events, panel titles, tables, the Runs view, hovers and notifications all name a
 * configuration the same way, and two configurations by their difference.
 */
import type { ProtocolConfig } from '../core/config/schema';
import type { ModelConfig } from '../core/config/schema';
import type { ModelRole, RunRequest } from './run';
import type { NamedFeature, NewUser, WhatIfFallback } from '../core/recommend/newUser';

/** The MCMC noise model a config trained with (a config stored before per-user noise had none). */
function isSharedNoise(config: ModelConfig): boolean {
  return config.method === 'mcmc' && config.noise !== 'per-user';
}

/**
 * A model configuration, e.g. "SVD-ALS k=10" or "FM-MCMC ids,user,item k=10"; an MCMC model with
 * one noise precision for all ratings (chosen, or stored before per-user noise existed) ends in
 * " noise=shared", an ordinal one in " likelihood=ordinal", so two runs that differ only there
 * can be told apart.
 */
export function modelLabel(config: ModelConfig): string {
  const name = `${config.model.toUpperCase()}-${config.method.toUpperCase()}`;
  const features = config.model === 'fm' ? ` ${config.features.join(',')}` : '';
  const ordinal = config.likelihood === 'ordinal' ? ' likelihood=ordinal' : '';
  return `${name}${features} k=${config.rank}${isSharedNoise(config) ? ' noise=shared' : ''}${ordinal}`;
}

/** The model (evaluate), or "baseline vs candidate" (compare). */
export function runLabel(request: RunRequest): string {
  if (request.kind === 'compare' && request.candidate !== undefined) {
    return `${modelLabel(request.model)} vs ${modelLabel(request.candidate)}`;
  }
  return modelLabel(request.model);
}

/** What one iteration of the model's solver is, for axis titles: "ALS sweep", "MCMC sample", "SGD epoch". */
export function iterationUnit(config: ModelConfig): string {
  switch (config.method) {
    case 'als':
      return 'ALS sweep';
    case 'mcmc':
      return 'MCMC sample';
    case 'sgd':
      return 'SGD epoch';
  }
}

/** A model of a run with its role. */
export interface RoleModel {
  readonly role: ModelRole;
  readonly config: ModelConfig;
}

/** The models a run trains, in the order tables and charts show them. */
export function runModels(request: RunRequest): RoleModel[] {
  if (request.kind !== 'compare' || request.candidate === undefined) return [{ role: 'model', config: request.model }];
  const models: RoleModel[] = [
    { role: 'baseline', config: request.model },
    { role: 'candidate', config: request.candidate },
  ];
  if (request.best !== undefined) models.push({ role: 'best', config: request.best });
  return models;
}

/**
 * A short name for a role of a run, for progress lines, column headers and chart titles: the
 * model's kind ("SVD", "FM"), "best FM" for a comparison's second candidate, and "baseline" /
 * "candidate" when both models of a comparison are of the same kind.
 */
export function roleName(request: RunRequest, role: ModelRole): string {
  const kind = (config: ModelConfig | undefined): string => (config?.model ?? 'model').toUpperCase();
  switch (role) {
    case 'model':
      return kind(request.model);
    case 'best':
      return `best ${kind(request.best)}`;
    case 'baseline':
    case 'candidate': {
      const sameKind = request.candidate !== undefined && request.candidate.model === request.model.model;
      if (sameKind) return role;
      return kind(role === 'baseline' ? request.model : request.candidate);
    }
  }
}

/**
 * Labels of models shown side by side: each by its modelLabel, except a model of the same kind as
 * one before it, which is named by how it differs from that one (two FM runs, or the best FM beside
 * the article's): the reader sees what changed, not two long labels that look alike.
 */
export function sideBySideLabels(configs: readonly ModelConfig[]): string[] {
  return configs.map((config, index) => {
    const earlier = configs.slice(0, index).find((candidate) => candidate.model === config.model);
    if (earlier === undefined) return modelLabel(config);
    const differences = modelDifferences(earlier, config);
    return differences.length === 0 ? `${modelLabel(config)} (same configuration)` : differenceLabel(differences);
  });
}

/** The run in one line: "Paired comparison · bootstrap 2-fold × 5 · seed 1 · /data/ml-100k". */
export function runDescription(request: RunRequest): string {
  return [
    request.kind === 'compare' ? 'Paired comparison' : 'Evaluation',
    protocolLabel(request.protocol),
    `seed ${request.protocol.seed}`,
    request.dataFolder,
  ].join(' · ');
}

/** E.g. "bootstrap 2-fold × 5" or "canonical u1..u5". */
export function protocolLabel(protocol: ProtocolConfig): string {
  switch (protocol.protocol) {
    case 'bootstrap':
      return `bootstrap ${protocol.folds}-fold × ${protocol.repeats}`;
    case 'canonical':
      return 'canonical u1..u5';
    case 'ua':
      return 'ua/ub split';
    case 'holdout':
      return `holdout ${Math.round(protocol.testFraction * 100)}%`;
    case 'cold-users':
      return `cold users ${Math.round(protocol.testFraction * 100)}%`;
  }
}

/** A fold's name spelled out: "r2f1" is "repeat 2, fold 1"; u1..u5, ua, ub, holdout are files or kinds. */
export function foldDescription(name: string): string {
  const match = /^r(\d+)f(\d+)$/.exec(name);
  if (match !== null) return `repeat ${match[1]}, fold ${match[2]}`;
  if (/^u[1-5]$|^u[ab]$/.test(name)) return `split ${name}.base → ${name}.test`;
  return name;
}

/** A fold in running text: "fold r2f1 (repeat 2, fold 1)"; "fold holdout" when the name says it all. */
export function foldLabel(name: string): string {
  const description = foldDescription(name);
  return description === name ? `fold ${name}` : `fold ${name} (${description})`;
}

/** One field in which two configurations differ. */
export interface ConfigDifference {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

/** What a field of a config reads as in a difference. */
function fieldText(config: ModelConfig, field: keyof ModelConfig): string {
  if (field === 'noise') return config.method === 'mcmc' ? (isSharedNoise(config) ? 'shared' : 'per-user') : '—';
  // A config stored before the likelihood existed was Gaussian.
  if (field === 'likelihood') return config.likelihood ?? 'gaussian';
  const value = config[field];
  if (value === undefined) return '—';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') {
    return (
      Object.entries(value)
        .map(([key, entry]) => `${key}=${entry}`)
        .join(',') || 'default'
    );
  }
  return String(value);
}

/**
 * The fields in which `to` differs from `from`, in the configs' own field order (the schema's), so
 * a field added to the schema shows up here without a list to keep. The noise model counts for
 * any MCMC config (absent means shared).
 */
export function modelDifferences(from: ModelConfig, to: ModelConfig): ConfigDifference[] {
  const fields = new Set([...Object.keys(from), ...Object.keys(to)] as (keyof ModelConfig)[]);
  if (from.method === 'mcmc' || to.method === 'mcmc') fields.add('noise');
  const differences: ConfigDifference[] = [];
  for (const field of fields) {
    const before = fieldText(from, field);
    const after = fieldText(to, field);
    if (before !== after) differences.push({ field, from: before, to: after });
  }
  return differences;
}

/** E.g. "features ids,user → ids,user,item; rank 10 → 20"; "same configuration" when none. */
export function differenceLabel(differences: readonly ConfigDifference[]): string {
  if (differences.length === 0) return 'same configuration';
  return differences.map((difference) => `${difference.field} ${difference.from} → ${difference.to}`).join('; ');
}

/** A new user of a what-if in a few words: "new user: 25, female, student, zip 9…, 2 liked films". */
export function newUserLabel(user: NewUser): string {
  const parts: string[] = [];
  if (user.age !== undefined) parts.push(String(user.age));
  if (user.gender !== undefined) parts.push(user.gender === 'F' ? 'female' : 'male');
  if (user.occupation !== undefined) parts.push(user.occupation);
  if (user.zip !== undefined) parts.push(`zip ${user.zip}`);
  const liked = new Set(user.liked ?? []).size;
  if (liked > 0) parts.push(`${liked} liked film${liked === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'new user (nothing known)' : `new user: ${parts.join(', ')}`;
}

/** A feature of a new user's row in words: "age 25-34", "zip 9…", "liked film 50 (× 0.71)". */
export function featureLabel(feature: NamedFeature, titleOf?: (itemId: number) => string | undefined): string {
  const split = feature.name.indexOf('=');
  const group = feature.name.slice(0, split);
  const value = feature.name.slice(split + 1);
  switch (group) {
    case 'zip':
      return value === 'other' ? 'zip not starting with a digit' : `zip ${value}…`;
    case 'implicit': {
      const title = titleOf?.(Number(value));
      return `liked ${title === undefined ? `film ${value}` : title} (× ${feature.value.toFixed(2)})`;
    }
    default:
      return `${group} ${value}`;
  }
}

/** Why a what-if ranks by popularity instead of the model, and what that means. */
export function whatIfFallbackText(fallback: WhatIfFallback, model: string): string {
  const instead = 'Shown instead: the films rated most often in the training part (popularity), the same for every new user.';
  return fallback === 'no-user-features'
    ? `${model} has no user features: it can score only the users it was trained on, not a new one. ${instead}`
    : `${model} was stored before models kept their user features: train it again to score a new user. ${instead}`;
}

/** The top-k figures of a ranking protocol, in the order every table shows them. */
export const RANKING_METRICS = ['precisionAt10', 'recallAt10', 'ndcgAt10', 'map'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number] | 'coverage';

/** A ranking figure's short name: "P@10", "R@10", "NDCG@10", "MAP", "coverage". */
export function rankingMetricLabel(metric: RankingMetric, cutoff: number): string {
  switch (metric) {
    case 'precisionAt10':
      return `P@${cutoff}`;
    case 'recallAt10':
      return `R@${cutoff}`;
    case 'ndcgAt10':
      return `NDCG@${cutoff}`;
    case 'map':
      return 'MAP';
    case 'coverage':
      return 'coverage';
  }
}

/** The two ranking protocols (core/eval/foldRanking.ts). */
export type RankingProtocol = 'testFilms' | 'unratedFilms';

/** Short ("test films") or long ("each user's test films, ranked among themselves") names of a protocol. */
export function rankingProtocolLabel(protocol: RankingProtocol, long = false): string {
  if (protocol === 'testFilms') return long ? "each user's test films, ranked among themselves" : 'test films';
  return long ? 'every film the user did not rate in training' : 'unrated films';
}

/** What a ranking table's figures are: "top 10, relevant: a test rating ≥ 4". */
export function rankingDefinitionLabel(definition: { readonly cutoff: number; readonly relevantFrom: number }): string {
  return `top ${definition.cutoff}, relevant: a test rating ≥ ${definition.relevantFrom}`;
}
