import type { Random } from '../random';
import type { Draw } from './caseKernels';
import type { BlockState, FmState, GroupPriors } from './fmState';
import type { RowLayout } from './rowAggregates';

/**
 * The feature loops of one block (user or item) for one fold's state: linear weights and one
 * factor of every feature (see coordinateKernel.ts for the conditional they draw from).
 * Instantiated per fold and block (instantiateKernel), so the body must stay self-contained:
 * only parameters and globals, kernels as methods.
 *
 * Two habits keep V8's per-fold code fast (measured with --print-opt-code and --trace-deopt):
 * - Each method starts by reading what it uses from the frozen `fold`: the reads happen before the
 *   loops, where TurboFan turns them into constants and then builds each typed array's length
 *   and data pointer into the code. Read from the closure inside nested loops, most arrays kept
 *   a map check and three field loads per access (the context read was reduced after the access).
 * - One loop nest per method, the public updates calling them in turn: V8 optimizes a long first
 *   call by on-stack replacement inside its hot loop, before the code after that loop ever ran,
 *   and that OSR code then deoptimized on every later call ("insufficient type feedback") and
 *   was entered again (224 deopts per run of 5 folds for updateWeights as one function).
 */
export function createBlockKernels(
  state: FmState,
  side: BlockState,
  priors: GroupPriors,
  layout: RowLayout,
  draw: Draw,
  random: Random | null,
) {
  const fold = Object.freeze({
    cases: state.cases,
    rank: state.rank,
    residual: state.residual,
    caseWeight: state.caseWeight,
    rows: side.rows,
    features: side.features,
    weights: side.weights,
    factors: side.factors,
    linear: side.linear,
    sums: side.sums,
    squares: side.squares,
    caseRow: side.caseRow,
    weightedCount: side.weightedCount,
    penaltyScale: side.penaltyScale,
    offsets: side.block.byFeature.offsets,
    indices: side.block.byFeature.indices,
    values: side.block.byFeature.values,
    featureGroup: side.block.featureGroup,
    packed: side.aggregates.packed,
    sumChange: side.aggregates.sumChange,
    change: side.aggregates.change,
    rowResidualSum: side.aggregates.residualSum,
    weightMean: priors.weightMean,
    weightPrecision: priors.weightPrecision,
    factorMean: priors.factorMean,
    factorPrecision: priors.factorPrecision,
    stride: layout.stride,
    countField: layout.count,
    sumOther: layout.sumOther,
    sumOtherSquared: layout.sumOtherSquared,
    residualSum: layout.residualSum,
    residualOtherSum: layout.residualOtherSum,
    sumField: layout.sum,
    squareField: layout.square,
    draw,
    random,
  });

  const kernels = {
    /** All linear weights w_j of the block. Returns the number of reverted non-finite updates. */
    updateWeights(alpha: number): number {
      kernels.gatherRowResiduals();
      const nonFinite = kernels.updateFeatureWeights(alpha);
      kernels.applyWeightChanges();
      return nonFinite;
    },

    /** Σ τ_c e_c per row; clears the rows' change. */
    gatherRowResiduals(): void {
      const { cases, residual, caseWeight, caseRow, rowResidualSum, change } = fold;
      rowResidualSum.fill(0);
      change.fill(0);
      for (let index = 0; index < cases; index++) rowResidualSum[caseRow[index]] += caseWeight[index] * residual[index];
    },

    /** Draws each w_j; keeps the row residual sums current and adds each row's change. */
    updateFeatureWeights(alpha: number): number {
      const { features, offsets, indices, values, weightedCount, rowResidualSum, change } = fold;
      const { featureGroup, weightPrecision, weightMean, penaltyScale, weights, draw, random } = fold;
      let nonFinite = 0;
      for (let feature = 0; feature < features; feature++) {
        const start = offsets[feature];
        const end = offsets[feature + 1];
        let sumHH = 0;
        let sumHE = 0;
        for (let entry = start; entry < end; entry++) {
          const row = indices[entry];
          const x = values[entry];
          sumHH += x * x * weightedCount[row];
          sumHE += x * rowResidualSum[row];
        }
        const group = featureGroup[feature];
        const lambda = weightPrecision[group] * penaltyScale[feature];
        const old = weights[feature];
        const precision = alpha * sumHH + lambda;
        const value = draw((alpha * (sumHE + old * sumHH) + weightMean[group] * lambda) / precision, precision, random);
        if (!Number.isFinite(value)) {
          nonFinite++;
          continue;
        }
        const delta = value - old;
        if (delta === 0) continue;
        weights[feature] = value;
        for (let entry = start; entry < end; entry++) {
          const row = indices[entry];
          const step = delta * values[entry];
          rowResidualSum[row] -= step * weightedCount[row];
          change[row] += step;
        }
      }
      return nonFinite;
    },

    /** The rows' change of Σ w_j x_j, into the row caches and the residuals. */
    applyWeightChanges(): void {
      const { rows, cases, linear, change, residual, caseRow } = fold;
      for (let row = 0; row < rows; row++) linear[row] += change[row];
      for (let index = 0; index < cases; index++) residual[index] -= change[caseRow[index]];
    },

    /**
     * Factor f of every feature of the block, from the block's gathered row sums; keeps s_rf,
     * q_rf and the row sums current, and leaves each row's change (own part, s_rf) in its
     * aggregates. Returns the number of reverted non-finite updates.
     */
    updateFactor(factor: number, alpha: number): number {
      kernels.loadFactorRows(factor);
      const nonFinite = kernels.updateFeatureFactors(factor, alpha);
      kernels.storeFactorRows(factor);
      return nonFinite;
    },

    /** Each row's n_r, s_rf and q_rf into its packed record. */
    loadFactorRows(factor: number): void {
      const { rows, rank, packed, weightedCount, sums, squares, stride, countField, sumField, squareField } = fold;
      for (let row = 0; row < rows; row++) {
        const base = row * stride;
        packed[base + countField] = weightedCount[row];
        packed[base + sumField] = sums[row * rank + factor];
        packed[base + squareField] = squares[row * rank + factor];
      }
    },

    /** Draws v_jf of each feature; keeps the packed row records current. */
    updateFeatureFactors(factor: number, alpha: number): number {
      const { features, rank, offsets, indices, values, factors, packed, featureGroup, factorPrecision, factorMean } = fold;
      const { penaltyScale, stride, countField, sumOther, sumOtherSquared, residualSum, residualOtherSum, sumField, squareField } = fold;
      const { draw, random } = fold;
      let nonFinite = 0;
      for (let feature = 0; feature < features; feature++) {
        const start = offsets[feature];
        const end = offsets[feature + 1];
        const old = factors[feature * rank + factor];
        let sumHH = 0;
        let sumHE = 0;
        for (let entry = start; entry < end; entry++) {
          const base = indices[entry] * stride;
          const x = values[entry];
          const a = packed[base + sumField] - old * x;
          const t1 = packed[base + sumOther];
          sumHH += x * x * (packed[base + countField] * a * a + 2 * a * t1 + packed[base + sumOtherSquared]);
          sumHE += x * (a * packed[base + residualSum] + packed[base + residualOtherSum]);
        }
        const prior = featureGroup[feature] * rank + factor;
        const lambda = factorPrecision[prior] * penaltyScale[feature];
        const precision = alpha * sumHH + lambda;
        const value = draw((alpha * (sumHE + old * sumHH) + factorMean[prior] * lambda) / precision, precision, random);
        if (!Number.isFinite(value)) {
          nonFinite++;
          continue;
        }
        const delta = value - old;
        if (delta === 0) continue;
        factors[feature * rank + factor] = value;
        const squareStep = value * value - old * old;
        for (let entry = start; entry < end; entry++) {
          const base = indices[entry] * stride;
          const x = values[entry];
          const step = delta * x;
          const a = packed[base + sumField] - old * x;
          const t1 = packed[base + sumOther];
          packed[base + residualSum] -= step * (packed[base + countField] * a + t1);
          packed[base + residualOtherSum] -= step * (a * t1 + packed[base + sumOtherSquared]);
          packed[base + sumField] += step;
          packed[base + squareField] += squareStep * x * x;
        }
      }
      return nonFinite;
    },

    /** The rows' new s_rf and q_rf back into the caches, and each row's change. */
    storeFactorRows(factor: number): void {
      const { rows, rank, packed, sums, squares, change, sumChange, stride, sumField, squareField } = fold;
      for (let row = 0; row < rows; row++) {
        const base = row * stride;
        const sum = packed[base + sumField];
        const square = packed[base + squareField];
        const slot = row * rank + factor;
        const previous = sums[slot];
        change[row] = 0.5 * (sum * sum - square - previous * previous + squares[slot]);
        sumChange[row] = sum - previous;
        sums[slot] = sum;
        squares[slot] = square;
      }
    },
  };
  return kernels;
}

export type BlockKernels = ReturnType<typeof createBlockKernels>;
