import { instantiateWasm, WasmLayout } from '../wasmRuntime';
import { SCORER_WASM } from './scorerWasm';

/** Users scored per call (src/wasm/scorer.ts): four lanes, two f64x2. */
export const SCORE_GROUP = 4;

/**
 * The unrated-films protocol's dot products in WebAssembly with SIMD (src/wasm/scorer.ts): four
 * users per call, the same doubles as the JavaScript loop. All of ml-100k's users against every
 * film at FM-MCMC's dimension 160: 33 ms against 104 ms two users a call (interleaved, in one
 * process); four a call then took 0.69 of the time of two (27.1 against 39.5 ms on Node 24, 39.7
 * against 57.7 on Node 20, medians of 12 interleaved rounds).
 */
export interface WasmGroupScorer {
  /**
   * dots[SCORE_GROUP · item + k] = users[k]'s row · the film's, for k < count (1..SCORE_GROUP; the
   * lanes past count repeat the last user). A view, overwritten by the next call.
   */
  scoreGroup(users: ArrayLike<number>, count: number): Float64Array;
}

/** Above this the films' rows stay in JavaScript (a large release's sampled users, 80 MB at 62k films). */
export const MAX_WASM_SCORER_BYTES = 64 * 2 ** 20;

/**
 * A scorer over `itemRows` (itemCount × dimension doubles, copied in) and `userFactors` (read at
 * each call), or null: WebAssembly or its SIMD unavailable, or over MAX_WASM_SCORER_BYTES.
 */
export function createWasmGroupScorer(
  itemRows: Float64Array,
  userFactors: ArrayLike<number>,
  itemCount: number,
  dimension: number,
): WasmGroupScorer | null {
  const layout = new WasmLayout();
  const rowsAt = layout.place(itemCount * dimension * 8, 16);
  const groupAt = layout.place(dimension * SCORE_GROUP * 8, 16);
  const dotsAt = layout.place(itemCount * SCORE_GROUP * 8, 16);
  if (layout.bytes > MAX_WASM_SCORER_BYTES) return null;
  const instance = instantiateWasm<'scoreQuad'>(SCORER_WASM, layout.bytes);
  if (instance === null) return null;
  const { memory, exports } = instance;
  new Float64Array(memory.buffer, rowsAt, itemCount * dimension).set(itemRows.subarray(0, itemCount * dimension));
  const group = new Float64Array(memory.buffer, groupAt, SCORE_GROUP * dimension);
  const dots = new Float64Array(memory.buffer, dotsAt, SCORE_GROUP * itemCount);
  return {
    scoreGroup: (users, count) => {
      if (count < 1 || count > SCORE_GROUP) throw new RangeError(`scoreGroup: ${count} users (1 to ${SCORE_GROUP})`);
      for (let lane = 0; lane < SCORE_GROUP; lane++) {
        const offset = users[Math.min(lane, count - 1)] * dimension;
        for (let factor = 0; factor < dimension; factor++) group[SCORE_GROUP * factor + lane] = userFactors[offset + factor];
      }
      exports.scoreQuad(itemCount, dimension, rowsAt, groupAt, dotsAt);
      return dots;
    },
  };
}
