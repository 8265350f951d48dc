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
import { regularizationFor, validateModelConfig } from '../config/modelConfig';
import { SVD_DEFAULT_REGULARIZATION } from '../config/schema';
import type { FitResult, IterationProgress, TrainingHooks } from '../train/types';
import type { ModelConfig } from '../config/types';
import { throwIfCancelled } from '../train/types';
import { choleskySolve } from './cholesky';
import type { RatingGroups } from './ratingGroups';
import { groupRatings } from './ratingGroups';

/** Solver state shared by the user and film half-sweeps; all buffers preallocated. */
interface AlsState {
  readonly rank: number;
  readonly globalMean: number;
  readonly biasLambda: number;
  readonly factorLambda: number;
  /** Row-major count × rank, Float64 while training. */
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  readonly userBias: Float64Array;
  readonly itemBias: Float64Array;
  /** (k+1)² normal matrix and k+1 right-hand side. */
  readonly matrix: Float64Array;
  readonly rhs: Float64Array;
  /**
   * The fixed side's factors of one row's ratings, gathered column by column (rank columns of
   * the longest row's length), and their targets: each normal-matrix entry is then a dot product
   * of two contiguous columns, summed in a register.
   */
  readonly columns: Float64Array;
  readonly targets: Float64Array;
}

