/**
 * Cold-start what-if: the top films an FM recommends to a user the data does not have, described
 * only by demographics and, optionally, a few films they liked. The FM's user-side parameters
 * (model/userSideModel.ts) give the user a row as the FM gives any cold user one: no id, its side
 * features, and its liked films as implicit feedback at 1/√n each, as the training rows have them.
 * A model without user features (SVD, or an FM stored before they were kept) cannot do that: the
 * result then ranks films by popularity and says why.
 */
import type { Fold, MovieLensData } from '../data/types';
import { ageBucket, zipBucket } from '../features/buckets';
import { popularityScorer } from '../eval/foldRanking';
import { topEntries } from '../eval/ranking';
import type { EmbeddingModel } from '../model/embeddingModel';
import { userRow } from '../model/userSideModel';
import type { FeatureValue, UserRow, UserSideModel } from '../model/userSideModel';

/** A user the data does not have. Every field is optional: an empty one is the plain cold-start user. */
export interface NewUser {
  /** Years (1M data: its age-group codes read the same, see features/buckets.ts). */
  readonly age?: number;
  readonly gender?: 'M' | 'F';
  /** As the data names occupations ("student"). */
  readonly occupation?: string;
  /** As written; the model uses its first character. */
  readonly zip?: string;
  /** Raw ids of films the user liked. */
  readonly liked?: readonly number[];
}

/** A feature of the new user's row by name, with its value. */
export interface NamedFeature {
  readonly name: string;
  readonly value: number;
}

export interface NewUserEncoding {
  readonly features: readonly FeatureValue[];
  /** The features the row has, in input order ("age=25-34", "implicit=50"). */
  readonly used: readonly NamedFeature[];
  /** Inputs the model has no feature for ("occupation=astronaut"): no training user had them, or the group was off. */
  readonly unknown: readonly string[];
}

/**
 * The user's row in the design matrix's names: each demographic as its bucket's one-hot, each
 * liked film the model knows as implicit feedback at 1/√n (n: the liked films it knows, as a
 * training row counts the films its user rated). Inputs the model has no feature for are listed.
 */
export function encodeNewUser(side: UserSideModel, user: NewUser): NewUserEncoding {
  const index = featureIndex(side);
  const features: FeatureValue[] = [];
  const used: NamedFeature[] = [];
  const unknown: string[] = [];
  const add = (name: string, value: number): void => {
    const feature = index.get(name);
    if (feature === undefined) {
      unknown.push(name);
      return;
    }
    features.push({ feature, value });
    used.push({ name, value });
  };
  const age = user.age === undefined ? undefined : ageBucket(user.age);
  if (age !== undefined) add(`age=${age}`, 1);
  if (user.gender !== undefined) add(`gender=${user.gender}`, 1);
  if (user.occupation !== undefined && user.occupation !== '') add(`occupation=${user.occupation}`, 1);
  const zip = user.zip === undefined ? undefined : zipBucket(user.zip);
  if (zip !== undefined) add(`zip=${zip}`, 1);
  const liked = [...new Set(user.liked ?? [])];
  const known = liked.filter((film) => index.has(`implicit=${film}`));
  for (const film of liked) if (!known.includes(film)) unknown.push(`implicit=${film}`);
  for (const film of known) add(`implicit=${film}`, 1 / Math.sqrt(known.length));
  return { features, used, unknown };
}

const indexes = new WeakMap<UserSideModel, Map<string, number>>();

function featureIndex(side: UserSideModel): Map<string, number> {
  let index = indexes.get(side);
  if (index === undefined) {
    index = new Map(side.featureNames.map((name, feature) => [name, feature]));
    indexes.set(side, index);
  }
  return index;
}

/** The new user's embedding row (b_u, p_u); undefined when the model keeps no user-side parameters. */
export function newUserRow(model: EmbeddingModel, user: NewUser): (UserRow & { readonly encoding: NewUserEncoding }) | undefined {
  if (model.userSide === undefined) return undefined;
  const encoding = encodeNewUser(model.userSide, user);
  return { ...userRow(model.userSide, encoding.features), encoding };
}

