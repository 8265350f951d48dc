import { instantiateWasm, WasmLayout } from '../wasmRuntime';
import { SCORER_WASM } from './scorerWasm';

/**
 * The unrated-films protocol's dot products in WebAssembly with SIMD (src/wasm/scorer.ts): two
 * users per call, one f64x2 lane each, the same doubles as the JavaScript loop. All of ml-100k's
 * users against every film at FM-MCMC's dimension 160: 33 ms against 104 ms (interleaved, in one
 * process).
 */
export interface WasmPairScorer {
  /** dots[2·item] = first's row · the film's, dots[2·item + 1] = second's (a view, overwritten by the next call). */
  scorePair(first: number, second: number): Float64Array;
}

/** Above this the films' rows stay in JavaScript (a large release's sampled users, 80 MB at 62k films). */
export const MAX_WASM_SCORER_BYTES = 64 * 2 ** 20;

/**
 * A scorer over `itemRows` (itemCount × dimension doubles, copied in) and `userFactors` (read at
 * each call), or null: WebAssembly or its SIMD unavailable, or over MAX_WASM_SCORER_BYTES.
 */
export function createWasmPairScorer(
  itemRows: Float64Array,
  userFactors: ArrayLike<number>,
  itemCount: number,
  dimension: number,
): WasmPairScorer | null {
  const layout = new WasmLayout();
  const rowsAt = layout.place(itemCount * dimension * 8, 16);
  const pairAt = layout.place(dimension * 16, 16);
  const dotsAt = layout.place(itemCount * 16, 16);
  if (layout.bytes > MAX_WASM_SCORER_BYTES) return null;
  const instance = instantiateWasm<'scorePair'>(SCORER_WASM, layout.bytes);
  if (instance === null) return null;
  const { memory, exports } = instance;
  new Float64Array(memory.buffer, rowsAt, itemCount * dimension).set(itemRows.subarray(0, itemCount * dimension));
  const pair = new Float64Array(memory.buffer, pairAt, 2 * dimension);
  const dots = new Float64Array(memory.buffer, dotsAt, 2 * itemCount);
  return {
    scorePair: (first, second) => {
      const firstOffset = first * dimension;
      const secondOffset = second * dimension;
      for (let factor = 0; factor < dimension; factor++) {
        pair[2 * factor] = userFactors[firstOffset + factor];
        pair[2 * factor + 1] = userFactors[secondOffset + factor];
      }
      exports.scorePair(itemCount, dimension, rowsAt, pairAt, dotsAt);
      return dots;
    },
  };
}