/** Trains SVD by ALS on `fold.train` and predicts `fold.test`; deterministic by `config.seed`. */
export function trainSvdAls(
  data: MovieLensData,
  fold: Fold,
  config: ModelConfig,
  hooks?: TrainingHooks,
): FitResult {
  const valid = validateModelConfig(config);
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

  const history: IterationProgress[] = [];
  for (let iteration = 1; iteration <= valid.iterations; iteration++) {
    throwIfCancelled(hooks);
    let nonFinite = solveSide(state, byUser, state.userBias, state.userFactors, state.itemBias, state.itemFactors);
    nonFinite += solveSide(state, byItem, state.itemBias, state.itemFactors, state.userBias, state.userFactors);
    const progress: IterationProgress = {
      iteration,
      iterations: valid.iterations,
      trainRmse: stateRmse(state, train, data.ratingScale.min, data.ratingScale.max),
      testRmse: fold.test.length > 0 ? stateRmse(state, fold.test, data.ratingScale.min, data.ratingScale.max) : undefined,
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

/**
 * One half-sweep: for every row (user or film) of `groups`, solve its (bias, factors) with the
 * other side fixed. Minimizes Σ (r − μ − b_other − [1, q]·[b, p])² + √n·(λ_b·b² + λ·|p|²).
 * λ scales with √n (see top). A row without ratings gets zeros. Returns how many rows gave a
 * non-finite or failed solve (they keep their previous values).
 */
function solveSide(
  state: AlsState,
  groups: RatingGroups,
  bias: Float64Array,
  factors: Float64Array,
  otherBias: Float64Array,
  otherFactors: Float64Array,
): number {
  const { rank, globalMean, biasLambda, factorLambda, matrix, rhs, columns, targets } = state;
  const size = rank + 1;
  const { offset, partner, value } = groups;
  let failures = 0;
  for (let row = 0; row < groups.count; row++) {
    const start = offset[row];
    const count = offset[row + 1] - start;
    const rowOffset = row * rank;
    if (count === 0) {
      bias[row] = 0;
      for (let factor = 0; factor < rank; factor++) factors[rowOffset + factor] = 0;
      continue;
    }
    gatherColumns(groups, row, rank, globalMean, otherBias, otherFactors, columns, targets);
    // z = [1, q]: entry (0,0) counts the ratings, (a,0) sums column a, (a,b) is a column dot product.
    let targetSum = 0;
    for (let index = 0; index < count; index++) targetSum += targets[index];
    matrix[0] = count;
    rhs[0] = targetSum;
    for (let first = 0; first < rank; first++) {
      const firstOffset = first * count;
      let columnSum = 0;
      let targetDot = 0;
      for (let index = 0; index < count; index++) {
        const zFirst = columns[firstOffset + index];
        columnSum += zFirst;
        targetDot += zFirst * targets[index];
      }
      const matrixRow = (first + 1) * size;
      matrix[matrixRow] = columnSum;
      rhs[first + 1] = targetDot;
      for (let second = 0; second <= first; second++) {
        matrix[matrixRow + second + 1] = columnDot(columns, firstOffset, second * count, count);
      }
    }
    const scale = Math.sqrt(count);
    matrix[0] += biasLambda * scale;
    for (let factor = 1; factor < size; factor++) matrix[factor * size + factor] += factorLambda * scale;
    if (!choleskySolve(matrix, rhs, size) || !allFinite(rhs, size)) {
      failures++;
      continue;
    }
    bias[row] = rhs[0];
    for (let factor = 0; factor < rank; factor++) factors[rowOffset + factor] = rhs[factor + 1];
  }
  return failures;
}

/**
 * Copies the fixed side's factors of `row`'s ratings into `columns` (column f holds q_f of each
 * rating, `count` long) and their targets r − μ − b_other into `targets`.
 */
function gatherColumns(
  groups: RatingGroups,
  row: number,
  rank: number,
  globalMean: number,
  otherBias: Float64Array,
  otherFactors: Float64Array,
  columns: Float64Array,
  targets: Float64Array,
): void {
  const { offset, partner, value } = groups;
  const start = offset[row];
  const count = offset[row + 1] - start;
  for (let index = 0; index < count; index++) {
    const other = partner[start + index];
    targets[index] = value[start + index] - globalMean - otherBias[other];
    const otherOffset = other * rank;
    for (let factor = 0; factor < rank; factor++) columns[factor * count + index] = otherFactors[otherOffset + factor];
  }
}

/**
 * Dot product of two stretches of `columns`. Four partial sums: one running sum would make every
 * addition wait for the previous one, and the half-sweeps are mostly these dot products.
 */
function columnDot(columns: Float64Array, first: number, second: number, count: number): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let index = 0;
  for (; index + 3 < count; index += 4) {
    sum0 += columns[first + index] * columns[second + index];
    sum1 += columns[first + index + 1] * columns[second + index + 1];
    sum2 += columns[first + index + 2] * columns[second + index + 2];
    sum3 += columns[first + index + 3] * columns[second + index + 3];
  }
  for (; index < count; index++) sum0 += columns[first + index] * columns[second + index];
  return sum0 + sum1 + (sum2 + sum3);
}

function longestGroup(groups: RatingGroups): number {
  let longest = 0;
  for (let group = 0; group < groups.count; group++) longest = Math.max(longest, groups.offset[group + 1] - groups.offset[group]);
  return longest;
}

function stateRmse(state: AlsState, ratings: Ratings, min: number, max: number): number {
  const { rank, globalMean, userBias, itemBias, userFactors, itemFactors } = state;
  const users = ratings.user;
  const items = ratings.item;
  const values = ratings.rating;
  let sum = 0;
  for (let index = 0; index < ratings.length; index++) {
    const user = users[index];
    const item = items[index];
    const userOffset = user * rank;
    const itemOffset = item * rank;
    let prediction = globalMean + userBias[user] + itemBias[item];
    for (let factor = 0; factor < rank; factor++) {
      prediction += userFactors[userOffset + factor] * itemFactors[itemOffset + factor];
    }
    prediction = prediction < min ? min : prediction > max ? max : prediction;
    const error = values[index] - prediction;
    sum += error * error;
  }
  return ratings.length > 0 ? Math.sqrt(sum / ratings.length) : 0;
}

function meanRating(ratings: Ratings): number {
  let sum = 0;
  for (let index = 0; index < ratings.length; index++) sum += ratings.rating[index];
  return ratings.length > 0 ? sum / ratings.length : 0;
}

function allFinite(values: Float64Array, size: number): boolean {
  for (let index = 0; index < size; index++) if (!Number.isFinite(values[index])) return false;
  return true;
}
