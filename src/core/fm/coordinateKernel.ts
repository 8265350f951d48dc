import type { Random } from '../random';
import { instantiateKernel } from '../sparse/kernelInstance';
import { createBlockKernels, type BlockKernels } from './blockKernels';
import type { FmState, GroupPriors } from './blockState';
import { createCaseKernels, type CaseKernels } from './caseKernels';
import { createContextCaseKernels, type ContextCaseKernels } from './contextCaseKernels';
import { createPredictionKernel, rowBiases, type TestCases, type TestPredictor } from './predictions';
import { wasmTestPredictor } from './wasmTestPredictor';
import { ITEM_COLUMNS } from './itemColumns';
import { ROW_LAYOUT } from './rowAggregates';
import { compactRowIndices } from './rowIndices';

/**
 * One coordinate-update kernel for ALS and MCMC (libFM's `do_sample`): for a parameter θ the
 * model is linear, ŷ_c = g_c + θ·h_c, so with residuals e_c, noise precision α and case weights
 * τ_c (its user's state.userWeight, 1 unless MCMC samples per-user noise) its conditional given everything
 * else is Normal with
 *   precision = α Σ τ_c h_c² + λ,   mean = (α Σ τ_c h_c (e_c + θ h_c) + μ λ) / precision.
 * ALS takes the mean (α = 1, λ the regularization, μ = 0); MCMC draws from it (`random` given).
 * Every sum over cases below carries τ_c; n_r becomes Σ τ_c over the row's cases.
 *
 * Relational speed-up (Rendle, VLDB 2013): the sums over cases are gathered per block row first,
 * so a feature's update touches its rows, not every case that contains it. For v_jf of a row r
 * with cases C(r), t_c the other block's s_f of case c and a = s_rf − v_jf x_j:
 *   h_c = x_j (a + t_c),  Σ h² = x_j² (n a² + 2a T1 + T2),  Σ h e = x_j (a E0 + E1)
 * with n = |C(r)|, T1 = Σ t_c, T2 = Σ t_c², E0 = Σ e_c, E1 = Σ e_c t_c. With a third, context
 * block t_c is the sum of the other two blocks' s_f (contextCaseKernels.ts); the feature loops
 * are the same for every block.
 */

/** One fold's kernels, bound to its state, priors, generator and test cases. */
export interface FmKernels {
  /** Passes over the training cases: w0, noise sums, row gathers and residual updates. */
  readonly cases: CaseKernels;
  readonly user: BlockKernels;
  readonly item: BlockKernels;
  /** The context block's passes over the cases and its feature loops; null without one. */
  readonly contextCases: ContextCaseKernels | null;
  readonly context: BlockKernels | null;
  /** Test predictions into `test.out`. */
  readonly test: TestPredictor;
}

/**
 * The kernels of one fold. `compiled` (the default): each factory is compiled afresh for this
 * fold, so V8 builds the fold's arrays into the code as constants (kernelInstance.ts says why);
 * false: the factories called directly, same numbers (tests compare the two).
 */
export function createFmKernels(state: FmState, priors: GroupPriors, random: Random | null, test: TestCases, compiled = true): FmKernels {
  const cases = compiled ? instantiateKernel(createCaseKernels, 'fmCases') : createCaseKernels;
  const user = compiled ? instantiateKernel(createBlockKernels, 'fmUserBlock') : createBlockKernels;
  const item = compiled ? instantiateKernel(createBlockKernels, 'fmItemBlock') : createBlockKernels;
  const { context } = state;
  if ((context === null) !== ((test.context ?? null) === null))
    throw new RangeError('createFmKernels: test cases need context rows exactly when the state has a context block');
  let contextCases: ContextCaseKernels | null = null;
  let contextBlock: BlockKernels | null = null;
  if (context !== null) {
    const contextPasses = compiled ? instantiateKernel(createContextCaseKernels, 'fmContextCases') : createContextCaseKernels;
    const contextFeatures = compiled ? instantiateKernel(createBlockKernels, 'fmContextBlock') : createBlockKernels;
    contextCases = contextPasses(state, context, ROW_LAYOUT, ITEM_COLUMNS);
    contextBlock = contextFeatures(state, context, priors, ROW_LAYOUT, draw, random);
  }
  return {
    cases: cases(state, ROW_LAYOUT, draw, random, ITEM_COLUMNS),
    user: user(state, state.user, priors, ROW_LAYOUT, draw, random),
    item: item(state, state.item, priors, ROW_LAYOUT, draw, random),
    contextCases,
    context: contextBlock,
    test: wasmTestPredictor(state, test) ?? javascriptTestPredictor(state, test, compiled),
  };
}

/** The test predictions in JavaScript, compiled for this fold unless `compiled` is false. */
function javascriptTestPredictor(state: FmState, test: TestCases, compiled: boolean): TestPredictor {
  const testing = compiled ? instantiateKernel(createPredictionKernel, 'fmTest') : createPredictionKernel;
  const { context } = state;
  return testing(
    state,
    compactRowIndices(test.user, state.user.rows),
    compactRowIndices(test.item, state.item.rows),
    context === null ? new Int32Array(0) : compactRowIndices(test.context ?? new Int32Array(0), context.rows),
    test.out,
    rowBiases,
  );
}

/** Each row's Σ of case weights, every block; call after changing state.userWeight. */
export function refreshWeightedCounts(kernels: FmKernels): void {
  kernels.cases.refreshWeightedCounts();
  kernels.contextCases?.refreshWeightedCounts();
}

/** Every block's linear weights in turn (user, item, context). Returns the reverted non-finite count. */
export function updateWeights(kernels: FmKernels, alpha: number): number {
  let nonFinite = kernels.user.updateWeights(alpha);
  nonFinite += kernels.item.updateWeights(alpha);
  if (kernels.context !== null) nonFinite += kernels.context.updateWeights(alpha);
  return nonFinite;
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
  if (kernels.contextCases !== null && kernels.context !== null)
    return updateContextFactors(kernels, kernels.contextCases, kernels.context, rank, alpha);
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

/** With the context block: per factor user, item, context in turn, three fused passes over the cases. */
function updateContextFactors(kernels: FmKernels, cases: ContextCaseKernels, context: BlockKernels, rank: number, alpha: number): number {
  let nonFinite = 0;
  cases.gatherUserSums(0);
  for (let factor = 0; factor < rank; factor++) {
    nonFinite += kernels.user.updateFactor(factor, alpha);
    cases.propagateUserGatherItem(factor);
    nonFinite += kernels.item.updateFactor(factor, alpha);
    cases.propagateItemGatherContext(factor);
    nonFinite += context.updateFactor(factor, alpha);
    if (factor + 1 < rank) cases.propagateContextGatherUser(factor, factor + 1);
    else cases.propagateContext(factor);
  }
  return nonFinite;
}
