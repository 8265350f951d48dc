import type { Random } from '../random';
import { instantiateKernel } from '../sparse/kernelInstance';
import { createBlockKernels, type BlockKernels } from './blockKernels';
import { createCaseKernels, type CaseKernels } from './caseKernels';
import { createPredictionKernel, rowBiases, type FmState, type GroupPriors, type PredictionKernel } from './fmState';
import { ROW_LAYOUT } from './rowAggregates';

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

/** One fold's kernels, bound to its state, priors, generator and test cases. */
export interface FmKernels {
  /** Passes over the training cases: w0, noise sums, row gathers and residual updates. */
  readonly cases: CaseKernels;
  readonly user: BlockKernels;
  readonly item: BlockKernels;
  /** Test predictions into `test.out`. */
  readonly test: PredictionKernel;
}

/**
 * The kernels of one fold. `compiled` (the default): each factory is compiled afresh for this
 * fold, so V8 builds the fold's arrays into the code as constants (kernelInstance.ts says why);
 * false: the factories called directly, same numbers (tests compare the two).
 */
export function createFmKernels(
  state: FmState,
  priors: GroupPriors,
  random: Random | null,
  test: { readonly user: Int32Array; readonly item: Int32Array; readonly out: Float64Array },
  compiled = true,
): FmKernels {
  const cases = compiled ? instantiateKernel(createCaseKernels, 'fmCases') : createCaseKernels;
  const user = compiled ? instantiateKernel(createBlockKernels, 'fmUserBlock') : createBlockKernels;
  const item = compiled ? instantiateKernel(createBlockKernels, 'fmItemBlock') : createBlockKernels;
  const testing = compiled ? instantiateKernel(createPredictionKernel, 'fmTest') : createPredictionKernel;
  return {
    cases: cases(state, ROW_LAYOUT, draw, random),
    user: user(state, state.user, priors, ROW_LAYOUT, draw, random),
    item: item(state, state.item, priors, ROW_LAYOUT, draw, random),
    test: testing(state, test.user, test.item, test.out, rowBiases),
  };
}

function draw(mean: number, precision: number, random: Random | null): number {
  return random === null ? mean : mean + random.normal() / Math.sqrt(precision);
}

/**
 * Every factor of both blocks: for f = 1..k the user block's v_·f, then the item block's.
 * Passes over the cases are fused: propagating one block's change to the residuals also
 * gathers the other block's row sums, so each factor costs two passes over the cases.
 * Returns the number of reverted non-finite updates.
 */
export function updateFactors(kernels: FmKernels, rank: number, alpha: number): number {
  let nonFinite = 0;
  kernels.cases.gatherUserSums(0);
  for (let factor = 0; factor < rank; factor++) {
    nonFinite += kernels.user.updateFactor(factor, alpha);
    kernels.cases.propagateUserGatherItem(factor);
    nonFinite += kernels.item.updateFactor(factor, alpha);
    if (factor + 1 < rank) kernels.cases.propagateItemGatherUser(factor, factor + 1);
    else kernels.cases.propagateItem(factor);
  }
  return nonFinite;
}
