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

/** Doubles per row in RowAggregates.packed: seven fields, padded to one 64-byte cache line. */
export const ROW_STRIDE = 8;

/** Scratch for one block's rows. */
export function createRowAggregates(rows: number): RowAggregates {
  return {
    packed: new Float64Array(rows * ROW_STRIDE),
    sumChange: new Float64Array(rows),
    change: new Float64Array(rows),
    residualSum: new Float64Array(rows),
  };
}
