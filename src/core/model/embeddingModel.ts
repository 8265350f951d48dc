import type { RatingScale } from '../data/types';
import { expectedRating, levelProbabilities, type OrdinalScale } from './ordinalScale';
import type { UserSideModel } from './userSideModel';

/**
 * Every trained model compiles to this form: r̂(u,i) = μ + b_u + b_i + p_u·q_i, clipped to the
 * rating scale. For SVD it is the model itself. For a second-order FM over user-side and
 * item-side features, a user's features fold into (b_u, p_u) and a film's into (b_i, q_i)
 * (pairwise terms inside one side become part of the bias). An MCMC posterior is kept as the
 * concatenation of S thinned samples' factors, each scaled by 1/√S, so the dot product is the
 * average of the samples' dot products.
 *
 * Cold start: a user or film with features but no training ratings still has a row here,
 * computed from its features.
 */
export interface EmbeddingModel {
  readonly kind: 'svd' | 'fm';
  readonly userCount: number;
  readonly itemCount: number;
  /** Length of each factor row (rank × samples for MCMC). */
  readonly dimension: number;
  readonly globalBias: number;
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  /** Row-major userCount × dimension. */
  readonly userFactors: Float32Array;
  /** Row-major itemCount × dimension. */
  readonly itemFactors: Float32Array;
  readonly ratingScale: RatingScale;
  /**
   * An ordinal FM (likelihood 'ordinal'): the score above is on the latent probit scale, and this
   * maps it to a distribution over the rating levels (ratingDistribution); predictRating gives
   * the expected rating. A plug-in of the posterior means (cut-points, noise scales): the test
   * cases' exact posterior predictive is FitResult.ratingDistribution. Absent: the score is a rating.
   */
  readonly ordinal?: OrdinalScale;
  /**
   * An FM's user-side feature parameters, so a user the data does not have can be scored (a
   * what-if). Absent for SVD, which has no user features, and in models stored before it existed.
   */
  readonly userSide?: UserSideModel;
}

/** Unclipped score, for ranking. */
export function score(model: EmbeddingModel, user: number, item: number): number {
  const dimension = model.dimension;
  const userFactors = model.userFactors;
  const itemFactors = model.itemFactors;
  const userOffset = user * dimension;
  const itemOffset = item * dimension;
  let dot = 0;
  for (let factor = 0; factor < dimension; factor++) {
    dot += userFactors[userOffset + factor] * itemFactors[itemOffset + factor];
  }
  return model.globalBias + model.userBias[user] + model.itemBias[item] + dot;
}

/** Predicted rating, clipped to the rating scale (an ordinal model's expected rating). */
export function predictRating(model: EmbeddingModel, user: number, item: number): number {
  const { ordinal } = model;
  const value =
    ordinal === undefined ? score(model, user, item) : expectedRating(ordinal, score(model, user, item), ordinal.userScale?.[user] ?? 1);
  const { min, max } = model.ratingScale;
  return value < min ? min : value > max ? max : value;
}

/**
 * The probability of each rating level (OrdinalScale.levels) for the user and film: what a Spot
 * Check can draw as a rating distribution. Undefined for a model that is not ordinal.
 */
export function ratingDistribution(model: EmbeddingModel, user: number, item: number): Float64Array | undefined {
  const { ordinal } = model;
  if (ordinal === undefined) return undefined;
  return levelProbabilities(ordinal, score(model, user, item), ordinal.userScale?.[user] ?? 1, new Float64Array(ordinal.levels.length));
}
