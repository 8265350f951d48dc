import type { Random } from '../random';
import type { Draw } from './caseKernels';
import type { BlockState, FmState, GroupPriors } from './blockState';
import type { RowLayout } from './rowAggregates';

/**
 * The feature loops of one block (user or item) for one fold's state: linear weights and one
 * factor of every feature (see coordinateKernel.ts for the conditional they draw from).
 * Instantiated per fold and block (instantiateKernel), so the body must stay self-contained:
 * only parameters and globals, kernels as methods.
 *
 * Habits that keep V8's per-fold code fast and the same on every fold (measured with
 * --print-opt-code and --trace-deopt, and fold after fold with `npm run bench`'s kernel timing):
 * - The fold's values are consts of the closure (`fold…`), and each method first copies the ones
 *   it uses into locals, before its loops: TurboFan then turns them into constants and builds
 *   each typed array's length and data pointer into the code. Read from the closure inside
 *   nested loops, most arrays kept a map check and three field loads per access (the context
 *   read was reduced after the access). Not properties of an object either: a method's first call
 *   reads them before V8 has allocated its feedback vector, and the optimized code compiled from
 *   that empty feedback deoptimized at once, leaving the fold to generic OSR code (updateFactor
 *   with implicit features ran 4.2 ms per sweep on some folds and 7.1 on others).
 * - A method either loops (locals copied from the closure, its loop nest, a local returned) or
 *   only calls and stores (the public updates, calling the loops in turn). V8 optimizes a long
 *   first call while it runs: code that call had not reached yet, or ran before V8 allocated the
 *   function's feedback vector, has no feedback, and the code deoptimized there; with one
 *   function for all of updateWeights, its OSR code deoptimized on every later call and was
 *   entered again (224 deopts per run of 5 folds).
 * - A computed index is written `array[(row * stride + field) | 0]`: truncated to 32 bits, the
 *   multiply and add compile to plain integer instructions; without it each checks for overflow
 *   (`imul`/`add` then `jo`, about five instructions per access). Same values (every index is far
 *   below 2³¹); whole sweeps took 0.89–0.93 of the time (all kernels, interleaved in one process).
 */
