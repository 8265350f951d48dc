import type { SparseMatrix } from '../sparse/sparseMatrix';
import { createWasmMemory, instantiateWasmOn, WasmLayout, type WasmMemory } from '../wasmRuntime';
import { BLOCK_KERNELS_WASM } from './blockKernelsWasm';
import { ROW_LAYOUT } from './rowAggregates';

/**
 * One block's loops over its rows and features in WebAssembly (src/wasm/blockKernels.ts): the
 * weight draws, the factor rows' load and store, and the factor draws of blockKernels.ts, the same
 * doubles in the same order. The factor draws took 0.80 of the JavaScript loop's time on u1's user
 * and item blocks with implicit feedback (3.01 against 3.75 and 3.12 against 3.92 ms a sweep,
 * interleaved in one process): V8 checks the bounds of every typed-array access, and wasm memory
 * needs no checks. Compiled once per thread, where the JavaScript loops are compiled for every
 * fold (kernelInstance.ts).
 *
 * The block's parameters and row caches live in the module's memory, and the block state holds
 * these very arrays as views, so every other reader and writer of them is unchanged; the block's
 * feature-major matrix is copied in once.
 */
/**
 * A three-block fold's passes over the cases for one block's weights, in the fold's memory
 * (foldMemory.ts; the same doubles as blockKernels.ts's loops of the same names).
 */
export interface BlockCaseLoops {
  gatherRowResiduals(): void;
  shiftCaseResiduals(): void;
}

export interface WasmBlockKernels {
  /** Present when the block lives in a three-block fold's memory with the case arrays. */
  readonly caseLoops?: BlockCaseLoops;
  /** The block state's arrays (blockState.ts): w_j, v_jf, penalty scales, s_rf, q_rf, n_r. */
  readonly weights: Float64Array;
  readonly factors: Float64Array;
  readonly penaltyScale: Float64Array;
  readonly sums: Float64Array;
  readonly squares: Float64Array;
  readonly weightedCount: Float64Array;
  /** The block state's aggregates (rowAggregates.ts). */
  readonly packed: Float64Array;
  readonly sumChange: Float64Array;
  readonly change: Float64Array;
  readonly residualSum: Float64Array;
  /** One N(0, 1) per feature, filled before each stochastic draw. */
  readonly normals: Float64Array;
  /** The priors, copied in before each draw: weightMean and weightPrecision per group, factorMean and factorPrecision per group and factor. */
  readonly weightMean: Float64Array;
  readonly weightPrecision: Float64Array;
  readonly factorMean: Float64Array;
  readonly factorPrecision: Float64Array;
  /** Returns the non-finite count; the conditional means when not `stochastic`. */
  updateFeatureWeights(alpha: number, stochastic: boolean): number;
  loadFactorRows(factor: number): void;
  updateFeatureFactors(factor: number, alpha: number, stochastic: boolean): number;
  storeFactorRows(factor: number): void;
}

/**
 * Above this the block stays in JavaScript: its matrix is copied in (12 bytes an entry) beside the
 * one the rest reads, so a block of 20M entries would hold 240 MB more. 64 MB takes MovieLens 100K
 * and 1M (about 1 and 15 MB a block) and keeps the large releases' folds as lean as issue 12 made
 * them.
 */
export const MAX_WASM_BLOCK_BYTES = 64 * 2 ** 20;

/** What a block's wasm side is made from: its feature-major matrix, groups and sizes. */
export interface WasmBlockShape {
  readonly byFeature: SparseMatrix;
  readonly featureGroup: Int32Array;
  readonly rows: number;
  readonly rank: number;
  /** The priors' number of groups. */
  readonly groups: number;
}

/** Where one block's arrays lie in a memory (planWasmBlock), and how many bytes they take. */
export interface WasmBlockPlan {
  readonly shape: WasmBlockShape;
  readonly bytes: number;
  readonly at: Readonly<Record<WasmBlockArray, number>>;
}

type WasmBlockArray =
  | 'packed'
  | 'sums'
  | 'squares'
  | 'weightedCount'
  | 'sumChange'
  | 'change'
  | 'residualSum'
  | 'weights'
  | 'factors'
  | 'penaltyScale'
  | 'normals'
  | 'weightMean'
  | 'weightPrecision'
  | 'factorMean'
  | 'factorPrecision'
  | 'values'
  | 'offsets'
  | 'featureGroup'
  | 'indices';

/**
 * The wasm side of one block, in a memory of its own sized once (views of a memory that grows
 * would be detached), or null: WebAssembly unavailable, or the block over MAX_WASM_BLOCK_BYTES.
 * `groups` is the priors' number of groups. The arrays start zeroed, the penalty scales at 1.
 */
