import { FINE_GROUPS } from '../features/groups';
import type { Random } from '../random';
import type { FmState, GroupPriors } from './blockState';
import { stateBlocks } from './fmState';

/**
 * Gibbs steps for the MCMC hyperparameters (Freudenthaler, Schmidt-Thieme & Rendle 2011; libFM,
 * myFM), with libFM's hyperprior constants: α ~ Gamma(α0/2, γ0/2) on the noise precision, and per
 * group λ ~ Gamma(α_λ/2, γ_λ/2), μ | λ ~ N(μ0, 1/(β0 λ)). Optionally per-user noise precisions.
 */
const NOISE_SHAPE = 1;
const NOISE_RATE = 1;
const LAMBDA_SHAPE = 1;
const LAMBDA_RATE = 1;
const MEAN_PRIOR = 0;
const MEAN_PRIOR_WEIGHT = 1;

/**
 * Draws the shared noise precision α given the residuals: `squares` is Σ τ_c e_c² over the
 * `cases` training cases (CaseKernels.weightedSquaredResiduals).
 */
export function sampleNoisePrecision(cases: number, squares: number, random: Random): number {
  return random.gamma((NOISE_SHAPE + cases) / 2, 2 / (NOISE_RATE + squares));
}

// ν (config.noiseDegrees): degrees of freedom of the per-user noise prior τ_u ~ Gamma(ν/2, rate
// ν/2) (mean 1, sd √(2/ν)). Measured on ml-100k (bootstrapped 2-fold × 5, FM side features): RMSE
// about level for ν from 50 to 200, rising below 20 and back to the shared-noise figure at ν = 2.
// Sampling ν from its posterior settled near 13 and gave half the gain, so it is a fixed
// hyperparameter (default 100). Users with many ratings get τ_u from their data whatever ν.

/**
 * Per-user noise (noise: 'per-user'): user u's ratings have noise precision α τ_u, so a user
 * whose ratings the model fits badly weighs less on the shared parameters (heteroscedastic /
 * robust Bayesian MF, Lakshminarayanan, Bouchard & Archambeau 2011). Draws every τ_u given the
 * residuals and α, τ_u ~ Gamma((ν + n_u)/2, rate (ν + α Σ e²)/2), into `userPrecision` and
 * the state's user weights. The caller refreshes the weighted row counts.
 */
export function sampleUserNoise(state: FmState, alpha: number, degrees: number, userPrecision: Float64Array, random: Random): void {
  const { residual, userCaseStart, userWeight } = state;
  for (let row = 0; row < state.user.rows; row++) {
    const start = userCaseStart[row];
    const end = userCaseStart[row + 1];
    let squares = 0;
    for (let index = start; index < end; index++) squares += residual[index] * residual[index];
    const precision = random.gamma((degrees + end - start) / 2, 2 / (degrees + alpha * squares));
    userPrecision[row] = precision;
    userWeight[row] = precision;
  }
}

/** Scratch for the per-group statistics. */
export interface PriorScratch {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly squares: Float64Array;
}

export function createPriorScratch(rank: number): PriorScratch {
  const size = FINE_GROUPS.length * Math.max(1, rank);
  return { count: new Float64Array(size), sum: new Float64Array(size), squares: new Float64Array(size) };
}

/** Draws λ_w,g then μ_w,g for each group that has weights. */
export function sampleWeightPriors(state: FmState, priors: GroupPriors, scratch: PriorScratch, random: Random): void {
  const { count, sum, squares } = scratch;
  const groups = FINE_GROUPS.length;
  count.fill(0, 0, groups);
  sum.fill(0, 0, groups);
  squares.fill(0, 0, groups);
  for (const side of stateBlocks(state)) {
    const { weights, features } = side;
    const featureGroup = side.block.featureGroup;
    for (let feature = 0; feature < features; feature++) {
      const group = featureGroup[feature];
      const weight = weights[feature];
      const centred = weight - priors.weightMean[group];
      count[group]++;
      sum[group] += weight;
      squares[group] += centred * centred;
    }
  }
  for (let group = 0; group < groups; group++) {
    if (count[group] === 0) continue;
    const drawn = drawPrior(count[group], sum[group], squares[group], priors.weightMean[group], random);
    priors.weightPrecision[group] = drawn.precision;
    priors.weightMean[group] = drawn.mean;
  }
}

/** Draws λ_v,g,f then μ_v,g,f for each group and factor. */
export function sampleFactorPriors(state: FmState, priors: GroupPriors, scratch: PriorScratch, random: Random): void {
  const { rank } = state;
  const { count, sum, squares } = scratch;
  const size = FINE_GROUPS.length * rank;
  count.fill(0, 0, size);
  sum.fill(0, 0, size);
  squares.fill(0, 0, size);
  for (const side of stateBlocks(state)) {
    const { factors, features } = side;
    const featureGroup = side.block.featureGroup;
    for (let factor = 0; factor < rank; factor++) {
      // A block's features come in runs of one group: sums over a run in locals, stored at its
      // end (summed into memory feature by feature, each step waited on the last one's store).
      let feature = 0;
      while (feature < features) {
        const group = featureGroup[feature];
        const slot = group * rank + factor;
        const mean = priors.factorMean[slot];
        let runCount = 0;
        let runSum = sum[slot];
        let runSquares = squares[slot];
        for (; feature < features && featureGroup[feature] === group; feature++) {
          const value = factors[(feature * rank + factor) | 0];
          const centred = value - mean;
          runCount++;
          runSum += value;
          runSquares += centred * centred;
        }
        count[slot] += runCount;
        sum[slot] = runSum;
        squares[slot] = runSquares;
      }
    }
  }
  for (let slot = 0; slot < size; slot++) {
    if (count[slot] === 0) continue;
    const drawn = drawPrior(count[slot], sum[slot], squares[slot], priors.factorMean[slot], random);
    priors.factorPrecision[slot] = drawn.precision;
    priors.factorMean[slot] = drawn.mean;
  }
}

/** One Normal-Gamma step: λ given the current μ, then μ given the new λ. */
function drawPrior(count: number, sum: number, centredSquares: number, mean: number, random: Random): { precision: number; mean: number } {
  const meanOffset = mean - MEAN_PRIOR;
  const shape = (LAMBDA_SHAPE + count + 1) / 2;
  const rate = (LAMBDA_RATE + MEAN_PRIOR_WEIGHT * meanOffset * meanOffset + centredSquares) / 2;
  const precision = random.gamma(shape, 1 / rate);
  const weight = count + MEAN_PRIOR_WEIGHT;
  const newMean = (sum + MEAN_PRIOR_WEIGHT * MEAN_PRIOR) / weight + random.normal() / Math.sqrt(weight * precision);
  return { precision, mean: newMean };
}
