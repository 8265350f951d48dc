import type { FeatureBlock, FeatureBlocks } from '../features/featureBlocks';
import { FINE_GROUPS } from '../features/groups';
import type { Random } from '../random';
import { createRowAggregates, type RowAggregates } from './rowAggregates';

/**
 * Parameters and caches of a relational second-order FM (Rendle 2010; VLDB 2013):
 *   ŷ(c) = w0 + Σ_j w_j x_j + Σ_f ½[(Σ_j v_jf x_j)² − Σ_j v_jf² x_j²]
 * over the concatenation of case c's user row and item row. Per block row r the caches keep
 *   linear_r = Σ_j w_j x_j,  s_rf = Σ_j v_jf x_j,  q_rf = Σ_j v_jf² x_j²,
 * so that ŷ(c) = w0 + bias_u + bias_i + Σ_f s_uf s_if with bias_r = linear_r + ½Σ_f(s_rf² − q_rf).
 */
export interface BlockState {
  readonly block: FeatureBlock;
  readonly rows: number;
  readonly features: number;
  /** w_j. */
  readonly weights: Float64Array;
  /** v_jf at [j·rank + f]: a feature's factors are contiguous (row recomputation, SGD). */
  readonly factors: Float64Array;
  readonly linear: Float64Array;
  /** s_rf at [r·rank + f]: a row's factor sums are contiguous (predictions, embedding). */
  readonly sums: Float64Array;
  /** q_rf at [r·rank + f]. */
  readonly squares: Float64Array;
  /** This block's row of each training case. */
  readonly caseRow: Int32Array;
  /** Training cases per row (n_r). */
  readonly caseCount: Float64Array;
  /** Σ of the case weights τ_c over the row's cases: n_r while every weight is 1. */
  readonly weightedCount: Float64Array;
  /** Per-feature multiplier of the prior precision λ (1 unless a solver scales it). */
  readonly penaltyScale: Float64Array;
  readonly aggregates: RowAggregates;
}

export interface FmState {
  readonly rank: number;
  w0: number;
  readonly user: BlockState;
  readonly item: BlockState;
  readonly cases: number;
  /** Training cases are stored sorted by user: user r's cases are userCaseStart[r] .. [r+1]. */
  readonly userCaseStart: Int32Array;
  readonly target: Float64Array;
  /** e_c = y_c − ŷ_c, kept current by every update. */
  readonly residual: Float64Array;
  /**
   * τ_c: case c's noise precision relative to the shared α (its Gaussian noise has precision
   * α τ_c). All 1 unless MCMC samples per-user noise; every kernel sum over cases is weighted by it.
   */
  readonly caseWeight: Float64Array;
}

/** Per fine group priors: N(mean, 1/precision) for w (per group) and v (per group and factor). */
export interface GroupPriors {
  readonly weightMean: Float64Array;
  readonly weightPrecision: Float64Array;
  /** [group·rank + f]. */
  readonly factorMean: Float64Array;
  readonly factorPrecision: Float64Array;
}

export function createPriors(rank: number): GroupPriors {
  const groups = FINE_GROUPS.length;
  return {
    weightMean: new Float64Array(groups),
    weightPrecision: new Float64Array(groups),
    factorMean: new Float64Array(groups * rank),
    factorPrecision: new Float64Array(groups * rank),
  };
}

/**
 * Cases given as (user, item, rating) columns (stored re-ordered by user); factors drawn
 * N(0, initStdev²), weights zero.
 */
