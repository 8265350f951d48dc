import type { SparseMatrix } from '../sparse/sparseMatrix';
import { BLOCK_FACTORS_WASM } from './blockFactorsWasm';
import { ROW_LAYOUT } from './rowAggregates';

/**
 * One block's factor draws in WebAssembly (src/wasm/blockFactors.ts): the same doubles as the
 * JavaScript loop of blockKernels.ts, in 0.80 of its time on u1's user and item blocks with
 * implicit feedback (3.01 against 3.75 and 3.12 against 3.92 ms a sweep, interleaved in one
 * process; V8's bounds check on every typed-array access is most of the difference, and wasm
 * memory needs none). The CLI's default run took 0.93–0.95 of the time. The block's factors,
 * row records and penalty scales live in the module's memory, and the block state holds these
 * very arrays as views, so every other reader and writer of them is unchanged; the block's
 * feature-major matrix is copied in once.
 */
export interface WasmBlockFactors {
  /** v_jf at [j·rank + f] (the block state's `factors`). */
  readonly factors: Float64Array;
  /** The row records (the block state's `aggregates.packed`). */
  readonly packed: Float64Array;
  /** The block state's `penaltyScale`, all 1 to start with. */
  readonly penaltyScale: Float64Array;
  /** One N(0, 1) per feature, filled before each stochastic call. */
  readonly normals: Float64Array;
  /** The priors' factorMean and factorPrecision, copied in before each call. */
  readonly factorMean: Float64Array;
  readonly factorPrecision: Float64Array;
  /** Draws factor `factor` of every feature (the conditional mean when not `stochastic`); returns the non-finite count. */
  updateFeatureFactors(factor: number, alpha: number, stochastic: boolean): number;
}

/**
 * Above this the block stays in JavaScript: its matrix is copied in (12 bytes an entry) beside the
 * one the weight draws read, so a block of 20M entries would hold 240 MB more. 64 MB takes
 * MovieLens 100K and 1M (about 1 and 13 MB a block) and keeps the large releases' folds as lean
 * as issue 12 made them.
 */
export const MAX_WASM_BLOCK_BYTES = 64 * 2 ** 20;

const PAGE_BYTES = 65536;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
type Kernel = (...args: number[]) => number;

let compiled: object | null | undefined;

/** The compiled module, once per thread; null where WebAssembly is not available. */
function blockFactorsModule(): object | null {
  if (compiled !== undefined) return compiled;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  compiled = api === undefined ? null : new api.Module(Buffer.from(BLOCK_FACTORS_WASM, 'base64'));
  return compiled;
}

/**
 * The wasm side of one block (fold after fold, each block gets its own memory, sized once: views
 * of a memory that grows would be detached), or null: WebAssembly unavailable, or the block over
 * MAX_WASM_BLOCK_BYTES. `priorLength` is the priors' groups × rank.
 */
export function createWasmBlockFactors(
  byFeature: SparseMatrix,
  featureGroup: Int32Array,
  rows: number,
  rank: number,
  priorLength: number,
): WasmBlockFactors | null {
  if (ROW_LAYOUT.stride !== 8 || ROW_LAYOUT.sum !== 5 || ROW_LAYOUT.residualSum !== 3)
    throw new Error('src/wasm/blockFactors.ts assumes ROW_LAYOUT');
  const features = byFeature.rows;
  const entries = byFeature.offsets[features];
  let longest = 0;
  for (let feature = 0; feature < features; feature++)
    longest = Math.max(longest, byFeature.offsets[feature + 1] - byFeature.offsets[feature]);
  let end = 0;
  const place = (bytes: number, align = 8): number => {
    const at = Math.ceil(end / align) * align;
    end = at + bytes;
    return at;
  };
  const at = {
    packed: place(rows * ROW_LAYOUT.stride * 8, 64),
    factors: place(features * rank * 8),
    penaltyScale: place(features * 8),
    normals: place(features * 8),
    factorMean: place(priorLength * 8),
    factorPrecision: place(priorLength * 8),
    entryTerms: place(2 * longest * 8),
    values: place(entries * 8),
    offsets: place((features + 1) * 4),
    featureGroup: place(features * 4),
    indices: place(entries * 4),
  };
  if (end > MAX_WASM_BLOCK_BYTES) return null;
  const module = blockFactorsModule();
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (module === null || api === undefined) return null;
  const pages = Math.max(1, Math.ceil(end / PAGE_BYTES));
  const memory = new api.Memory({ initial: pages, maximum: pages });
  const kernel = new api.Instance(module, { env: { memory } }).exports.updateFeatureFactors as Kernel;
  const doubles = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
  const integers = (offset: number, length: number): Int32Array => new Int32Array(memory.buffer, offset, length);
  integers(at.offsets, features + 1).set(byFeature.offsets);
  integers(at.indices, entries).set(byFeature.indices.subarray(0, entries));
  doubles(at.values, entries).set(byFeature.values.subarray(0, entries));
  integers(at.featureGroup, features).set(featureGroup);
  const penaltyScale = doubles(at.penaltyScale, features).fill(1);
  return {
    factors: doubles(at.factors, features * rank),
    packed: doubles(at.packed, rows * ROW_LAYOUT.stride),
    penaltyScale,
    normals: doubles(at.normals, features),
    factorMean: doubles(at.factorMean, priorLength),
    factorPrecision: doubles(at.factorPrecision, priorLength),
    updateFeatureFactors: (factor, alpha, stochastic) =>
      kernel(
        features,
        rank,
        at.offsets,
        at.indices,
        at.values,
        at.featureGroup,
        at.penaltyScale,
        at.factors,
        at.packed,
        at.entryTerms,
        at.normals,
        at.factorMean,
        at.factorPrecision,
        factor,
        alpha,
        stochastic ? 1 : 0,
      ),
  };
}
