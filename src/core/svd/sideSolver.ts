import type { choleskySolve } from './cholesky';
import type { RatingGroups } from './ratingGroups';

/** What one half-sweep reads and writes besides the two sides' parameters. */
export interface SolverSettings {
  readonly rank: number;
  readonly globalMean: number;
  readonly biasLambda: number;
  readonly factorLambda: number;
  /** (k+1)² normal matrix and k+1 right-hand side. */
  readonly matrix: Float64Array;
  readonly rhs: Float64Array;
  /**
   * The fixed side's factors of one row's ratings, gathered column by column (rank columns of
   * the longest row's length), and their targets: each normal-matrix entry is then a dot product
   * of two contiguous columns, summed in a register.
   */
  readonly columns: Float64Array;
  readonly targets: Float64Array;
}

/**
 * One half-sweep of SVD-ALS for one fold and side: for every row (user or film) of `groups`,
 * solve its (bias, factors) with the other side fixed. Minimizes
 * Σ (r − μ − b_other − [1, q]·[b, p])² + √n·(λ_b·b² + λ·|p|²). A row without ratings gets zeros.
 *
 * Instantiated per fold and side (instantiateKernel, which says why), so the body must stay
 * self-contained: only parameters and globals (`solve` is choleskySolve), kernels as methods,
 * each copying the fold's values it uses into locals before its loops (blockKernels.ts says why).
 */
export function createSideSolver(
  settings: SolverSettings,
  groups: RatingGroups,
  bias: Float64Array,
  factors: Float64Array,
  otherBias: Float64Array,
  otherFactors: Float64Array,
  solve: typeof choleskySolve,
) {
  const foldRank = settings.rank;
  const foldGlobalMean = settings.globalMean;
  const foldBiasLambda = settings.biasLambda;
  const foldFactorLambda = settings.factorLambda;
  const foldMatrix = settings.matrix;
  const foldRhs = settings.rhs;
  const foldColumns = settings.columns;
  const foldTargets = settings.targets;
  const foldCount = groups.count;
  const foldOffset = groups.offset;
  const foldPartner = groups.partner;
  const foldValue = groups.value;
  const foldBias = bias;
  const foldFactors = factors;
  const foldOtherBias = otherBias;
  const foldOtherFactors = otherFactors;
  const foldSolve = solve;
  const solver = {
    /** Solves every row; returns how many gave a non-finite or failed solve (they keep their values). */
    solveRows(): number {
      const count = foldCount,
        offset = foldOffset,
        rank = foldRank,
        matrix = foldMatrix,
        rhs = foldRhs,
        biasLambda = foldBiasLambda,
        factorLambda = foldFactorLambda,
        bias = foldBias,
        factors = foldFactors,
        solve = foldSolve;
      const size = rank + 1;
      let failures = 0;
      for (let row = 0; row < count; row++) {
        const rowOffset = row * rank;
        if (offset[(row + 1) | 0] === offset[row]) {
          bias[row] = 0;
          for (let factor = 0; factor < rank; factor++) factors[(rowOffset + factor) | 0] = 0;
          continue;
        }
        const ratings = solver.normalEquations(row);
        const scale = Math.sqrt(ratings);
        matrix[0] += biasLambda * scale;
        for (let factor = 1; factor < size; factor++) matrix[(factor * size + factor) | 0] += factorLambda * scale;
        if (!solve(matrix, rhs, size) || !solver.allFinite()) {
          failures++;
          continue;
        }
        bias[row] = rhs[0];
        for (let factor = 0; factor < rank; factor++) factors[(rowOffset + factor) | 0] = rhs[(factor + 1) | 0];
      }
      return failures;
    },

    /**
     * The unregularized normal equations of `row` with z = [1, q]: entry (0,0) counts the
     * ratings, (a,0) sums column a, (a,b) is a column dot product. Returns the rating count.
     */
    normalEquations(row: number): number {
      const offset = foldOffset,
        rank = foldRank,
        matrix = foldMatrix,
        rhs = foldRhs,
        columns = foldColumns,
        targets = foldTargets;
      const size = rank + 1;
      const count = offset[(row + 1) | 0] - offset[row];
      solver.gatherColumns(row, count);
      let targetSum = 0;
      for (let index = 0; index < count; index++) targetSum += targets[index];
      matrix[0] = count;
      rhs[0] = targetSum;
      for (let first = 0; first < rank; first++) {
        const firstOffset = first * count;
        let columnSum = 0;
        let targetDot = 0;
        for (let index = 0; index < count; index++) {
          const zFirst = columns[(firstOffset + index) | 0];
          columnSum += zFirst;
          targetDot += zFirst * targets[index];
        }
        const matrixRow = (first + 1) * size;
        matrix[matrixRow] = columnSum;
        rhs[(first + 1) | 0] = targetDot;
        for (let second = 0; second <= first; second++) {
          matrix[(matrixRow + second + 1) | 0] = solver.columnDot(firstOffset, second * count, count);
        }
      }
      return count;
    },

    /**
     * Copies the fixed side's factors of `row`'s ratings into `columns` (column f holds q_f of each
     * rating, `count` long) and their targets r − μ − b_other into `targets`.
     */
    gatherColumns(row: number, count: number): void {
      const offset = foldOffset,
        partner = foldPartner,
        value = foldValue,
        rank = foldRank,
        globalMean = foldGlobalMean,
        otherBias = foldOtherBias,
        otherFactors = foldOtherFactors,
        columns = foldColumns,
        targets = foldTargets;
      const start = offset[row];
      for (let index = 0; index < count; index++) {
        const other = partner[(start + index) | 0];
        targets[index] = value[(start + index) | 0] - globalMean - otherBias[other];
        const otherOffset = other * rank;
        for (let factor = 0; factor < rank; factor++) columns[(factor * count + index) | 0] = otherFactors[(otherOffset + factor) | 0];
      }
    },

    /**
     * Dot product of two stretches of `columns`. Four partial sums: one running sum would make
     * every addition wait for the previous one, and the half-sweeps are mostly these dot products.
     */
    columnDot(first: number, second: number, count: number): number {
      const columns = foldColumns;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let index = 0;
      for (; index + 3 < count; index += 4) {
        sum0 += columns[(first + index) | 0] * columns[(second + index) | 0];
        sum1 += columns[(first + index + 1) | 0] * columns[(second + index + 1) | 0];
        sum2 += columns[(first + index + 2) | 0] * columns[(second + index + 2) | 0];
        sum3 += columns[(first + index + 3) | 0] * columns[(second + index + 3) | 0];
      }
      for (; index < count; index++) sum0 += columns[(first + index) | 0] * columns[(second + index) | 0];
      return sum0 + sum1 + (sum2 + sum3);
    },

    allFinite(): boolean {
      const rhs = foldRhs,
        rank = foldRank;
      for (let index = 0; index <= rank; index++) if (!Number.isFinite(rhs[index])) return false;
      return true;
    },
  };
  return solver;
}

export type SideSolver = ReturnType<typeof createSideSolver>;
