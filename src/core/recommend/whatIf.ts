/**
 * Cold-start what-if: the top films an FM recommends to a user the data does not have, described
 * only by demographics and, optionally, a few films they liked. The FM's user-side parameters
 * (model/userSideModel.ts) give the user a row as the FM gives any cold user one: no id, its side
 * features, and its liked films as implicit feedback at 1/√n each, as the training rows have them.
 * A model without user features (SVD, or an FM stored before they were kept) cannot do that: the
 * result then ranks films by popularity and says why.
 */
import type { Fold, MovieLensData } from '../data/types';
import { popularityScorer } from '../eval/foldRanking';
import { topEntries } from '../eval/ranking';
import type { EmbeddingModel } from '../model/embeddingModel';
import { expectedRating } from '../model/ordinalScale';
import type { UserRow } from '../model/userSideModel';
import { newUserRow } from './newUser';
import type { NewUser, NewUserEncoding, WhatIfFallback } from './newUser';

/** A recommended or liked film. */
export interface WhatIfFilm {
  /** Dense item index. */
  readonly item: number;
  readonly itemId: number;
  readonly title: string;
  /** The model's clipped prediction for the new user, an ordinal model's expected rating (none under popularity). */
  readonly predicted?: number;
  /** Ratings of the film in the fold's training part (what popularity ranks by). */
  readonly trainCount: number;
}

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
  const recommendations = [...top.subarray(0, size)]
    .filter((item) => !liked.has(item))
    .slice(0, count)
    .map(film);
  const base = { liked: likedItems.map(film), recommendations };
  if (row !== undefined) return { basis: 'model', encoding: row.encoding, ...base };
  return { basis: 'popularity', fallback: model.kind === 'svd' ? 'no-user-features' : 'stored-before-user-features', ...base };
}

/**
 * Score (unclipped, for ranking) and clipped prediction of the row for each film. An ordinal
 * model's score is latent: the prediction is its expected rating, with √τ = 1 for the new user
 * (no ratings of their own to give a noise scale; 1 is shared noise's and the per-user prior's
 * centre), which is monotone in the score, so the ranking is the same either way.
 */
function rowPredictor(model: EmbeddingModel, row: UserRow): (item: number) => { score: number; clipped: number } {
  const { dimension, itemFactors, itemBias, globalBias, ordinal } = model;
  const { min, max } = model.ratingScale;
  const base = globalBias + row.bias;
  return (item) => {
    let dot = 0;
    const offset = item * dimension;
    for (let factor = 0; factor < dimension; factor++) dot += row.factors[factor] * itemFactors[offset + factor];
    const score = base + itemBias[item] + dot;
    const rating = ordinal === undefined ? score : expectedRating(ordinal, score, 1);
    return { score, clipped: rating < min ? min : rating > max ? max : rating };
  };
}
