import type { FmState } from './blockState';
import { rowBiases, type TestCases, type TestPredictor } from './predictions';

/**
 * The test predictions of a three-block fold in its wasm memory (src/wasm/contextCaseKernels.ts
 * predictTestCases, two cases a time in SIMD lanes): the same doubles as the fold's compiled
 * JavaScript (predictions.ts), whose loop was about 5 % of a default fold's profile; a default
 * fold on ml-100k takes 0.98-0.99 of its time with it. Null when the fold's memory has no room for
 * these cases (createState's `testCases`) or the fold has no such memory.
 */
export function wasmTestPredictor(state: FmState, test: TestCases): TestPredictor | null {
  const wasm = state.caseWasm?.test ?? null;
  const { context } = state;
  if (wasm === null || context === null || test.context == null) return null;
  if (wasm.out.length !== test.user.length || test.out.length !== test.user.length) return null;
  wasm.userRow.set(test.user);
  wasm.itemRow.set(test.item);
  wasm.contextRow.set(test.context);
  const { rank, user, item } = state;
  const out = test.out;
  return {
    predict(): Float64Array {
      rowBiases(user, rank, wasm.userBias);
      rowBiases(item, rank, wasm.itemBias);
      rowBiases(context, rank, wasm.contextBias);
      wasm.predict(state.w0);
      out.set(wasm.out);
      return out;
    },
  };
}
