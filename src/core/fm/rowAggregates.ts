/**
 * Per-row sums over the row's cases for the factor being updated (see coordinateKernel.ts),
 * packed per row so the feature loop's random row accesses touch one cache line each; and the
 * row's change after its features were updated. Its own file so that fmState.ts (which creates
 * it) and the kernels (which fill it) do not import each other.
 */
export interface RowAggregates {
  readonly packed: Float64Array;
  /** Change of s_rf. */
  readonly sumChange: Float64Array;
  /** Change of the row's own part of the prediction. */
  readonly change: Float64Array;
  /** Σ e_c per row, for the linear weights. */
  readonly residualSum: Float64Array;
}

/**
 * Fields of a row's record in RowAggregates.packed, with t_c the other block's s_f of case c:
 * one cache line per row (seven doubles padded to eight). The kernels take it as a parameter and
 * keep each offset in a local const, which V8 folds into the per-fold code (kernelInstance.ts).
 */
export const ROW_LAYOUT = {
  /** n_r (Σ τ_c). */
  count: 0,
  /** T1 = Σ t_c. */
  sumOther: 1,
  /** T2 = Σ t_c². */
  sumOtherSquared: 2,
  /** E0 = Σ e_c. */
  residualSum: 3,
  /** E1 = Σ e_c t_c. */
  residualOtherSum: 4,
  /** s_rf of the factor being updated. */
  sum: 5,
  /** q_rf of the factor being updated. */
  square: 6,
  stride: 8,
} as const;

export type RowLayout = typeof ROW_LAYOUT;

/** Scratch for one block's rows (in JavaScript; wasmBlockKernels.ts has its own). */
export function createRowAggregates(rows: number): RowAggregates {
  return {
    packed: new Float64Array(rows * ROW_LAYOUT.stride),
    sumChange: new Float64Array(rows),
    change: new Float64Array(rows),
    residualSum: new Float64Array(rows),
  };
}
