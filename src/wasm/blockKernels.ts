// AssemblyScript (compiled by scripts/wasm.mjs into src/core/fm/blockKernelsWasm.ts): the block
// kernel's loops over its own rows and features (src/core/fm/blockKernels.ts: the weight draws,
// the factor rows' load and store, the factor draws) over the block's own WebAssembly memory. The same operations in the same order as the JavaScript loop, so the same
// doubles; wasm loads need no bounds checks (V8 guards wasm memory with unmapped pages), which is
// most of what the JavaScript loop pays beyond C. The factor draws' update pass uses SIMD (f64x2)
// for a record's neighbouring fields: each lane does one field's scalar operations (no fused
// multiply-add in WebAssembly), so still the same doubles, in half the loads and stores.
//
// Memory: the caller's layout (src/core/fm/wasmBlockKernels.ts), every address 8-byte aligned.
// A row's record is eight doubles (src/core/fm/rowAggregates.ts ROW_LAYOUT): count 0, sumOther 1,
// sumOtherSquared 2, residualSum 3, residualOtherSum 4, sum 5, square 6.

const COUNT: usize = 0;
const SUM_OTHER: usize = 8;
const SUM_OTHER_SQUARED: usize = 16;
const RESIDUAL_SUM: usize = 24;
const RESIDUAL_OTHER_SUM: usize = 32;
const SUM: usize = 40;
const SQUARE: usize = 48;
const RECORD_SHIFT: usize = 6;

/**
 * One parameter's draw from its Gaussian conditional (blockKernels.ts): precision α Σh² + λ, mean
 * (α(Σhe + old Σh²) + prior mean · λ) / precision, plus `normal` / √precision when stochastic.
 * Small enough that the optimizer (-O3) inlines it into both loops.
 */
function draw(alpha: f64, sumHH: f64, sumHE: f64, old: f64, priorMean: f64, lambda: f64, normal: f64, stochastic: i32): f64 {
  const precision = alpha * sumHH + lambda;
  const mean = (alpha * (sumHE + old * sumHH) + priorMean * lambda) / precision;
  return stochastic != 0 ? mean + normal / Math.sqrt(precision) : mean;
}

/**
 * Draws every linear weight w_j in turn (blockKernels.ts updateFeatureWeights): from the rows' Σ
 * τ e (`rowResidualSum`), kept current, each row's change of Σ w x added into `change`. Returns
 * the number of non-finite draws, skipped.
 */
export function updateFeatureWeights(
  features: i32,
  offsets: usize,
  indices: usize,
  values: usize,
  featureGroup: usize,
  penaltyScale: usize,
  weights: usize,
  weightedCount: usize,
  rowResidualSum: usize,
  change: usize,
  normals: usize,
  weightMean: usize,
  weightPrecision: usize,
  alpha: f64,
  stochastic: i32,
): i32 {
  let nonFinite: i32 = 0;
  for (let feature: i32 = 0; feature < features; feature++) {
    const start = load<i32>(offsets + ((<usize>feature) << 2));
    const end = load<i32>(offsets + ((<usize>(feature + 1)) << 2));
    let sumHH: f64 = 0;
    let sumHE: f64 = 0;
    for (let entry = start; entry < end; entry++) {
      const row = (<usize>load<i32>(indices + ((<usize>entry) << 2))) << 3;
      const x = load<f64>(values + ((<usize>entry) << 3));
      sumHH += x * x * load<f64>(weightedCount + row);
      sumHE += x * load<f64>(rowResidualSum + row);
    }
    const group = (<usize>load<i32>(featureGroup + ((<usize>feature) << 2))) << 3;
    const slotOfWeight = weights + ((<usize>feature) << 3);
    const old = load<f64>(slotOfWeight);
    const lambda = load<f64>(weightPrecision + group) * load<f64>(penaltyScale + ((<usize>feature) << 3));
    const normal = load<f64>(normals + ((<usize>feature) << 3));
    const value = draw(alpha, sumHH, sumHE, old, load<f64>(weightMean + group), lambda, normal, stochastic);
    if (!isFinite(value)) {
      nonFinite++;
      continue;
    }
    const delta = value - old;
    if (delta == 0) continue;
    store<f64>(slotOfWeight, value);
    for (let entry = start; entry < end; entry++) {
      const row = (<usize>load<i32>(indices + ((<usize>entry) << 2))) << 3;
      const step = delta * load<f64>(values + ((<usize>entry) << 3));
      store<f64>(rowResidualSum + row, load<f64>(rowResidualSum + row) - step * load<f64>(weightedCount + row));
      store<f64>(change + row, load<f64>(change + row) + step);
    }
  }
  return nonFinite;
}

/** Each row's n_r, s_rf and q_rf into its record (blockKernels.ts loadFactorRows). */
export function loadFactorRows(rows: i32, rank: i32, factor: i32, packed: usize, weightedCount: usize, sums: usize, squares: usize): void {
  for (let row: i32 = 0; row < rows; row++) {
    const record = packed + ((<usize>row) << RECORD_SHIFT);
    const slot = (<usize>(row * rank + factor)) << 3;
    store<f64>(record + COUNT, load<f64>(weightedCount + ((<usize>row) << 3)));
    store<f64>(record + SUM, load<f64>(sums + slot));
    store<f64>(record + SQUARE, load<f64>(squares + slot));
  }
}