export function createState(
  blocks: FeatureBlocks,
  caseUser: Int32Array,
  caseItem: Int32Array,
  rating: ArrayLike<number>,
  rank: number,
  initStdev: number,
  random: Random,
): FmState {
  const cases = caseUser.length;
  // Counting sort by user (stable): the kernel then walks each user's cases contiguously.
  const userCaseStart = new Int32Array(blocks.user.matrix.rows + 1);
  for (let index = 0; index < cases; index++) userCaseStart[caseUser[index] + 1]++;
  for (let row = 0; row < blocks.user.matrix.rows; row++) userCaseStart[row + 1] += userCaseStart[row];
  const next = userCaseStart.slice(0, blocks.user.matrix.rows);
  const sortedUser = new Int32Array(cases);
  const sortedItem = new Int32Array(cases);
  const target = new Float64Array(cases);
  for (let index = 0; index < cases; index++) {
    const position = next[caseUser[index]]++;
    sortedUser[position] = caseUser[index];
    sortedItem[position] = caseItem[index];
    target[position] = rating[index];
  }
  const user = createBlockState(blocks.user, sortedUser, rank, initStdev, random);
  const item = createBlockState(blocks.item, sortedItem, rank, initStdev, random);
  const state: FmState = {
    rank,
    w0: 0,
    user,
    item,
    cases,
    userCaseStart,
    target,
    residual: new Float64Array(cases),
    caseWeight: new Float64Array(cases).fill(1),
  };
  refreshCaches(state);
  return state;
}

function createBlockState(block: FeatureBlock, caseRow: Int32Array, rank: number, initStdev: number, random: Random): BlockState {
  const rows = block.matrix.rows;
  const features = block.matrix.columns;
  const factors = new Float64Array(rank * features);
  for (let index = 0; index < factors.length; index++) factors[index] = initStdev * random.normal();
  const caseCount = new Float64Array(rows);
  for (let index = 0; index < caseRow.length; index++) caseCount[caseRow[index]]++;
  return {
    block,
    rows,
    features,
    weights: new Float64Array(features),
    factors,
    linear: new Float64Array(rows),
    sums: new Float64Array(rank * rows),
    squares: new Float64Array(rank * rows),
    caseRow,
    caseCount,
    weightedCount: caseCount.slice(),
    penaltyScale: new Float64Array(features).fill(1),
    aggregates: createRowAggregates(rows),
  };
}

/** Σ over training cases of x_j², per feature: how much data informs feature j. */
export function featureSupport(state: BlockState): Float64Array {
  const { offsets, indices, values } = state.block.byFeature;
  const support = new Float64Array(state.features);
  for (let feature = 0; feature < state.features; feature++) {
    let total = 0;
    for (let entry = offsets[feature]; entry < offsets[feature + 1]; entry++) total += values[entry] * values[entry] * state.caseCount[indices[entry]];
    support[feature] = total;
  }
  return support;
}

/** Recomputes one block's row caches from its parameters. */
export function refreshRows(state: BlockState, rank: number): void {
  const { rows, features, weights, factors, linear, sums, squares } = state;
  const { offsets, indices, values } = state.block.matrix;
  for (let row = 0; row < rows; row++) {
    let total = 0;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) total += weights[indices[entry]] * values[entry];
    linear[row] = total;
  }
  sums.fill(0);
  squares.fill(0);
  for (let row = 0; row < rows; row++) {
    const rowBase = row * rank;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const featureBase = indices[entry] * rank;
      const x = values[entry];
      for (let factor = 0; factor < rank; factor++) {
        const term = factors[featureBase + factor] * x;
        sums[rowBase + factor] += term;
        squares[rowBase + factor] += term * term;
      }
    }
  }
}

/** bias_r = linear_r + ½Σ_f(s_rf² − q_rf): the row's own part of every prediction. */
export function rowBiases(state: BlockState, rank: number, out: Float64Array): Float64Array {
  const { rows, linear, sums, squares } = state;
  for (let row = 0; row < rows; row++) {
    let value = linear[row];
    for (let slot = row * rank; slot < (row + 1) * rank; slot++) value += 0.5 * (sums[slot] * sums[slot] - squares[slot]);
    out[row] = value;
  }
  return out;
}