export function createWasmBlockKernels(
  byFeature: SparseMatrix,
  featureGroup: Int32Array,
  rows: number,
  rank: number,
  groups: number,
): WasmBlockKernels | null {
  const layout = new WasmLayout();
  const plan = planWasmBlock(layout, { byFeature, featureGroup, rows, rank, groups });
  if (plan.bytes > MAX_WASM_BLOCK_BYTES) return null;
  const memory = createWasmMemory(layout.bytes);
  return memory === null ? null : bindWasmBlock(memory, plan);
}

/** Places one block's arrays in `layout` (the block's own memory, or a fold's shared one). */
export function planWasmBlock(layout: WasmLayout, shape: WasmBlockShape): WasmBlockPlan {
  const record = ROW_LAYOUT;
  if (record.stride !== 8 || record.count !== 0 || record.sum !== 5 || record.square !== 6 || record.residualSum !== 3)
    throw new Error('src/wasm/blockKernels.ts assumes ROW_LAYOUT');
  const { byFeature, rows, rank, groups } = shape;
  const features = byFeature.rows;
  const entries = byFeature.offsets[features];
  const first = layout.bytes;
  const place = (bytes: number, align?: number): number => layout.place(bytes, align);
  const at = {
    packed: place(rows * record.stride * 8, 64),
    sums: place(rows * rank * 8),
    squares: place(rows * rank * 8),
    weightedCount: place(rows * 8),
    sumChange: place(rows * 8),
    change: place(rows * 8),
    residualSum: place(rows * 8),
    weights: place(features * 8),
    factors: place(features * rank * 8),
    penaltyScale: place(features * 8),
    normals: place(features * 8),
    weightMean: place(groups * 8),
    weightPrecision: place(groups * 8),
    factorMean: place(groups * rank * 8),
    factorPrecision: place(groups * rank * 8),
    values: place(entries * 8),
    offsets: place((features + 1) * 4),
    featureGroup: place(features * 4),
    indices: place(entries * 4),
  };
  return { shape, bytes: layout.bytes - first, at };
}

/** The block's kernels over `memory`, where `plan` placed its arrays (zeroed: a new memory); null without WebAssembly. */
export function bindWasmBlock(memory: WasmMemory, plan: WasmBlockPlan): WasmBlockKernels | null {
  const exports = instantiateWasmOn<'updateFeatureWeights' | 'loadFactorRows' | 'updateFeatureFactors' | 'storeFactorRows'>(
    BLOCK_KERNELS_WASM,
    memory,
  );
  if (exports === null) return null;
  const { at } = plan;
  const { byFeature, featureGroup, rows, rank, groups } = plan.shape;
  const record = ROW_LAYOUT;
  const features = byFeature.rows;
  const entries = byFeature.offsets[features];
  const doubles = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
  const integers = (offset: number, length: number): Int32Array => new Int32Array(memory.buffer, offset, length);
  integers(at.offsets, features + 1).set(byFeature.offsets);
  integers(at.indices, entries).set(byFeature.indices.subarray(0, entries));
  doubles(at.values, entries).set(byFeature.values.subarray(0, entries));
  integers(at.featureGroup, features).set(featureGroup);
  return {
    weights: doubles(at.weights, features),
    factors: doubles(at.factors, features * rank),
    penaltyScale: doubles(at.penaltyScale, features).fill(1),
    sums: doubles(at.sums, rows * rank),
    squares: doubles(at.squares, rows * rank),
    weightedCount: doubles(at.weightedCount, rows),
    packed: doubles(at.packed, rows * record.stride),
    sumChange: doubles(at.sumChange, rows),
    change: doubles(at.change, rows),
    residualSum: doubles(at.residualSum, rows),
    normals: doubles(at.normals, features),
    weightMean: doubles(at.weightMean, groups),
    weightPrecision: doubles(at.weightPrecision, groups),
    factorMean: doubles(at.factorMean, groups * rank),
    factorPrecision: doubles(at.factorPrecision, groups * rank),
    updateFeatureWeights: (alpha, stochastic) =>
      exports.updateFeatureWeights(
        features,
        at.offsets,
        at.indices,
        at.values,
        at.featureGroup,
        at.penaltyScale,
        at.weights,
        at.weightedCount,
        at.residualSum,
        at.change,
        at.normals,
        at.weightMean,
        at.weightPrecision,
        alpha,
        stochastic ? 1 : 0,
      ),
    loadFactorRows: (factor) => {
      exports.loadFactorRows(rows, rank, factor, at.packed, at.weightedCount, at.sums, at.squares);
    },
    updateFeatureFactors: (factor, alpha, stochastic) =>
      exports.updateFeatureFactors(
        features,
        rank,
        at.offsets,
        at.indices,
        at.values,
        at.featureGroup,
        at.penaltyScale,
        at.factors,
        at.packed,
        at.normals,
        at.factorMean,
        at.factorPrecision,
        factor,
        alpha,
        stochastic ? 1 : 0,
      ),
    storeFactorRows: (factor) => {
      exports.storeFactorRows(rows, rank, factor, at.packed, at.sums, at.squares, at.change, at.sumChange);
    },
  };
}
