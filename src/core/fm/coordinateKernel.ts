import type { Random } from '../random';
import type { BlockState, FmState, GroupPriors } from './fmState';
import { ROW_STRIDE } from './rowAggregates';

/**
 * One coordinate-update kernel for ALS and MCMC (libFM's `do_sample`): for a parameter θ the
 * model is linear, ŷ_c = g_c + θ·h_c, so with residuals e_c, noise precision α and case weights
 * τ_c (state.caseWeight, 1 unless MCMC samples per-user noise) its conditional given everything
 * else is Normal with
 *   precision = α Σ τ_c h_c² + λ,   mean = (α Σ τ_c h_c (e_c + θ h_c) + μ λ) / precision.
 * ALS takes the mean (α = 1, λ the regularization, μ = 0); MCMC draws from it (`random` given).
 * Every sum over cases below carries τ_c; n_r becomes Σ τ_c over the row's cases.
 *
 * Relational speed-up (Rendle, VLDB 2013): the sums over cases are gathered per block row first,
 * so a feature's update touches its rows, not every case that contains it. For v_jf of a row r
 * with cases C(r), t_c the other block's s_f of case c and a = s_rf − v_jf x_j:
 *   h_c = x_j (a + t_c),  Σ h² = x_j² (n a² + 2a T1 + T2),  Σ h e = x_j (a E0 + E1)
 * with n = |C(r)|, T1 = Σ t_c, T2 = Σ t_c², E0 = Σ e_c, E1 = Σ e_c t_c.
 */

/**
 * Fields of a row's record in RowAggregates.packed: one cache line per row, since the feature
 * loops visit rows in random order. A const enum so the offsets compile to literals.
 */
const enum Row {
  /** n_r (Σ τ_c). */
  Count = 0,
  /** T1 = Σ t_c. */
  SumOther = 1,
  /** T2 = Σ t_c². */
  SumOtherSquared = 2,
  /** E0 = Σ e_c. */
  ResidualSum = 3,
  /** E1 = Σ e_c t_c. */
  ResidualOtherSum = 4,
  /** s_rf of the factor being updated. */
  Sum = 5,
  /** q_rf of the factor being updated. */
  Square = 6,
}

function draw(mean: number, precision: number, random: Random | null): number {
  return random === null ? mean : mean + random.normal() / Math.sqrt(precision);
}

/** w0 with a flat prior (precision 0 beyond `priorPrecision`). Returns non-finite count. */
export function updateGlobalBias(state: FmState, alpha: number, priorPrecision: number, random: Random | null): number {
  const { residual, cases, caseWeight } = state;
  let residualSum = 0;
  let weightSum = 0;
  for (let index = 0; index < cases; index++) {
    residualSum += caseWeight[index] * residual[index];
    weightSum += caseWeight[index];
  }
  const old = state.w0;
  const precision = alpha * weightSum + priorPrecision;
  const value = draw((alpha * (residualSum + old * weightSum)) / precision, precision, random);
  if (!Number.isFinite(value)) return 1;
  const delta = value - old;
  for (let index = 0; index < cases; index++) residual[index] -= delta;
  state.w0 = value;
  return 0;
}

/** All linear weights w_j of one block. Returns the number of reverted non-finite updates. */
export function updateWeights(
  state: FmState,
  side: BlockState,
  priors: GroupPriors,
  alpha: number,
  random: Random | null,
): number {
  const { residual, cases, caseWeight } = state;
  const { rows, features, weights, linear, caseRow, weightedCount, penaltyScale } = side;
  const { offsets, indices, values } = side.block.byFeature;
  const featureGroup = side.block.featureGroup;
  const residualSum = side.aggregates.residualSum;
  const change = side.aggregates.change;
  residualSum.fill(0);
  change.fill(0);
  for (let index = 0; index < cases; index++) residualSum[caseRow[index]] += caseWeight[index] * residual[index];
  let nonFinite = 0;
  for (let feature = 0; feature < features; feature++) {
    const start = offsets[feature];
    const end = offsets[feature + 1];
    let sumHH = 0;
    let sumHE = 0;
    for (let entry = start; entry < end; entry++) {
      const row = indices[entry];
      const x = values[entry];
      sumHH += x * x * weightedCount[row];
      sumHE += x * residualSum[row];
    }
    const group = featureGroup[feature];
    const lambda = priors.weightPrecision[group] * penaltyScale[feature];
    const old = weights[feature];
    const precision = alpha * sumHH + lambda;
    const value = draw((alpha * (sumHE + old * sumHH) + priors.weightMean[group] * lambda) / precision, precision, random);
    if (!Number.isFinite(value)) {
      nonFinite++;
      continue;
    }
    const delta = value - old;
    if (delta === 0) continue;
    weights[feature] = value;
    for (let entry = start; entry < end; entry++) {
      const row = indices[entry];
      const step = delta * values[entry];
      residualSum[row] -= step * weightedCount[row];
      change[row] += step;
    }
  }
  for (let row = 0; row < rows; row++) linear[row] += change[row];
  for (let index = 0; index < cases; index++) residual[index] -= change[caseRow[index]];
  return nonFinite;
}

