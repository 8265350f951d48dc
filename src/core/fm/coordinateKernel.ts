import type { Random } from '../random';
import type { BlockState, FmState, GroupPriors } from './fmState';

/**
 * One coordinate-update kernel for ALS and MCMC (libFM's `do_sample`): for a parameter θ the
 * model is linear, ŷ_c = g_c + θ·h_c, so with residuals e_c and noise precision α its
 * conditional given everything else is Normal with
 *   precision = α Σ h_c² + λ,   mean = (α Σ h_c (e_c + θ h_c) + μ λ) / precision.
 * ALS takes the mean (α = 1, λ the regularization, μ = 0); MCMC draws from it (`random` given).
 *
 * Relational speed-up (Rendle, VLDB 2013): the sums over cases are gathered per block row first,
 * so a feature's update touches its rows, not every case that contains it. For v_jf of a row r
 * with cases C(r), t_c the other block's s_f of case c and a = s_rf − v_jf x_j:
 *   h_c = x_j (a + t_c),  Σ h² = x_j² (n a² + 2a T1 + T2),  Σ h e = x_j (a E0 + E1)
 * with n = |C(r)|, T1 = Σ t_c, T2 = Σ t_c², E0 = Σ e_c, E1 = Σ e_c t_c.
 */

function draw(mean: number, precision: number, random: Random | null): number {
  return random === null ? mean : mean + random.normal() / Math.sqrt(precision);
}

/** w0 with a flat prior (precision 0 beyond `priorPrecision`). Returns non-finite count. */
export function updateGlobalBias(state: FmState, alpha: number, priorPrecision: number, random: Random | null): number {
  const { residual, cases } = state;
  let residualSum = 0;
  for (let index = 0; index < cases; index++) residualSum += residual[index];
  const old = state.w0;
  const precision = alpha * cases + priorPrecision;
  const value = draw((alpha * (residualSum + old * cases)) / precision, precision, random);
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
  const { residual, cases } = state;
  const { rows, features, weights, linear, caseRow, caseCount, penaltyScale } = side;
  const { offsets, indices, values } = side.block.byFeature;
  const featureGroup = side.block.featureGroup;
  const residualSum = state.scratch.residualSum;
  const change = state.scratch.change;
  residualSum.fill(0, 0, rows);
  change.fill(0, 0, rows);
  for (let index = 0; index < cases; index++) residualSum[caseRow[index]] += residual[index];
  let nonFinite = 0;
  for (let feature = 0; feature < features; feature++) {
    const start = offsets[feature];
    const end = offsets[feature + 1];
    let sumHH = 0;
    let sumHE = 0;
    for (let entry = start; entry < end; entry++) {
      const row = indices[entry];
      const x = values[entry];
      sumHH += x * x * caseCount[row];
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
      residualSum[row] -= step * caseCount[row];
      change[row] += step;
    }
  }
  for (let row = 0; row < rows; row++) linear[row] += change[row];
  for (let index = 0; index < cases; index++) residual[index] -= change[caseRow[index]];
  return nonFinite;
}

/** Factor f of every feature of one block. Returns the number of reverted non-finite updates. */
export function updateFactor(
  state: FmState,
  side: BlockState,
  other: BlockState,
  factor: number,
  priors: GroupPriors,
  alpha: number,
  random: Random | null,
): number {
  const { residual, cases, rank } = state;
  const { rows, features, factors, sums, squares, caseRow, caseCount, penaltyScale } = side;
  const { offsets, indices, values } = side.block.byFeature;
  const featureGroup = side.block.featureGroup;
  const scratch = state.scratch;
  const sumOther = scratch.sumOther;
  const sumOtherSquared = scratch.sumOtherSquared;
  const residualSum = scratch.residualSum;
  const residualOtherSum = scratch.residualOtherSum;
  const rowOffset = factor * rows;
  const factorOffset = factor * features;
  const otherSums = other.sums;
  const otherRowOffset = factor * other.rows;
  const otherRow = other.caseRow;

  sumOther.fill(0, 0, rows);
  sumOtherSquared.fill(0, 0, rows);
  residualSum.fill(0, 0, rows);
  residualOtherSum.fill(0, 0, rows);
  for (let index = 0; index < cases; index++) {
    const row = caseRow[index];
    const t = otherSums[otherRowOffset + otherRow[index]];
    const e = residual[index];
    sumOther[row] += t;
    sumOtherSquared[row] += t * t;
    residualSum[row] += e;
    residualOtherSum[row] += e * t;
  }
  const previousSums = scratch.previousSums;
  const previousSquares = scratch.previousSquares;
  for (let row = 0; row < rows; row++) {
    previousSums[row] = sums[rowOffset + row];
    previousSquares[row] = squares[rowOffset + row];
  }

  let nonFinite = 0;
  for (let feature = 0; feature < features; feature++) {
    const start = offsets[feature];
    const end = offsets[feature + 1];
    const old = factors[factorOffset + feature];
    let sumHH = 0;
    let sumHE = 0;
    for (let entry = start; entry < end; entry++) {
      const row = indices[entry];
      const x = values[entry];
      const a = sums[rowOffset + row] - old * x;
      const t1 = sumOther[row];
      sumHH += x * x * (caseCount[row] * a * a + 2 * a * t1 + sumOtherSquared[row]);
      sumHE += x * (a * residualSum[row] + residualOtherSum[row]);
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
    factors[factorOffset + feature] = value;
    for (let entry = start; entry < end; entry++) {
      const row = indices[entry];
      const step = delta * values[entry];
      const a = sums[rowOffset + row] - old * values[entry];
      const t1 = sumOther[row];
      residualSum[row] -= step * (caseCount[row] * a + t1);
      residualOtherSum[row] -= step * (a * t1 + sumOtherSquared[row]);
      sums[rowOffset + row] += step;
    }
  }

  // Exact row sums again, then each case's residual moves by its rows' change:
  // Δŷ_c = Δ(½(s_r² − q_r)) + Δs_r · t_c.
  const { offsets: rowOffsets, indices: rowFeatures, values: rowValues } = side.block.matrix;
  const ownChange = scratch.change;
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    let square = 0;
    for (let entry = rowOffsets[row]; entry < rowOffsets[row + 1]; entry++) {
      const term = factors[factorOffset + rowFeatures[entry]] * rowValues[entry];
      sum += term;
      square += term * term;
    }
    sums[rowOffset + row] = sum;
    squares[rowOffset + row] = square;
    const previous = previousSums[row];
    ownChange[row] = 0.5 * (sum * sum - square - previous * previous + previousSquares[row]);
    previousSums[row] = sum - previous;
  }
  for (let index = 0; index < cases; index++) {
    const row = caseRow[index];
    residual[index] -= ownChange[row] + previousSums[row] * otherSums[otherRowOffset + otherRow[index]];
  }
  return nonFinite;
}
