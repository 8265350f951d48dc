/**
 * Compressed sparse row matrices: `Int32Array` offsets and indices, `Float64Array` values, built
 * once. The transpose of a CSR matrix is its CSC form (libFM keeps both, `fmatrix.h`): row loops
 * read the CSR, feature (column) loops read the transpose.
 */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  /** Entries of row r are offsets[r] .. offsets[r+1]. Length rows + 1. */
  readonly offsets: Int32Array;
  /** Column index of each entry, ascending inside a row. */
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Number of stored entries. */
export function nonZeroCount(matrix: SparseMatrix): number {
  return matrix.offsets[matrix.rows];
}

/**
 * Builds a CSR matrix from coordinate triplets. Entries of a row come out sorted by column;
 * duplicate (row, column) pairs are summed.
 */
export function fromTriplets(
  rows: number,
  columns: number,
  rowOf: ArrayLike<number>,
  columnOf: ArrayLike<number>,
  valueOf: ArrayLike<number>,
): SparseMatrix {
  const count = rowOf.length;
  if (columnOf.length !== count || valueOf.length !== count) {
    throw new RangeError(`fromTriplets: ${count} rows, ${columnOf.length} columns and ${valueOf.length} values given`);
  }
  const counts = new Int32Array(rows + 1);
  for (let entry = 0; entry < count; entry++) {
    const row = rowOf[entry];
    const column = columnOf[entry];
    if (!(row >= 0 && row < rows) || !(column >= 0 && column < columns)) {
      throw new RangeError(`fromTriplets: entry (${row}, ${column}) outside a ${rows} × ${columns} matrix`);
    }
    counts[row + 1]++;
  }
  for (let row = 0; row < rows; row++) counts[row + 1] += counts[row];
  const next = counts.slice(0, rows);
  const indices = new Int32Array(count);
  const values = new Float64Array(count);
  for (let entry = 0; entry < count; entry++) {
    const position = next[rowOf[entry]]++;
    indices[position] = columnOf[entry];
    values[position] = valueOf[entry];
  }
  return sortAndMerge({ rows, columns, offsets: counts, indices, values });
}

/** The transpose, i.e. the CSC form of `matrix` read as CSR. Keeps ascending order. */
export function transpose(matrix: SparseMatrix): SparseMatrix {
  const { rows, columns, offsets, indices, values } = matrix;
  const total = offsets[rows];
  const transposedOffsets = new Int32Array(columns + 1);
  for (let entry = 0; entry < total; entry++) transposedOffsets[indices[entry] + 1]++;
  for (let column = 0; column < columns; column++) transposedOffsets[column + 1] += transposedOffsets[column];
  const next = transposedOffsets.slice(0, columns);
  const transposedIndices = new Int32Array(total);
  const transposedValues = new Float64Array(total);
  // Rows visited in order, so each column's rows come out ascending.
  for (let row = 0; row < rows; row++) {
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const position = next[indices[entry]]++;
      transposedIndices[position] = row;
      transposedValues[position] = values[entry];
    }
  }
  return { rows: columns, columns: rows, offsets: transposedOffsets, indices: transposedIndices, values: transposedValues };
}

/** Keeps only the columns where `keep[column]` is true, renumbered densely in order. */
export function selectColumns(matrix: SparseMatrix, keep: ArrayLike<boolean>): { matrix: SparseMatrix; kept: Int32Array } {
  const { rows, columns, offsets, indices, values } = matrix;
  const newIndex = new Int32Array(columns).fill(-1);
  let keptCount = 0;
  for (let column = 0; column < columns; column++) if (keep[column]) newIndex[column] = keptCount++;
  const kept = new Int32Array(keptCount);
  for (let column = 0; column < columns; column++) if (newIndex[column] >= 0) kept[newIndex[column]] = column;
  const newOffsets = new Int32Array(rows + 1);
  let total = 0;
  for (let entry = 0; entry < offsets[rows]; entry++) if (newIndex[indices[entry]] >= 0) total++;
  const newIndices = new Int32Array(total);
  const newValues = new Float64Array(total);
  let position = 0;
  for (let row = 0; row < rows; row++) {
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const column = newIndex[indices[entry]];
      if (column < 0) continue;
      newIndices[position] = column;
      newValues[position] = values[entry];
      position++;
    }
    newOffsets[row + 1] = position;
  }
  return { matrix: { rows, columns: keptCount, offsets: newOffsets, indices: newIndices, values: newValues }, kept };
}