/**
 * Every factor of both blocks: for f = 1..k the user block's v_·f, then the item block's.
 * Passes over the cases are fused: propagating one block's change to the residuals also
 * gathers the other block's row sums, so each factor costs two passes over the cases.
 * Returns the number of reverted non-finite updates.
 */
export function updateFactors(state: FmState, priors: GroupPriors, alpha: number, random: Random | null): number {
  const rank = state.rank;
  let nonFinite = 0;
  gatherUserSums(state, 0);
  for (let factor = 0; factor < rank; factor++) {
    nonFinite += updateBlockFactor(state.user, factor, rank, priors, alpha, random);
    propagateUserGatherItem(state, factor);
    nonFinite += updateBlockFactor(state.item, factor, rank, priors, alpha, random);
    propagateItemGatherUser(state, factor, factor + 1 < rank ? factor + 1 : -1);
  }
  return nonFinite;
}

/** User rows' T1, T2, E0, E1 for `factor` (t_c = the case's item s_f). */
function gatherUserSums(state: FmState, factor: number): void {
  const { residual, userCaseStart, user, item, caseWeight } = state;
  const packed = user.aggregates.packed;
  const itemRow = item.caseRow;
  const itemSums = item.sums;
  const rank = state.rank;
  for (let row = 0; row < user.rows; row++) {
    let t1 = 0;
    let t2 = 0;
    let e0 = 0;
    let e1 = 0;
    for (let index = userCaseStart[row]; index < userCaseStart[row + 1]; index++) {
      const t = itemSums[itemRow[index] * rank + factor];
      const e = residual[index];
      const w = caseWeight[index];
      t1 += w * t;
      t2 += w * t * t;
      e0 += w * e;
      e1 += w * e * t;
    }
    const base = row * ROW_STRIDE;
    packed[base + Row.SumOther] = t1;
    packed[base + Row.SumOtherSquared] = t2;
    packed[base + Row.ResidualSum] = e0;
    packed[base + Row.ResidualOtherSum] = e1;
  }
}

/**
 * Applies the user rows' change of factor f to the residuals, Δŷ_c = Δ(½(s_u² − q_u)) + Δs_u·t_c,
 * and gathers the item rows' sums for the same factor with the new user s_f.
 */
function propagateUserGatherItem(state: FmState, factor: number): void {
  const { residual, cases, user, item, caseWeight } = state;
  const userRow = user.caseRow;
  const itemRow = item.caseRow;
  const userSums = user.sums;
  const itemSums = item.sums;
  const rank = state.rank;
  const ownChange = user.aggregates.change;
  const sumChange = user.aggregates.sumChange;
  const packed = item.aggregates.packed;
  for (let row = 0; row < item.rows; row++) {
    const base = row * ROW_STRIDE;
    packed[base + Row.SumOther] = 0;
    packed[base + Row.SumOtherSquared] = 0;
    packed[base + Row.ResidualSum] = 0;
    packed[base + Row.ResidualOtherSum] = 0;
  }
  for (let index = 0; index < cases; index++) {
    const u = userRow[index];
    const i = itemRow[index];
    const e = residual[index] - ownChange[u] - sumChange[u] * itemSums[i * rank + factor];
    residual[index] = e;
    const t = userSums[u * rank + factor];
    const w = caseWeight[index];
    const base = i * ROW_STRIDE;
    packed[base + Row.SumOther] += w * t;
    packed[base + Row.SumOtherSquared] += w * t * t;
    packed[base + Row.ResidualSum] += w * e;
    packed[base + Row.ResidualOtherSum] += w * e * t;
  }
}

/**
 * Applies the item rows' change of factor f to the residuals and, unless `nextFactor` is −1,
 * gathers the user rows' sums for the next factor.
 */
