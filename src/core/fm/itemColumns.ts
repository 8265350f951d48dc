import type { RowLayout } from './rowAggregates';

/**
 * The item side's scratch of the case passes (caseKernels.ts, contextCaseKernels.ts): one
 * factor of the item rows' sums as a contiguous column, and the item rows' four gathered sums
 * (T1, T2, E0, E1) four doubles a row; 13 KB and 54 KB on ml-100k against 134 KB and 107 KB of
 * row records, so the passes' random accesses by film mostly hit the first-level cache. Loops
 * over rows, not cases: passed into the per-fold kernels as they are, like `draw`.
 */
export interface ItemColumns {
  /** Factor f of every row's s (`sums` row-major, `rank` a row) into `column`. */
  copyFactorColumn(sums: Float64Array, rank: number, factor: number, column: Float64Array): void;
  /** The gathered sums, four a row, into the rows' packed records. */
  storeGatheredSums(gather: Float64Array, packed: Float64Array, layout: RowLayout): void;
}

export const ITEM_COLUMNS: ItemColumns = {
  copyFactorColumn(sums, rank, factor, column) {
    for (let row = 0; row < column.length; row++) column[row] = sums[(row * rank + factor) | 0];
  },
  storeGatheredSums(gather, packed, layout) {
    const { stride, sumOther, sumOtherSquared, residualSum, residualOtherSum } = layout;
    for (let row = 0; row < gather.length / 4; row++) {
      const base = row * stride;
      const from = row * 4;
      packed[(base + sumOther) | 0] = gather[from | 0];
      packed[(base + sumOtherSquared) | 0] = gather[(from + 1) | 0];
      packed[(base + residualSum) | 0] = gather[(from + 2) | 0];
      packed[(base + residualOtherSum) | 0] = gather[(from + 3) | 0];
    }
  },
};