export function createBlockKernels(
  state: FmState,
  side: BlockState,
  priors: GroupPriors,
  layout: RowLayout,
  draw: Draw,
  random: Random | null,
) {
  const foldCases = state.cases;
  const foldRank = state.rank;
  const foldResidual = state.residual;
  const foldUserWeight = state.userWeight;
  const foldUserRow = state.user.caseRow;
  const foldRows = side.rows;
  const foldFeatures = side.features;
  const foldWeights = side.weights;
  const foldFactors = side.factors;
  const foldLinear = side.linear;
  const foldSums = side.sums;
  const foldSquares = side.squares;
  const foldCaseRow = side.caseRow;
  const foldWeightedCount = side.weightedCount;
  const foldPenaltyScale = side.penaltyScale;
  const foldOffsets = side.block.byFeature.offsets;
  const foldIndices = side.block.byFeature.indices;
  const foldValues = side.block.byFeature.values;
  const foldFeatureGroup = side.block.featureGroup;
  const foldPacked = side.aggregates.packed;
  const foldSumChange = side.aggregates.sumChange;
  const foldChange = side.aggregates.change;
  const foldRowResidualSum = side.aggregates.residualSum;
  const foldWeightMean = priors.weightMean;
  const foldWeightPrecision = priors.weightPrecision;
  const foldFactorMean = priors.factorMean;
  const foldFactorPrecision = priors.factorPrecision;
  const foldStride = layout.stride;
  const foldCountField = layout.count;
  const foldSumOther = layout.sumOther;
  const foldSumOtherSquared = layout.sumOtherSquared;
  const foldResidualSum = layout.residualSum;
  const foldResidualOtherSum = layout.residualOtherSum;
  const foldSumField = layout.sum;
  const foldSquareField = layout.square;
  const foldDraw = draw;
  const foldRandom = random;
  // The loops over the block's rows and features in WebAssembly when its arrays live there
  // (wasmBlockKernels.ts); they draw as `draw` does (the conditional mean plus one N(0, 1) /
  // √precision, or the mean alone without a generator), from the same generator in the same order.
  const foldWasm = side.wasm;
  // A three-block fold's per-case loops of the block in its memory (foldMemory.ts), or null.
  const foldCaseLoops = side.wasm?.caseLoops ?? null;
  // Per entry of the feature being drawn, the two row terms its second pass needs, kept from the
  // first: the second then reads them in order instead of recomputing them from the row's record.
  let longestFeature = 0;
  for (let feature = 0; feature < side.features; feature++) {
    longestFeature = Math.max(longestFeature, foldOffsets[feature + 1] - foldOffsets[feature]);
  }
  const foldEntryTerms = new Float64Array(2 * longestFeature);

  const kernels = {
    /** All linear weights w_j of the block. Returns the number of reverted non-finite updates. */
    updateWeights(alpha: number): number {
      kernels.clearRowChanges();
      if (foldCaseLoops === null) kernels.gatherRowResiduals();
      else foldCaseLoops.gatherRowResiduals();
      const nonFinite = foldWasm === null ? kernels.updateFeatureWeights(alpha) : kernels.updateFeatureWeightsInWasm(alpha);
      kernels.applyWeightChanges();
      return nonFinite;
    },

    /** updateFeatureWeights in the block's WebAssembly module: its normals drawn first, its priors copied in. */
    updateFeatureWeightsInWasm(alpha: number): number {
      const wasm = foldWasm!;
      kernels.fillNormals(wasm.normals);
      wasm.weightMean.set(foldWeightMean);
      wasm.weightPrecision.set(foldWeightPrecision);
      return wasm.updateFeatureWeights(alpha, foldRandom !== null);
    },

    /** One N(0, 1) per feature, in feature order, when drawing (the JavaScript loops draw them one by one). */
    fillNormals(normals: Float64Array): void {
      const features = foldFeatures,
        random = foldRandom;
      if (random !== null) random.fillNormals(normals, features);
    },

    clearRowChanges(): void {
      foldRowResidualSum.fill(0);
      foldChange.fill(0);
    },

    /** Σ τ_c e_c per row. */
    gatherRowResiduals(): void {
      const cases = foldCases,
        residual = foldResidual,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        caseRow = foldCaseRow;
      const rowResidualSum = foldRowResidualSum;
      for (let index = 0; index < cases; index++) rowResidualSum[caseRow[index]] += userWeight[userRow[index]] * residual[index];
    },

    /** Draws each w_j; keeps the row residual sums current and adds each row's change. */
    updateFeatureWeights(alpha: number): number {
      const features = foldFeatures,
        offsets = foldOffsets,
        indices = foldIndices,
        values = foldValues,
        weightedCount = foldWeightedCount,
        rowResidualSum = foldRowResidualSum,
        change = foldChange;
      const featureGroup = foldFeatureGroup,
        weightPrecision = foldWeightPrecision,
        weightMean = foldWeightMean,
        penaltyScale = foldPenaltyScale,
        weights = foldWeights,
        draw = foldDraw,
        random = foldRandom;
      let nonFinite = 0;
      for (let feature = 0; feature < features; feature++) {
        const start = offsets[feature];
        const end = offsets[(feature + 1) | 0];
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
      kernels.addRowWeightChanges();
      if (foldCaseLoops === null) kernels.shiftCaseResiduals();
      else foldCaseLoops.shiftCaseResiduals();
    },

    /** Each row's change of Σ w x into its linear term. */
    addRowWeightChanges(): void {
      const rows = foldRows,
        linear = foldLinear,
        change = foldChange;
      for (let row = 0; row < rows; row++) linear[row] += change[row];
    },

    /**
     * Each case's residual less its row's change. A method of its own (one loop nest, see above):
     * in one method with the rows' loop, V8's OSR code of the rows' loop reached this loop before
     * it had run, deoptimized there and was entered again on every later call (about 200 deopts a
     * fold, on 3 of 20 folds of two default runs in a two-thread pool, Node 24).
     */
    shiftCaseResiduals(): void {
      const cases = foldCases,
        change = foldChange,
        residual = foldResidual,
        caseRow = foldCaseRow;
      for (let index = 0; index < cases; index++) residual[index] -= change[caseRow[index]];
    },

    /**
     * Factor f of every feature of the block, from the block's gathered row sums; keeps s_rf,
     * q_rf and the row sums current, and leaves each row's change (own part, s_rf) in its
     * aggregates. Returns the number of reverted non-finite updates.
     */
    updateFactor(factor: number, alpha: number): number {
      if (foldWasm !== null) return kernels.updateFactorInWasm(factor, alpha);
      kernels.loadFactorRows(factor);
      const nonFinite = kernels.updateFeatureFactors(factor, alpha);
      kernels.storeFactorRows(factor);
      return nonFinite;
    },

    /** updateFactor in the block's WebAssembly module: its normals drawn first, its priors copied in. */
    updateFactorInWasm(factor: number, alpha: number): number {
      const wasm = foldWasm!;
      kernels.fillNormals(wasm.normals);
      wasm.factorMean.set(foldFactorMean);
      wasm.factorPrecision.set(foldFactorPrecision);
      wasm.loadFactorRows(factor);
      const nonFinite = wasm.updateFeatureFactors(factor, alpha, foldRandom !== null);
      wasm.storeFactorRows(factor);
      return nonFinite;
    },

    /** Each row's n_r, s_rf and q_rf into its packed record. */
    loadFactorRows(factor: number): void {
      const rows = foldRows,
        rank = foldRank,
        packed = foldPacked,
        weightedCount = foldWeightedCount,
        sums = foldSums,
        squares = foldSquares,
        stride = foldStride,
        countField = foldCountField,
        sumField = foldSumField,
        squareField = foldSquareField;
      for (let row = 0; row < rows; row++) {
        const base = row * stride;
        packed[(base + countField) | 0] = weightedCount[row];
        packed[(base + sumField) | 0] = sums[(row * rank + factor) | 0];
        packed[(base + squareField) | 0] = squares[(row * rank + factor) | 0];
      }
    },

    /** Draws v_jf of each feature; keeps the packed row records current. */
    updateFeatureFactors(factor: number, alpha: number): number {
      const features = foldFeatures,
        rank = foldRank,
        offsets = foldOffsets,
        indices = foldIndices,
        values = foldValues,
        factors = foldFactors,
        packed = foldPacked,
        featureGroup = foldFeatureGroup,
        factorPrecision = foldFactorPrecision,
        factorMean = foldFactorMean;
      const penaltyScale = foldPenaltyScale,
        stride = foldStride,
        countField = foldCountField,
        sumOther = foldSumOther,
        sumOtherSquared = foldSumOtherSquared,
        residualSum = foldResidualSum,
        residualOtherSum = foldResidualOtherSum,
        sumField = foldSumField,
        squareField = foldSquareField,
        entryTerms = foldEntryTerms;
      const draw = foldDraw,
        random = foldRandom;
      let nonFinite = 0;
      for (let feature = 0; feature < features; feature++) {
        const start = offsets[feature];
        const end = offsets[(feature + 1) | 0];
        const old = factors[(feature * rank + factor) | 0];
        let sumHH = 0;
        let sumHE = 0;
        for (let entry = start, slot = 0; entry < end; entry++, slot += 2) {
          const base = indices[entry] * stride;
          const x = values[entry];
          const a = packed[(base + sumField) | 0] - old * x;
          const t1 = packed[(base + sumOther) | 0];
          const countA = packed[(base + countField) | 0] * a;
          const otherSquared = packed[(base + sumOtherSquared) | 0];
          sumHH += x * x * (countA * a + 2 * a * t1 + otherSquared);
          sumHE += x * (a * packed[(base + residualSum) | 0] + packed[(base + residualOtherSum) | 0]);
          entryTerms[slot] = countA + t1;
          entryTerms[(slot + 1) | 0] = a * t1 + otherSquared;
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
        factors[(feature * rank + factor) | 0] = value;
        const squareStep = value * value - old * old;
        for (let entry = start, slot = 0; entry < end; entry++, slot += 2) {
          const base = indices[entry] * stride;
          const x = values[entry];
          const step = delta * x;
          packed[(base + residualSum) | 0] -= step * entryTerms[slot];
          packed[(base + residualOtherSum) | 0] -= step * entryTerms[(slot + 1) | 0];
          packed[(base + sumField) | 0] += step;
          packed[(base + squareField) | 0] += squareStep * x * x;
        }
      }
      return nonFinite;
    },

    /** The rows' new s_rf and q_rf back into the caches, and each row's change. */
    storeFactorRows(factor: number): void {
      const rows = foldRows,
        rank = foldRank,
        packed = foldPacked,
        sums = foldSums,
        squares = foldSquares,
        change = foldChange,
        sumChange = foldSumChange,
        stride = foldStride,
        sumField = foldSumField,
        squareField = foldSquareField;
      for (let row = 0; row < rows; row++) {
        const base = row * stride;
        const sum = packed[(base + sumField) | 0];
        const square = packed[(base + squareField) | 0];
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
