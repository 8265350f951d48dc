/**
 * Row numbers, one per case (a block's row of each training or test case): 16-bit where the
 * block's rows fit (every block of MovieLens 100K and 1M), else 32-bit. The case passes read one
 * per case for every factor; 16 bits halve those bytes, and the two folds that run at once on two
 * cores contend for the shared cache.
 */
export type RowIndices = Int32Array | Uint16Array;

/** Whether row numbers below `rows` fit 16 bits. */
export function fitsSixteenBits(rows: number): boolean {
  return rows <= 0x10000;
}

/** `column` (row numbers below `rows`) as 16-bit numbers when they fit, else itself. */
export function compactRowIndices(column: Int32Array, rows: number): RowIndices {
  return fitsSixteenBits(rows) ? Uint16Array.from(column) : column;
}
