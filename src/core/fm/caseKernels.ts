import type { Random } from '../random';
import type { FmState } from './blockState';
import type { ItemColumns } from './itemColumns';
import type { RowLayout } from './rowAggregates';

/** A draw from N(mean, 1/precision), or the mean when `random` is null (ALS). */
export type Draw = (mean: number, precision: number, random: Random | null) => number;

/**
 * The passes over every training case, for one fold's state (see coordinateKernel.ts for the
 * row sums T1, T2, E0, E1 they gather). Instantiated per fold (instantiateKernel), so the body
 * must stay self-contained: only parameters and globals, kernels as methods. As in
 * blockKernels.ts (why: there), a method either loops, on locals copied from the closure, or
 * only calls and stores.
 */
export function createCaseKernels(state: FmState, layout: RowLayout, draw: Draw, random: Random | null, columns: ItemColumns) {
  const foldCases = state.cases;
  const foldRank = state.rank;
  const foldResidual = state.residual;
  const foldUserWeight = state.userWeight;
  const foldUserCaseStart = state.userCaseStart;
  const foldUserRows = state.user.rows;
  const foldItemRows = state.item.rows;
  const foldUserRow = state.user.caseRow;
  const foldItemRow = state.item.caseRow;
  const foldUserSums = state.user.sums;
  const foldItemSums = state.item.sums;
  const foldUserWeightedCount = state.user.weightedCount;
  const foldItemWeightedCount = state.item.weightedCount;
  const foldUserPacked = state.user.aggregates.packed;
  const foldItemPacked = state.item.aggregates.packed;
  const foldUserChange = state.user.aggregates.change;
  const foldUserSumChange = state.user.aggregates.sumChange;
  const foldItemChange = state.item.aggregates.change;
  const foldItemSumChange = state.item.aggregates.sumChange;
  const foldStride = layout.stride;
  const foldSumOther = layout.sumOther;
  const foldSumOtherSquared = layout.sumOtherSquared;
  const foldResidualSum = layout.residualSum;
  const foldResidualOtherSum = layout.residualOtherSum;
  const foldDraw = draw;
  const foldRandom = random;
  // The item side's column and gathered sums (itemColumns.ts says why).
  const foldColumns = columns;
  const foldItemColumn = new Float64Array(foldItemRows);
  const foldItemGather = new Float64Array(4 * foldItemRows);

  const kernels = {
    /** w0 with a flat prior (precision 0 beyond `priorPrecision`). Returns the non-finite count. */
    updateGlobalBias(alpha: number, priorPrecision: number): number {
      const weightedResiduals = kernels.weightedResidualSum();
      const weightSum = kernels.weightSum();
      const old = state.w0;
      const precision = alpha * weightSum + priorPrecision;
      const value = foldDraw((alpha * (weightedResiduals + old * weightSum)) / precision, precision, foldRandom);
      if (!Number.isFinite(value)) return 1;
      kernels.shiftResiduals(value - old);
      state.w0 = value;
      return 0;
    },

    /** Σ τ_c e_c. */
    weightedResidualSum(): number {
      const cases = foldCases,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        residual = foldResidual;
      let total = 0;
      for (let index = 0; index < cases; index++) total += userWeight[userRow[index]] * residual[index];
      return total;
    },

    /** Σ τ_c. */
    weightSum(): number {
      const cases = foldCases,
        userWeight = foldUserWeight,
        userRow = foldUserRow;
      let total = 0;
      for (let index = 0; index < cases; index++) total += userWeight[userRow[index]];
      return total;
    },

    shiftResiduals(delta: number): void {
      const cases = foldCases,
        residual = foldResidual;
      for (let index = 0; index < cases; index++) residual[index] -= delta;
    },

    /** Σ τ_c e_c², for the noise precision. */
    weightedSquaredResiduals(): number {
      const cases = foldCases,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        residual = foldResidual;
      let squares = 0;
      for (let index = 0; index < cases; index++) squares += userWeight[userRow[index]] * residual[index] * residual[index];
      return squares;
    },

    /** Each row's Σ of case weights; call after changing state.userWeight. */
    refreshWeightedCounts(): void {
      foldUserWeightedCount.fill(0);
      foldItemWeightedCount.fill(0);
      kernels.addCaseWeights();
    },

    addCaseWeights(): void {
      const cases = foldCases,
        userWeight = foldUserWeight,
        userRow = foldUserRow,
        itemRow = foldItemRow;
      const userWeightedCount = foldUserWeightedCount,
        itemWeightedCount = foldItemWeightedCount;
      for (let index = 0; index < cases; index++) {
        const w = userWeight[userRow[index]];
        userWeightedCount[userRow[index]] += w;
        itemWeightedCount[itemRow[index]] += w;
      }
    },

    /** User rows' T1, T2, E0, E1 for `factor` (t_c = the case's item s_f). */
    gatherUserSums(factor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        itemRow = foldItemRow,
        itemSums = foldItemSums,
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
          const t = itemSums[(itemRow[index] * rank + factor) | 0];
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
     * Applies the user rows' change of factor f to the residuals, Δŷ_c = Δ(½(s_u² − q_u)) + Δs_u·t_c,
     * and gathers the item rows' sums for the same factor with the new user s_f.
     */
    propagateUserGatherItem(factor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, factor, foldItemColumn);
      foldItemGather.fill(0);
      kernels.propagateUserGatherItemCases(factor);
      foldColumns.storeGatheredSums(foldItemGather, foldItemPacked, layout);
    },

    propagateUserGatherItemCases(factor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        residual = foldResidual,
        userWeight = foldUserWeight,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        userChange = foldUserChange,
        userSumChange = foldUserSumChange,
        gather = foldItemGather;
      // User by user: the user's change, s_f and weight read once for all its cases (the same
      // sums, in the same case order).
      for (let row = 0; row < userRows; row++) {
        const end = userCaseStart[(row + 1) | 0];
        const change = userChange[row];
        const sumChange = userSumChange[row];
        const t = userSums[(row * rank + factor) | 0];
        const w = userWeight[row];
        const wt = w * t;
        const wtt = w * t * t;
        for (let index = userCaseStart[row]; index < end; index++) {
          const i = itemRow[index];
          const e = residual[index] - change - sumChange * itemColumn[i];
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

    /** Applies the item rows' change of factor f to the residuals (after the last factor). */
    propagateItem(factor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        residual = foldResidual,
        itemChange = foldItemChange,
        itemSumChange = foldItemSumChange;
      for (let row = 0; row < userRows; row++) {
        const s = userSums[(row * rank + factor) | 0];
        for (let index = userCaseStart[row]; index < userCaseStart[(row + 1) | 0]; index++) {
          const i = itemRow[index];
          residual[index] -= itemChange[i] + itemSumChange[i] * s;
        }
      }
    },

    /**
     * Applies the item rows' change of factor f to the residuals and gathers the user rows' sums
     * for the next factor.
     */
    propagateItemGatherUser(factor: number, nextFactor: number): void {
      foldColumns.copyFactorColumn(foldItemSums, foldRank, nextFactor, foldItemColumn);
      kernels.propagateItemGatherUserCases(factor);
    },

    propagateItemGatherUserCases(factor: number): void {
      const userRows = foldUserRows,
        rank = foldRank,
        userCaseStart = foldUserCaseStart,
        itemRow = foldItemRow,
        userSums = foldUserSums,
        itemColumn = foldItemColumn,
        residual = foldResidual,
        userWeight = foldUserWeight,
        itemChange = foldItemChange,
        itemSumChange = foldItemSumChange;
      const userPacked = foldUserPacked,
        stride = foldStride,
        sumOther = foldSumOther,
        sumOtherSquared = foldSumOtherSquared,
        residualSum = foldResidualSum,
        residualOtherSum = foldResidualOtherSum;
      for (let row = 0; row < userRows; row++) {
        const start = userCaseStart[row];
        const end = userCaseStart[(row + 1) | 0];
        const s = userSums[(row * rank + factor) | 0];
        const w = userWeight[row];
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        for (let index = start; index < end; index++) {
          const i = itemRow[index];
          const e = residual[index] - itemChange[i] - itemSumChange[i] * s;
          residual[index] = e;
          const t = itemColumn[i];
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
  };
  return kernels;
}

export type CaseKernels = ReturnType<typeof createCaseKernels>;
