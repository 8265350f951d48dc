/**
 * Regularized biased SVD trained by alternating least squares, the article's baseline:
 *
 *   r̂(u,i) = μ + b_u + b_i + p_u·q_i
 *
 * μ is the training mean; with the films' (b_i, q_i) fixed, each user's (b_u, p_u) is the
 * solution of a (k+1)×(k+1) ridge system, solved jointly by Cholesky; then the films', users
 * fixed. λ is scaled by √n, n the row's rating count, with a separate λ for the biases.
 *
 * Why √n: on ml-100k u1..u5 (rank 10, 20 sweeps) a constant λ reached 0.9116 at best (λ=12),
 * the weighted-λ of ALS-WR (λ·n, Zhou et al. 2008) 0.9184 (λ=0.15), λ·√n 0.9102 (λ=1.4, bias
 * λ=1), and λ·√n also holds up on the half-size training parts of the bootstrapped 2-fold CV
 * (0.9295). Past the optimum RMSE rises fast, as the factors collapse towards zero.
 */
import type { MovieLensData, Ratings } from '../data/types';
import type { Fold } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import { predictRating } from '../model/embeddingModel';
import { Random } from '../random';
import { regularizationFor } from '../config/modelConfig';
import type { ValidModelConfig } from '../config/modelConfig';
import { SVD_DEFAULT_REGULARIZATION } from '../config/schema';
import { instantiateKernel } from '../sparse/kernelInstance';
import type { FitResult, IterationProgress, TrainingHooks } from '../train/types';
import { throwIfCancelled } from '../train/types';
import { choleskySolve } from './cholesky';
import type { RatingGroups } from './ratingGroups';
import { groupRatings } from './ratingGroups';
import { createSideSolver, type SolverSettings } from './sideSolver';
import { embeddingRmse } from './embeddingRmse';
import type { TrainingEmbedding } from './embeddingRmse';

/** Solver state shared by the user and film half-sweeps (the embedding and its buffers, preallocated). */
type AlsState = SolverSettings & TrainingEmbedding;

/** Trains SVD by ALS on `fold.train` and predicts `fold.test`; deterministic by `config.seed`. */
export function trainSvdAls(data: MovieLensData, fold: Fold, valid: ValidModelConfig, hooks?: TrainingHooks): FitResult {
  if (valid.model !== 'svd') throw new Error(`trainSvdAls trains SVD models, got model ${valid.model}`);
  const started = performance.now();
  const userCount = data.users.count;
  const itemCount = data.items.count;
  const rank = valid.rank;
  const train = fold.train;
  const byUser = groupRatings(train, userCount, 'user');
  const byItem = groupRatings(train, itemCount, 'item');

  const random = new Random(valid.seed);
  const userFactors = new Float64Array(userCount * rank);
  const itemFactors = new Float64Array(itemCount * rank);
  // Only the films need a start: the first half-sweep solves the users from their random factors.
  for (let index = 0; index < itemFactors.length; index++) itemFactors[index] = random.normal() * valid.initStdev;

  const state: AlsState = {
    rank,
    globalMean: meanRating(train),
    biasLambda: regularizationFor(valid.regularization, 'bias', SVD_DEFAULT_REGULARIZATION.bias, 'ids'),
    factorLambda: regularizationFor(valid.regularization, 'factors', SVD_DEFAULT_REGULARIZATION.factors, 'ids'),
    userFactors,
    itemFactors,
    userBias: new Float64Array(userCount),
    itemBias: new Float64Array(itemCount),
    matrix: new Float64Array((rank + 1) * (rank + 1)),
    rhs: new Float64Array(rank + 1),
    columns: new Float64Array(rank * Math.max(longestGroup(byUser), longestGroup(byItem))),
    targets: new Float64Array(Math.max(longestGroup(byUser), longestGroup(byItem))),
  };

  // One compiled copy per fold and side, so V8 builds this fold's arrays into each (kernelInstance.ts).
  const solveUsers = instantiateKernel(createSideSolver, 'svdUsers');
  const solveItems = instantiateKernel(createSideSolver, 'svdItems');
  const users = solveUsers(state, byUser, state.userBias, state.userFactors, state.itemBias, state.itemFactors, choleskySolve);
  const items = solveItems(state, byItem, state.itemBias, state.itemFactors, state.userBias, state.userFactors, choleskySolve);
  const history: IterationProgress[] = [];
  for (let iteration = 1; iteration <= valid.iterations; iteration++) {
    throwIfCancelled(hooks);
    let nonFinite = users.solveRows();
    nonFinite += items.solveRows();
    const progress: IterationProgress = {
      iteration,
      iterations: valid.iterations,
      trainRmse: embeddingRmse(state, train, data.ratingScale.min, data.ratingScale.max),
      testRmse: fold.test.length > 0 ? embeddingRmse(state, fold.test, data.ratingScale.min, data.ratingScale.max) : undefined,
      elapsedSeconds: (performance.now() - started) / 1000,
      nonFiniteUpdates: nonFinite,
    };
    history.push(progress);
    hooks?.onIteration?.(progress);
  }

  const model: EmbeddingModel = {
    kind: 'svd',
    userCount,
    itemCount,
    dimension: rank,
    globalBias: state.globalMean,
    userBias: Float32Array.from(state.userBias),
    itemBias: Float32Array.from(state.itemBias),
    userFactors: Float32Array.from(state.userFactors),
    itemFactors: Float32Array.from(state.itemFactors),
    ratingScale: data.ratingScale,
  };
  const testPredictions = new Float64Array(fold.test.length);
  for (let index = 0; index < fold.test.length; index++) {
    testPredictions[index] = predictRating(model, fold.test.user[index], fold.test.item[index]);
  }
  return { model, testPredictions, history, seconds: (performance.now() - started) / 1000 };
}

function longestGroup(groups: RatingGroups): number {
  let longest = 0;
  for (let group = 0; group < groups.count; group++) longest = Math.max(longest, groups.offset[group + 1] - groups.offset[group]);
  return longest;
}

function meanRating(ratings: Ratings): number {
  let sum = 0;
  for (let index = 0; index < ratings.length; index++) sum += ratings.rating[index];
  return ratings.length > 0 ? sum / ratings.length : 0;
}