/** Rows up to this long are insertion-sorted; longer ones go through a native numeric sort. */
const INSERTION_SORT_MAX = 32;

/**
 * Sorts each row by column and sums duplicates. Short rows (ids, demographics, most users'
 * implicit feedback) are insertion-sorted; a long row (the raters of a popular film: 80 000
 * entries at 25M ratings, in first-seen column order) is sorted in O(n log n), since insertion
 * sort took 90 s of the 25M feature build on such rows.
 */
function sortAndMerge(matrix: SparseMatrix): SparseMatrix {
  const { rows, columns, offsets, indices, values } = matrix;
  let merged = false;
  const scratch = new LongRowSorter();
  for (let row = 0; row < rows; row++) {
    const start = offsets[row];
    const end = offsets[row + 1];
    if (end - start > INSERTION_SORT_MAX) scratch.sort(indices, values, start, end, columns);
    else insertionSort(indices, values, start, end);
    for (let entry = start + 1; entry < end; entry++) if (indices[entry] === indices[entry - 1]) merged = true;
  }
  if (!merged) return matrix;
  const newOffsets = new Int32Array(rows + 1);
  const newIndices = new Int32Array(offsets[rows]);
  const newValues = new Float64Array(offsets[rows]);
  let position = 0;
  for (let row = 0; row < rows; row++) {
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      if (position > newOffsets[row] && newIndices[position - 1] === indices[entry]) {
        newValues[position - 1] += values[entry];
      } else {
        newIndices[position] = indices[entry];
        newValues[position] = values[entry];
        position++;
      }
    }
    newOffsets[row + 1] = position;
  }
  return { rows, columns, offsets: newOffsets, indices: newIndices.slice(0, position), values: newValues.slice(0, position) };
}

function insertionSort(indices: Int32Array, values: Float64Array, start: number, end: number): void {
  for (let entry = start + 1; entry < end; entry++) {
    const column = indices[entry];
    const value = values[entry];
    let position = entry - 1;
    while (position >= start && indices[position] > column) {
      indices[position + 1] = indices[position];
      values[position + 1] = values[position];
      position--;
    }
    indices[position + 1] = column;
    values[position + 1] = value;
  }
}

/**
 * Sorts one long row stably by column: each entry becomes the key column · length + its position
 * in the row (exact while below 2^53), sorted by the typed array's native numeric sort; scratch
 * buffers are reused from row to row.
 */
class LongRowSorter {
  private keys = new Float64Array(0);
  private columnCopy = new Int32Array(0);
  private valueCopy = new Float64Array(0);

  sort(indices: Int32Array, values: Float64Array, start: number, end: number, columns: number): void {
    const length = end - start;
    let sorted = true;
    for (let entry = start + 1; entry < end && sorted; entry++) sorted = indices[entry - 1] <= indices[entry];
    if (sorted) return;
    if (columns * length >= Number.MAX_SAFE_INTEGER) {
      insertionSort(indices, values, start, end);
      return;
    }
    if (this.keys.length < length) {
      this.keys = new Float64Array(length);
      this.columnCopy = new Int32Array(length);
      this.valueCopy = new Float64Array(length);
    }
    const keys = this.keys.subarray(0, length);
    const columnCopy = this.columnCopy;
    const valueCopy = this.valueCopy;
    for (let offset = 0; offset < length; offset++) {
      columnCopy[offset] = indices[start + offset];
      valueCopy[offset] = values[start + offset];
      keys[offset] = columnCopy[offset] * length + offset;
    }
    keys.sort();
    for (let offset = 0; offset < length; offset++) {
      const from = keys[offset] % length;
      indices[start + offset] = columnCopy[from];
      values[start + offset] = valueCopy[from];
    }
  }
}
