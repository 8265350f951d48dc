import type { ContextBlock, FeatureBlock } from '../features/featureBlocks';
import type { ContextCaseWasm } from './foldMemory';
import type { RowAggregates } from './rowAggregates';
import type { RowIndices } from './rowIndices';

export type { RowIndices } from './rowIndices';
import type { WasmBlockKernels } from './wasmBlockKernels';

/**
 * Parameters and caches of a relational second-order FM (Rendle 2010; VLDB 2013):
 *   ŷ(c) = w0 + Σ_j w_j x_j + Σ_f ½[(Σ_j v_jf x_j)² − Σ_j v_jf² x_j²]
 * over the concatenation of case c's rows of the blocks (user, item, and context when on). Per
 * block row r the caches keep
 *   linear_r = Σ_j w_j x_j,  s_rf = Σ_j v_jf x_j,  q_rf = Σ_j v_jf² x_j²,
 * so that with bias_r = linear_r + ½Σ_f(s_rf² − q_rf)
 *   ŷ(c) = w0 + bias_u + bias_i + Σ_f s_uf s_if                         (two blocks),
 *   ŷ(c) = w0 + bias_u + bias_i + bias_k + Σ_f (s_uf s_if + s_uf s_kf + s_if s_kf)   (three).
 * Its own file so that the state (fmState.ts) and the kernels that read it import no cycle.
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
  readonly caseRow: RowIndices;
  /** Training cases per row (n_r). */
  readonly caseCount: Float64Array;
  /** Σ of the case weights τ_c over the row's cases: n_r while every weight is 1. */
  readonly weightedCount: Float64Array;
  /** Per-feature multiplier of the prior precision λ (1 unless a solver scales it). */
  readonly penaltyScale: Float64Array;
  readonly aggregates: RowAggregates;
  /** The factor draws in WebAssembly, over this block's factors, records and penalty scales; null: in JavaScript. */
  readonly wasm: WasmBlockKernels | null;
  /**
   * The context block's: row k's cases are caseStart[k] .. caseStart[k+1]; null for the user and
   * item blocks. A field of every block state, so that the three share one object shape (V8 then
   * keeps the code that reads them from one fold to the next).
   */
  readonly caseStart: Int32Array | null;
}

/** The context block's state: its training cases are contiguous per row too. */
export interface ContextState extends BlockState {
  readonly block: ContextBlock;
  /** Context row k's cases are caseStart[k] .. caseStart[k+1]. */
  readonly caseStart: Int32Array;
}

export interface FmState {
  readonly rank: number;
  w0: number;
  readonly user: BlockState;
  readonly item: BlockState;
  /** The third block (the user's time groups), or null: the two-block FM. */
  readonly context: ContextState | null;
  readonly cases: number;
  /** Training cases are stored sorted by user: user r's cases are userCaseStart[r] .. [r+1]. */
  readonly userCaseStart: Int32Array;
  /**
   * y_c: the ratings as given (a Float32Array column stays one: the same values, half the 160 MB
   * of a 25M fold's training part), or doubles for latent targets (the ordinal likelihood's z).
   */
  readonly target: Float64Array | Float32Array;
  /** e_c = y_c − ŷ_c, kept current by every update. */
  readonly residual: Float64Array;
  /**
   * τ_u per user row: the noise precision of the user's cases relative to the shared α (their
   * Gaussian noise has precision α τ_u). All 1 unless MCMC samples per-user noise; every kernel
   * sum over cases is weighted by the case's user's τ. Per user, not per case: the same values,
   * 160 MB less for a 25M fold's training part.
   */
  readonly userWeight: Float64Array;
  /**
   * The three-block passes over the cases in WebAssembly, over the fold's one memory that also
   * holds the arrays above (foldMemory.ts); null: the JavaScript passes.
   */
  readonly caseWasm: ContextCaseWasm | null;
}

/** Per fine group priors: N(mean, 1/precision) for w (per group) and v (per group and factor). */
export interface GroupPriors {
  readonly weightMean: Float64Array;
  readonly weightPrecision: Float64Array;
  /** [group·rank + f]. */
  readonly factorMean: Float64Array;
  readonly factorPrecision: Float64Array;
}