function propagateItemGatherUser(state: FmState, factor: number, nextFactor: number): void {
  const { residual, userCaseStart, user, item, caseWeight } = state;
  const itemRow = item.caseRow;
  const userSums = user.sums;
  const itemSums = item.sums;
  const rank = state.rank;
  const ownChange = item.aggregates.change;
  const sumChange = item.aggregates.sumChange;
  const packed = user.aggregates.packed;
  for (let row = 0; row < user.rows; row++) {
    const start = userCaseStart[row];
    const end = userCaseStart[row + 1];
    const s = userSums[row * rank + factor];
    if (nextFactor < 0) {
      for (let index = start; index < end; index++) {
        const i = itemRow[index];
        residual[index] -= ownChange[i] + sumChange[i] * s;
      }
      continue;
    }
    let t1 = 0;
    let t2 = 0;
    let e0 = 0;
    let e1 = 0;
    for (let index = start; index < end; index++) {
      const i = itemRow[index];
      const e = residual[index] - ownChange[i] - sumChange[i] * s;
      residual[index] = e;
      const t = itemSums[i * rank + nextFactor];
      const w = caseWeight[index];
      t1 += w * t;
      t2 += w * t * t;
      e0 += w * e;
      e1 += w * e * t;
    }
    const base = row * ROW_STRIDE;
    packed[base + Row.SumOther] = t1;
    packed[base + Row.SumOtherSquared] = t2;
    packed[base + Row.ResidualSum] = e0;
    packed[base + Row.ResidualOtherSum] = e1;
  }
}

/**
 * Factor f of every feature of one block, from the block's gathered row sums; keeps s_rf, q_rf
 * and the row sums current, and leaves each row's change (own part, s_rf) in its aggregates.
 */
function updateBlockFactor(
  side: BlockState,
  factor: number,
  rank: number,
  priors: GroupPriors,
  alpha: number,
  random: Random | null,
): number {
  const { rows, features, factors, sums, squares, weightedCount, penaltyScale } = side;
  const { offsets, indices, values } = side.block.byFeature;
  const featureGroup = side.block.featureGroup;
  const { packed, sumChange, change } = side.aggregates;
  for (let row = 0; row < rows; row++) {
    const base = row * ROW_STRIDE;
    packed[base + Row.Count] = weightedCount[row];
    packed[base + Row.Sum] = sums[row * rank + factor];
    packed[base + Row.Square] = squares[row * rank + factor];
  }

  let nonFinite = 0;
  for (let feature = 0; feature < features; feature++) {
    const start = offsets[feature];
    const end = offsets[feature + 1];
    const old = factors[feature * rank + factor];
    let sumHH = 0;
    let sumHE = 0;
    for (let entry = start; entry < end; entry++) {
      const base = indices[entry] << 3; // × ROW_STRIDE
      const x = values[entry];
      const a = packed[base + Row.Sum] - old * x;
      const t1 = packed[base + Row.SumOther];
      sumHH += x * x * (packed[base + Row.Count] * a * a + 2 * a * t1 + packed[base + Row.SumOtherSquared]);
      sumHE += x * (a * packed[base + Row.ResidualSum] + packed[base + Row.ResidualOtherSum]);
    }
    const prior = featureGroup[feature] * rank + factor;
    const lambda = priors.factorPrecision[prior] * penaltyScale[feature];
    const precision = alpha * sumHH + lambda;
    const value = draw((alpha * (sumHE + old * sumHH) + priors.factorMean[prior] * lambda) / precision, precision, random);
    if (!Number.isFinite(value)) {
      nonFinite++;
      continue;
    }
    const delta = value - old;
    if (delta === 0) continue;
    factors[feature * rank + factor] = value;
    const squareStep = value * value - old * old;
    for (let entry = start; entry < end; entry++) {
      const base = indices[entry] << 3; // × ROW_STRIDE
      const x = values[entry];
      const step = delta * x;
      const a = packed[base + Row.Sum] - old * x;
      const t1 = packed[base + Row.SumOther];
      packed[base + Row.ResidualSum] -= step * (packed[base + Row.Count] * a + t1);
      packed[base + Row.ResidualOtherSum] -= step * (a * t1 + packed[base + Row.SumOtherSquared]);
      packed[base + Row.Sum] += step;
      packed[base + Row.Square] += squareStep * x * x;
    }
  }

  for (let row = 0; row < rows; row++) {
    const base = row * ROW_STRIDE;
    const sum = packed[base + Row.Sum];
    const square = packed[base + Row.Square];
    const slot = row * rank + factor;
    const previous = sums[slot];
    change[row] = 0.5 * (sum * sum - square - previous * previous + squares[slot]);
    sumChange[row] = sum - previous;
    sums[slot] = sum;
    squares[slot] = square;
  }
  return nonFinite;
}