/**
 * Iterations between full recomputations of the caches. The kernels keep them exact up to
 * rounding (drift about 1e-15 per sweep, see the kernel test), so every 10th sweep is plenty and
 * saves a tenth of the sweep's time.
 */
export const FULL_REFRESH_INTERVAL = 10;

/** Full recomputation on every FULL_REFRESH_INTERVAL-th iteration and the last. */
export function refreshIfDue(state: FmState, iteration: number, iterations: number): void {
  if (iteration % FULL_REFRESH_INTERVAL === 0 || iteration === iterations) refreshCaches(state);
}

/**
 * Recomputes every row cache and every residual in full: the kernels update them incrementally,
 * and a full pass per iteration keeps rounding errors from accumulating. Generic code, not a
 * per-fold copy: it runs every 10th iteration only, too seldom for a fold's copy to get past V8's
 * interpreter (on u1 side+implicit a per-fold copy averaged 7.6 ms a call, this 1.7).
 */
export function refreshCaches(state: FmState): void {
  const { rank, user, item } = state;
  refreshRows(user, rank);
  refreshRows(item, rank);
  predictCases(state, user.caseRow, item.caseRow, state.residual);
  const { residual, target } = state;
  for (let index = 0; index < state.cases; index++) residual[index] = target[index] - residual[index];
}

/** Unclipped predictions for (user row, item row) pairs from the current caches. */
export function predictCases(state: FmState, userRow: Int32Array, itemRow: Int32Array, out: Float64Array): Float64Array {
  return createPredictionKernel(state, userRow, itemRow, out, rowBiases).predict();
}

/**
 * Predictions of fixed (user row, item row) pairs into `out`, for one fold: instantiated per fold
 * (instantiateKernel) for the test cases, so the body must stay self-contained (only parameters
 * and globals; `biases` is rowBiases); the loop on locals copied from the closure, apart from
 * the calls, as in blockKernels.ts (why: there).
 */
export function createPredictionKernel(
  state: FmState,
  userRow: Int32Array,
  itemRow: Int32Array,
  out: Float64Array,
  biases: typeof rowBiases,
) {
  const foldState = state;
  const foldRank = state.rank;
  const foldUser = state.user;
  const foldItem = state.item;
  const foldUserSums = state.user.sums;
  const foldItemSums = state.item.sums;
  const foldUserBias = new Float64Array(state.user.rows);
  const foldItemBias = new Float64Array(state.item.rows);
  const foldUserRow = userRow;
  const foldItemRow = itemRow;
  const foldOut = out;
  const foldCount = userRow.length;
  const foldBiases = biases;
  const kernel = {
    /** Unclipped predictions from the current caches; returns `out`. */
    predict(): Float64Array {
      foldBiases(foldUser, foldRank, foldUserBias);
      foldBiases(foldItem, foldRank, foldItemBias);
      kernel.predictCases(foldState.w0);
      return foldOut;
    },

    predictCases(w0: number): void {
      const rank = foldRank, userSums = foldUserSums, itemSums = foldItemSums, userBias = foldUserBias;
      const itemBias = foldItemBias, userRow = foldUserRow, itemRow = foldItemRow, out = foldOut, count = foldCount;
      for (let index = 0; index < count; index++) {
        const u = userRow[index];
        const i = itemRow[index];
        let value = w0 + userBias[u] + itemBias[i];
        const userBase = u * rank;
        const itemBase = i * rank;
        for (let factor = 0; factor < rank; factor++) value += userSums[userBase + factor] * itemSums[itemBase + factor];
        out[index] = value;
      }
    },
  };
  return kernel;
}

export type PredictionKernel = ReturnType<typeof createPredictionKernel>;

/** Root mean square of the residuals. */
export function residualRmse(state: FmState): number {
  const residual = state.residual;
  let total = 0;
  for (let index = 0; index < state.cases; index++) total += residual[index] * residual[index];
  return Math.sqrt(total / Math.max(1, state.cases));
}
