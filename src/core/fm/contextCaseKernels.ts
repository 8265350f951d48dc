import type { ContextState, FmState } from './blockState';
import type { ItemColumns } from './itemColumns';
import type { RowLayout } from './rowAggregates';

/**
 * The passes over every training case when the FM has a third, context block (user, item,
 * context): the same row sums T1, T2, E0, E1 as caseKernels.ts (see coordinateKernel.ts), with a
 * block's "other side" t_c now the sum of the other two blocks' s_f of the case, and a block's
 * change of factor f reaching the residual as Δŷ_c = Δ(own part of the row) + Δs_f t_c.
 * A factory of its own, so a fold without a context block runs exactly the two-block passes.
 * Cases are sorted by context row, hence by user too (fmState.ts): user and context gathers
 * accumulate in locals, the item gather scatters. Instantiated per fold like caseKernels.ts, with
 * the same habits (blockKernels.ts says why). A fold with its one wasm memory (state.caseWasm,
 * foldMemory.ts) runs the passes in src/wasm/contextCaseKernels.ts instead, the same doubles; the
 * loops here serve the others (rows over 16 bits, large folds, no WebAssembly) and the tests.
 */
export function createContextCaseKernels(state: FmState, context: ContextState, layout: RowLayout, columns: ItemColumns) {
  const foldCases = state.cases;
  const foldRank = state.rank;
  const foldResidual = state.residual;
  const foldUserWeight = state.userWeight;
  const foldUserCaseStart = state.userCaseStart;
  const foldUserRows = state.user.rows;
  const foldItemRows = state.item.rows;
  const foldContextRows = context.rows;
  const foldUserRow = state.user.caseRow;
  const foldItemRow = state.item.caseRow;
  const foldContextRow = context.caseRow;
  const foldContextCaseStart = context.caseStart;
  const foldUserSums = state.user.sums;
  const foldItemSums = state.item.sums;
  const foldContextSums = context.sums;
  const foldContextWeightedCount = context.weightedCount;
  const foldUserPacked = state.user.aggregates.packed;
  const foldItemPacked = state.item.aggregates.packed;
  const foldContextPacked = context.aggregates.packed;
  const foldUserChange = state.user.aggregates.change;
  const foldUserSumChange = state.user.aggregates.sumChange;
  const foldItemChange = state.item.aggregates.change;
  const foldItemSumChange = state.item.aggregates.sumChange;
  const foldContextChange = context.aggregates.change;
  const foldContextSumChange = context.aggregates.sumChange;
  const foldStride = layout.stride;
  const foldSumOther = layout.sumOther;
  const foldSumOtherSquared = layout.sumOtherSquared;
  const foldResidualSum = layout.residualSum;
  const foldResidualOtherSum = layout.residualOtherSum;
  // The item side's columns (this factor's and the next's) and gathered sums (itemColumns.ts).
  const foldColumns = columns;
  // With the fold's memory (foldMemory.ts) the passes run in wasm, the item columns and gather
  // there too; the JavaScript loops below then never run.
  const foldWasm = state.caseWasm;
  const foldItemColumn = foldWasm === null ? new Float64Array(foldItemRows) : foldWasm.itemColumn;
  const foldItemNextColumn = foldWasm === null ? new Float64Array(foldItemRows) : foldWasm.itemNextColumn;
  const foldItemGather = foldWasm === null ? new Float64Array(4 * foldItemRows) : foldWasm.itemGather;

  const kernels = {
    /** The context rows' Σ of case weights (the user and item rows': CaseKernels.refreshWeightedCounts). */
    refreshWeightedCounts(): void {
      foldContextWeightedCount.fill(0);
      if (foldWasm !== null) foldWasm.addCaseWeights();
      else kernels.addCaseWeights();
    },

    addCaseWeights(): void {
      const cases = foldCases,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        contextRow = foldContextRow,
        weightedCount = foldContextWeightedCount;
      for (let index = 0; index < cases; index++) weightedCount[contextRow[index]] += userWeight[userRow[index]];
    },

    /** User rows' T1, T2, E0, E1 for `factor` (t_c = the case's item s_f + context s_f). */
    gatherUserSums(factor: number): void {
      if (foldWasm !== null) foldWasm.gatherUserSums(factor);
      else kernels.gatherUserSumsCases(factor);
    },

    gatherUserSumsCases(factor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        itemRow = foldItemRow,
        contextRow = foldContextRow,
        itemSums = foldItemSums,
        contextSums = foldContextSums,
        residual = foldResidual,
        userWeight = foldUserWeight;
      const userPacked = foldUserPacked,
        stride = foldStride,
        sumOther = foldSumOther,
        sumOtherSquared = foldSumOtherSquared,
        residualSum = foldResidualSum,
        residualOtherSum = foldResidualOtherSum;
      for (let row = 0; row < userRows; row++) {
        const w = userWeight[row];
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        for (let index = userCaseStart[row]; index < userCaseStart[(row + 1) | 0]; index++) {
          const t = itemSums[(itemRow[index] * rank + factor) | 0] + contextSums[(contextRow[index] * rank + factor) | 0];
          const e = residual[index];
          t1 += w * t;
          t2 += w * t * t;
          e0 += w * e;
          e1 += w * e * t;
        }
        const base = row * stride;
        userPacked[(base + sumOther) | 0] = t1;
        userPacked[(base + sumOtherSquared) | 0] = t2;
        userPacked[(base + residualSum) | 0] = e0;
        userPacked[(base + residualOtherSum) | 0] = e1;
      }
    },

    /**
     * Applies the user rows' change of factor f, Δŷ_c = Δ(½(s_u² − q_u)) + Δs_u (s_i + s_k), and
     * gathers the item rows' sums (t_c = s_u + s_k) with the new user s_f.
     */
    propagateUserGatherItem(factor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, factor, foldItemColumn);
      foldItemGather.fill(0);
      if (foldWasm !== null) foldWasm.propagateUserGatherItem(factor);
      else kernels.propagateUserGatherItemCases(factor);
      foldColumns.storeGatheredSums(foldItemGather, foldItemPacked, layout);
    },

    propagateUserGatherItemCases(factor: number): void {
      const contextRows = foldContextRows,
        rank = foldRank,
        contextCaseStart = foldContextCaseStart,
        residual = foldResidual,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        contextSums = foldContextSums,
        userChange = foldUserChange,
        userSumChange = foldUserSumChange,
        gather = foldItemGather;
      // Context row by context row: a row has one user, so the user's change, s_f and weight, and
      // the row's own s_f, are read once for all its cases (the same sums, in the same case order).
      for (let row = 0; row < contextRows; row++) {
        const start = contextCaseStart[row];
        const end = contextCaseStart[(row + 1) | 0];
        if (start === end) continue;
        const u = userRow[start];
        const sk = contextSums[(row * rank + factor) | 0];
        const change = userChange[u];
        const sumChange = userSumChange[u];
        const t = userSums[(u * rank + factor) | 0] + sk;
        const w = userWeight[u];
        const wt = w * t;
        const wtt = w * t * t;
        for (let index = start; index < end; index++) {
          const i = itemRow[index];
          const e = residual[index] - change - sumChange * (itemColumn[i] + sk);
          residual[index] = e;
          const base = i * 4;
          const we = w * e;
          gather[base | 0] += wt;
          gather[(base + 1) | 0] += wtt;
          gather[(base + 2) | 0] += we;
          gather[(base + 3) | 0] += we * t;
        }
      }
    },

    /**
     * Applies the item rows' change of factor f (t_c = s_u + s_k) and gathers the context rows'
     * sums (t_c = s_u + s_i) with the new item s_f.
     */
    propagateItemGatherContext(factor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, factor, foldItemColumn);
      if (foldWasm !== null) foldWasm.propagateItemGatherContext(factor);
      else kernels.propagateItemGatherContextCases(factor);
    },

    propagateItemGatherContextCases(factor: number): void {
      const contextRows = foldContextRows,
        rank = foldRank,
        contextCaseStart = foldContextCaseStart,
        userRow = foldUserRow,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        contextSums = foldContextSums,
        residual = foldResidual,
        userWeight = foldUserWeight,
        itemChange = foldItemChange,
        itemSumChange = foldItemSumChange;
      const contextPacked = foldContextPacked,
        stride = foldStride,
        sumOther = foldSumOther,
        sumOtherSquared = foldSumOtherSquared,
        residualSum = foldResidualSum,
        residualOtherSum = foldResidualOtherSum;
      for (let row = 0; row < contextRows; row++) {
        const start = contextCaseStart[row];
        const end = contextCaseStart[(row + 1) | 0];
        // A context row has one user: its s_f and the row's own hold for all the row's cases.
        const su = start < end ? userSums[(userRow[start] * rank + factor) | 0] : 0;
        const w = start < end ? userWeight[userRow[start]] : 0;
        const other = su + contextSums[(row * rank + factor) | 0];
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        for (let index = start; index < end; index++) {
          const i = itemRow[index];
          const e = residual[index] - itemChange[i] - itemSumChange[i] * other;
          residual[index] = e;
          const t = su + itemColumn[i];
          t1 += w * t;
          t2 += w * t * t;
          e0 += w * e;
          e1 += w * e * t;
        }
        const base = row * stride;
        contextPacked[(base + sumOther) | 0] = t1;
        contextPacked[(base + sumOtherSquared) | 0] = t2;
        contextPacked[(base + residualSum) | 0] = e0;
        contextPacked[(base + residualOtherSum) | 0] = e1;
      }
    },

    /** Applies the context rows' change of factor f (t_c = s_u + s_i); after the last factor. */
    propagateContext(factor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, factor, foldItemColumn);
      if (foldWasm !== null) foldWasm.propagateContext(factor);
      else kernels.propagateContextCases(factor);
    },

    propagateContextCases(factor: number): void {
      const contextRows = foldContextRows,
        rank = foldRank,
        contextCaseStart = foldContextCaseStart,
        userRow = foldUserRow,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        residual = foldResidual,
        contextChange = foldContextChange,
        contextSumChange = foldContextSumChange;
      for (let row = 0; row < contextRows; row++) {
        const start = contextCaseStart[row];
        const end = contextCaseStart[(row + 1) | 0];
        if (start === end) continue;
        const su = userSums[(userRow[start] * rank + factor) | 0];
        const change = contextChange[row];
        const sumChange = contextSumChange[row];
        for (let index = start; index < end; index++) residual[index] -= change + sumChange * (su + itemColumn[itemRow[index]]);
      }
    },

    /**
     * Applies the context rows' change of factor f and gathers the user rows' sums for the next
     * factor (t_c = s_i + s_k of `nextFactor`).
     */
    propagateContextGatherUser(factor: number, nextFactor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, factor, foldItemColumn);
      foldColumns.copyFactorColumn(foldItemSums, foldRank, nextFactor, foldItemNextColumn);
      if (foldWasm !== null) foldWasm.propagateContextGatherUser(factor, nextFactor);
      else kernels.propagateContextGatherUserCases(factor, nextFactor);
    },

    propagateContextGatherUserCases(factor: number, nextFactor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        contextCaseStart = foldContextCaseStart,
        itemRow = foldItemRow,
        contextRow = foldContextRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        itemNextColumn = foldItemNextColumn,
        contextSums = foldContextSums,
        residual = foldResidual,
        userWeight = foldUserWeight,
        contextChange = foldContextChange,
        contextSumChange = foldContextSumChange;
      const userPacked = foldUserPacked,
        stride = foldStride,
        sumOther = foldSumOther,
        sumOtherSquared = foldSumOtherSquared,
        residualSum = foldResidualSum,
        residualOtherSum = foldResidualOtherSum;
      for (let row = 0; row < userRows; row++) {
        const start = userCaseStart[row];
        const end = userCaseStart[(row + 1) | 0];
        const su = userSums[(row * rank + factor) | 0];
        const w = userWeight[row];
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        // The user's context rows are numbered together (fmState.ts): each row's change and next
        // s_f read once for its cases, which are walked in the same order as before.
        const firstContext = start < end ? contextRow[start] : 0;
        const lastContext = start < end ? contextRow[(end - 1) | 0] : -1;
        for (let k = firstContext; k <= lastContext; k++) {
          const change = contextChange[k];
          const sumChange = contextSumChange[k];
          const sk = contextSums[(k * rank + nextFactor) | 0];
          const caseEnd = contextCaseStart[(k + 1) | 0];
          for (let index = contextCaseStart[k]; index < caseEnd; index++) {
            const i = itemRow[index];
            const e = residual[index] - change - sumChange * (su + itemColumn[i]);
            residual[index] = e;
            const t = itemNextColumn[i] + sk;
            t1 += w * t;
            t2 += w * t * t;
            e0 += w * e;
            e1 += w * e * t;
          }
        }
        const base = row * stride;
        userPacked[(base + sumOther) | 0] = t1;
        userPacked[(base + sumOtherSquared) | 0] = t2;
        userPacked[(base + residualSum) | 0] = e0;
        userPacked[(base + residualOtherSum) | 0] = e1;
      }
    },
  };
  return kernels;
}

export type ContextCaseKernels = ReturnType<typeof createContextCaseKernels>;