/** Inputs that name nothing in the data (a film id not in the films file, an occupation the data lacks), in words. */
export function newUserProblems(data: MovieLensData, user: NewUser): string[] {
  const problems: string[] = [];
  const occupations = data.users.demographics?.occupations ?? [];
  if (user.occupation !== undefined && user.occupation !== '' && !occupations.includes(user.occupation)) {
    problems.push(
      occupations.length === 0
        ? `occupation '${user.occupation}': ${data.format} has no occupations`
        : `occupation '${user.occupation}' is not one of ${occupations.join(', ')}`,
    );
  }
  if (user.age !== undefined && !(Number.isInteger(user.age) && user.age >= 0 && user.age <= 150)) {
    problems.push(`age ${user.age} is not a whole number of years from 0 to 150`);
  }
  const missing = (user.liked ?? []).filter((film) => !data.itemIndex.has(film));
  if (missing.length > 0) problems.push(`film${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not in ${data.itemsFile}`);
  return problems;
}

/** A recommended or liked film. */
export interface WhatIfFilm {
  /** Dense item index. */
  readonly item: number;
  readonly itemId: number;
  readonly title: string;
  /** The model's clipped prediction for the new user (none under popularity). */
  readonly predicted?: number;
  /** Ratings of the film in the fold's training part (what popularity ranks by). */
  readonly trainCount: number;
}

/** Why a what-if could not use the model: SVD has no user features; an FM stored before they were kept. */
export type WhatIfFallback = 'no-user-features' | 'stored-before-user-features';

export interface WhatIfResult {
  /** 'model' when the model scored the user; 'popularity' otherwise (see fallback). */
  readonly basis: 'model' | 'popularity';
  readonly fallback?: WhatIfFallback;
  readonly encoding?: NewUserEncoding;
  /** The liked films (known to the data), as given. */
  readonly liked: readonly WhatIfFilm[];
  /** Best first; never a liked film. */
  readonly recommendations: readonly WhatIfFilm[];
}

/**
 * The `count` films the model recommends to `user` among all films but the liked ones, ranked by
 * the unclipped score (film index breaks ties), each with its clipped prediction; popularity on
 * the fold's training part when the model cannot score a new user. The inputs are taken as they
 * are: check them with newUserProblems first.
 */
export function whatIf(data: MovieLensData, fold: Fold, model: EmbeddingModel, user: NewUser, count = 10): WhatIfResult {
  const popularity = popularityScorer(fold.train, data.items.count);
  const trainCounts = new Float64Array(data.items.count);
  popularity.scoreAll(0, trainCounts);
  const likedItems = [...new Set(user.liked ?? [])].flatMap((film) => {
    const item = data.itemIndex.get(film);
    return item === undefined ? [] : [item];
  });
  const row = newUserRow(model, user);
  const predict = row === undefined ? undefined : rowPredictor(model, row);
  const film = (item: number): WhatIfFilm => ({
    item,
    itemId: data.items.rawId[item],
    title: data.items.title[item] ?? `#${data.items.rawId[item]}`,
    predicted: predict?.(item).clipped,
    trainCount: trainCounts[item],
  });
  const scores = new Float64Array(model.itemCount);
  if (predict === undefined) scores.set(trainCounts.subarray(0, model.itemCount));
  else for (let item = 0; item < model.itemCount; item++) scores[item] = predict(item).score;
  // Liked films are out of the running: −∞ ranks them last, and the few extra places drop them.
  for (const item of likedItems) if (item < scores.length) scores[item] = Number.NEGATIVE_INFINITY;
  const top = new Int32Array(count + likedItems.length);
  const size = topEntries(scores, scores.length, top.length, top);
  const liked = new Set(likedItems);
  const recommendations = [...top.subarray(0, size)].filter((item) => !liked.has(item)).slice(0, count).map(film);
  const base = { liked: likedItems.map(film), recommendations };
  if (row !== undefined) return { basis: 'model', encoding: row.encoding, ...base };
  return { basis: 'popularity', fallback: model.kind === 'svd' ? 'no-user-features' : 'stored-before-user-features', ...base };
}

/** Score (unclipped, for ranking) and clipped prediction of the row for each film. */
function rowPredictor(model: EmbeddingModel, row: UserRow): (item: number) => { score: number; clipped: number } {
  const { dimension, itemFactors, itemBias, globalBias } = model;
  const { min, max } = model.ratingScale;
  const base = globalBias + row.bias;
  return (item) => {
    let dot = 0;
    const offset = item * dimension;
    for (let factor = 0; factor < dimension; factor++) dot += row.factors[factor] * itemFactors[offset + factor];
    const score = base + itemBias[item] + dot;
    return { score, clipped: score < min ? min : score > max ? max : score };
  };
}