/** The rows' new s_rf and q_rf back, and each row's change (blockKernels.ts storeFactorRows). */
export function storeFactorRows(
  rows: i32,
  rank: i32,
  factor: i32,
  packed: usize,
  sums: usize,
  squares: usize,
  change: usize,
  sumChange: usize,
): void {
  for (let row: i32 = 0; row < rows; row++) {
    const record = packed + ((<usize>row) << RECORD_SHIFT);
    const sum = load<f64>(record + SUM);
    const square = load<f64>(record + SQUARE);
    const slot = (<usize>(row * rank + factor)) << 3;
    const previous = load<f64>(sums + slot);
    store<f64>(change + ((<usize>row) << 3), 0.5 * (sum * sum - square - previous * previous + load<f64>(squares + slot)));
    store<f64>(sumChange + ((<usize>row) << 3), sum - previous);
    store<f64>(sums + slot, sum);
    store<f64>(squares + slot, square);
  }
}

/**
 * Draws factor `factor` of every feature in turn (one N(0, 1) per feature from `normals`, used
 * when `stochastic`; otherwise the conditional mean, as ALS). Returns the number of non-finite
 * draws, which are reverted (skipped) as in JavaScript.
 *
 * The second pass over a feature's entries works its two row terms out again from the row's
 * record (the line it updates anyway), where the JavaScript loop keeps them from the first pass
 * in a list: the same operations on the same values, so the same doubles. Here three more loads
 * from a line already read cost less than a list written and read back: the draws took 0.94-0.95
 * of the time on ml-100k's default features, the two forms alternating call by call in one fold.
 * Both passes step pointers through the feature's indices and values rather than computing each
 * address from the entry's number: 0.93 of the time again, measured the same way.
 */
export function updateFeatureFactors(
  features: i32,
  rank: i32,
  offsets: usize,
  indices: usize,
  values: usize,
  featureGroup: usize,
  penaltyScale: usize,
  factors: usize,
  packed: usize,
  normals: usize,
  factorMean: usize,
  factorPrecision: usize,
  factor: i32,
  alpha: f64,
  stochastic: i32,
): i32 {
  let nonFinite: i32 = 0;
  for (let feature: i32 = 0; feature < features; feature++) {
    const start = load<i32>(offsets + ((<usize>feature) << 2));
    const end = load<i32>(offsets + ((<usize>(feature + 1)) << 2));
    const slotOfFactor = factors + ((<usize>(feature * rank + factor)) << 3);
    const old = load<f64>(slotOfFactor);
    let sumHH: f64 = 0;
    let sumHE: f64 = 0;
    const firstIndex = indices + ((<usize>start) << 2);
    const endIndex = indices + ((<usize>end) << 2);
    const firstValue = values + ((<usize>start) << 3);
    let valueAt = firstValue;
    for (let indexAt = firstIndex; indexAt < endIndex; indexAt += 4) {
      const record = packed + ((<usize>load<i32>(indexAt)) << RECORD_SHIFT);
      const x = load<f64>(valueAt);
      valueAt += 8;
      const a = load<f64>(record + SUM) - old * x;
      const t1 = load<f64>(record + SUM_OTHER);
      const countA = load<f64>(record + COUNT) * a;
      const otherSquared = load<f64>(record + SUM_OTHER_SQUARED);
      sumHH += x * x * (countA * a + 2 * a * t1 + otherSquared);
      sumHE += x * (a * load<f64>(record + RESIDUAL_SUM) + load<f64>(record + RESIDUAL_OTHER_SUM));
    }
    const prior = (<usize>(load<i32>(featureGroup + ((<usize>feature) << 2)) * rank + factor)) << 3;
    const lambda = load<f64>(factorPrecision + prior) * load<f64>(penaltyScale + ((<usize>feature) << 3));
    const normal = load<f64>(normals + ((<usize>feature) << 3));
    const value = draw(alpha, sumHH, sumHE, old, load<f64>(factorMean + prior), lambda, normal, stochastic);
    if (!isFinite(value)) {
      nonFinite++;
      continue;
    }
    const delta = value - old;
    if (delta == 0) continue;
    store<f64>(slotOfFactor, value);
    const squareStep = value * value - old * old;
    const deltaAndSquareStep = f64x2.replace_lane(f64x2.splat(delta), 1, squareStep);
    valueAt = firstValue;
    for (let indexAt = firstIndex; indexAt < endIndex; indexAt += 4) {
      const record = packed + ((<usize>load<i32>(indexAt)) << RECORD_SHIFT);
      const x = f64x2.splat(load<f64>(valueAt));
      valueAt += 8;
      const sumAndSquare = v128.load(record + SUM);
      const a = f64x2.extract_lane(sumAndSquare, 0) - old * f64x2.extract_lane(x, 0);
      // [step, squareStep x] then [step x, squareStep x x]: lane 0 of the first, lane 1 of the second.
      const steps = f64x2.mul(deltaAndSquareStep, x);
      const increments = v128.shuffle<f64>(steps, f64x2.mul(steps, x), 0, 3);
      const step = v128.shuffle<f64>(steps, steps, 0, 0);
      // [n a + T1, T1 a + T2]: the row's two residual terms side by side.
      const terms = f64x2.add(f64x2.mul(v128.load(record + COUNT), f64x2.splat(a)), v128.load(record + SUM_OTHER));
      v128.store(record + RESIDUAL_SUM, f64x2.sub(v128.load(record + RESIDUAL_SUM), f64x2.mul(step, terms)));
      v128.store(record + SUM, f64x2.add(sumAndSquare, increments));
    }
  }
  return nonFinite;
}
