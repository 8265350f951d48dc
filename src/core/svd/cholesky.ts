/**
 * Solves A x = b in place for a small symmetric positive definite A (row-major n × n, only the
 * lower triangle read) by Cholesky factorization. A is overwritten by its factor L and b by x.
 * Returns false when A is not positive definite (a pivot ≤ 0), leaving x unusable.
 *
 * No allocation: the ALS sweeps call this once per user and per item.
 */
export function choleskySolve(matrix: Float64Array, rhs: Float64Array, size: number): boolean {
  for (let row = 0; row < size; row++) {
    const rowOffset = row * size;
    for (let column = 0; column <= row; column++) {
      const columnOffset = column * size;
      let sum = matrix[(rowOffset + column) | 0];
      for (let inner = 0; inner < column; inner++) {
        sum -= matrix[(rowOffset + inner) | 0] * matrix[(columnOffset + inner) | 0];
      }
      if (row === column) {
        if (!(sum > 0)) return false;
        matrix[(rowOffset + row) | 0] = Math.sqrt(sum);
      } else {
        matrix[(rowOffset + column) | 0] = sum / matrix[(columnOffset + column) | 0];
      }
    }
  }
  // Forward substitution: L y = b.
  for (let row = 0; row < size; row++) {
    const rowOffset = row * size;
    let sum = rhs[row];
    for (let inner = 0; inner < row; inner++) sum -= matrix[(rowOffset + inner) | 0] * rhs[inner];
    rhs[row] = sum / matrix[(rowOffset + row) | 0];
  }
  // Back substitution: Lᵀ x = y.
  for (let row = size - 1; row >= 0; row--) {
    let sum = rhs[row];
    for (let inner = row + 1; inner < size; inner++) sum -= matrix[(inner * size + row) | 0] * rhs[inner];
    rhs[row] = sum / matrix[(row * size + row) | 0];
  }
  return true;
}
