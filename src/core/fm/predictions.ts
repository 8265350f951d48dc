import type { BlockState, FmState, RowIndices } from './blockState';

/** bias_r = linear_r + ½Σ_f(s_rf² − q_rf): the row's own part of every prediction. */
export function rowBiases(state: BlockState, rank: number, out: Float64Array): Float64Array {
  const { rows, linear, sums, squares } = state;
  for (let row = 0; row < rows; row++) {
    let value = linear[row];
    for (let slot = row * rank; slot < (row + 1) * rank; slot++) value += 0.5 * (sums[slot] * sums[slot] - squares[slot]);
    out[row] = value;
  }
  return out;
}

/** Rows of the cases to predict: one per block (context null without a context block). */
export interface CaseRows {
  readonly user: RowIndices;
  readonly item: RowIndices;
  readonly context: RowIndices | null;
}

/** Unclipped predictions for the cases' rows from the current caches. */
export function predictCases(state: FmState, rows: CaseRows, out: Float64Array): Float64Array {
  return createPredictionKernel(state, rows.user, rows.item, rows.context ?? new Int32Array(0), out, rowBiases).predict();
}

/**
 * Predictions of fixed cases into `out`, for one fold: instantiated per fold (instantiateKernel)
 * for the test cases, so the body must stay self-contained (only parameters and globals; `biases`
 * is rowBiases); the loops on locals copied from the closure, apart from the calls, as in
 * blockKernels.ts (why: there). `contextRow` is empty without a context block.
 */
export function createPredictionKernel(
  state: FmState,
  userRow: RowIndices,
  itemRow: RowIndices,
  contextRow: RowIndices,
  out: Float64Array,
  biases: typeof rowBiases,
) {
  const foldState = state;
  const foldRank = state.rank;
  const foldUser = state.user;
  const foldItem = state.item;
  const foldContext = state.context;
  const foldUserSums = state.user.sums;
  const foldItemSums = state.item.sums;
  const foldContextSums = state.context === null ? new Float64Array(0) : state.context.sums;
  const foldUserBias = new Float64Array(state.user.rows);
  const foldItemBias = new Float64Array(state.item.rows);
  const foldContextBias = new Float64Array(state.context === null ? 0 : state.context.rows);
  const foldUserRow = userRow;
  const foldItemRow = itemRow;
  const foldContextRow = contextRow;
  const foldOut = out;
  const foldCount = userRow.length;
  const foldBiases = biases;
  const kernel = {
    /** Unclipped predictions from the current caches; returns `out`. */
    predict(): Float64Array {
      foldBiases(foldUser, foldRank, foldUserBias);
      foldBiases(foldItem, foldRank, foldItemBias);
      if (foldContext === null) {
        kernel.predictCases(foldState.w0);
      } else {
        foldBiases(foldContext, foldRank, foldContextBias);
        kernel.predictContextCases(foldState.w0);
      }
      return foldOut;
    },

    predictCases(w0: number): void {
      const rank = foldRank,
        userSums = foldUserSums,
        itemSums = foldItemSums,
        userBias = foldUserBias;
      const itemBias = foldItemBias,
        userRow = foldUserRow,
        itemRow = foldItemRow,
        out = foldOut,
        count = foldCount;
      // Two cases at a time: two independent chains of additions (one alone waits on each
      // addition's latency), each summed in the same order as one case alone. An odd count ends
      // with its last case twice (the same value stored twice): one loop, no tail loop, whose
      // first run after V8 optimized this fold's copy would deoptimize it (blockKernels.ts).
      for (let index = 0; index < count; index += 2) {
        const nextIndex = index + 1 < count ? index + 1 : index;
        const u = userRow[index];
        const i = itemRow[index];
        const nextU = userRow[nextIndex];
        const nextI = itemRow[nextIndex];
        let value = w0 + userBias[u] + itemBias[i];
        let next = w0 + userBias[nextU] + itemBias[nextI];
        const userBase = u * rank;
        const itemBase = i * rank;
        const nextUserBase = nextU * rank;
        const nextItemBase = nextI * rank;
        for (let factor = 0; factor < rank; factor++) {
          value += userSums[(userBase + factor) | 0] * itemSums[(itemBase + factor) | 0];
          next += userSums[(nextUserBase + factor) | 0] * itemSums[(nextItemBase + factor) | 0];
        }
        out[index] = value;
        out[nextIndex] = next;
      }
    },

    /** With the context block: every pair of the case's three rows interacts. */
    predictContextCases(w0: number): void {
      const rank = foldRank,
        userSums = foldUserSums,
        itemSums = foldItemSums,
        contextSums = foldContextSums;
      const userBias = foldUserBias,
        itemBias = foldItemBias,
        contextBias = foldContextBias,
        userRow = foldUserRow;
      const itemRow = foldItemRow,
        contextRow = foldContextRow,
        out = foldOut,
        count = foldCount;
      // Two cases at a time, as predictCases.
      for (let index = 0; index < count; index += 2) {
        const nextIndex = index + 1 < count ? index + 1 : index;
        const u = userRow[index];
        const i = itemRow[index];
        const k = contextRow[index];
        const nextU = userRow[nextIndex];
        const nextI = itemRow[nextIndex];
        const nextK = contextRow[nextIndex];
        let value = w0 + userBias[u] + itemBias[i] + contextBias[k];
        let next = w0 + userBias[nextU] + itemBias[nextI] + contextBias[nextK];
        const userBase = u * rank;
        const itemBase = i * rank;
        const contextBase = k * rank;
        const nextUserBase = nextU * rank;
        const nextItemBase = nextI * rank;
        const nextContextBase = nextK * rank;
        for (let factor = 0; factor < rank; factor++) {
          const s = userSums[(userBase + factor) | 0];
          const t = itemSums[(itemBase + factor) | 0];
          value += s * t + (s + t) * contextSums[(contextBase + factor) | 0];
          const nextS = userSums[(nextUserBase + factor) | 0];
          const nextT = itemSums[(nextItemBase + factor) | 0];
          next += nextS * nextT + (nextS + nextT) * contextSums[(nextContextBase + factor) | 0];
        }
        out[index] = value;
        out[nextIndex] = next;
      }
    },
  };
  return kernel;
}

/** Test cases: their rows (context: absent or null without a context block) and where their predictions go. */
export interface TestCases {
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly context?: Int32Array | null;
  readonly out: Float64Array;
}

/** What a fold's solver calls every sweep: the test cases' unclipped predictions, into its `out`. */
export interface TestPredictor {
  predict(): Float64Array;
}
