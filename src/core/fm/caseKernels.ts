import type { Random } from '../random';
import type { FmState } from './fmState';
import type { RowLayout } from './rowAggregates';

/** A draw from N(mean, 1/precision), or the mean when `random` is null (ALS). */
export type Draw = (mean: number, precision: number, random: Random | null) => number;

/**
 * The passes over every training case, for one fold's state (see coordinateKernel.ts for the
 * row sums T1, T2, E0, E1 they gather). Instantiated per fold (instantiateKernel), so the body
 * must stay self-contained: only parameters and globals, kernels as methods. Each method reads
 * what it uses from the frozen `fold` first and holds one loop nest, as in blockKernels.ts (why:
 * there).
 */
export function createCaseKernels(state: FmState, layout: RowLayout, draw: Draw, random: Random | null) {
  const fold = Object.freeze({
    cases: state.cases,
    rank: state.rank,
    residual: state.residual,
    caseWeight: state.caseWeight,
    userCaseStart: state.userCaseStart,
    userRows: state.user.rows,
    itemRows: state.item.rows,
    userRow: state.user.caseRow,
    itemRow: state.item.caseRow,
    userSums: state.user.sums,
    itemSums: state.item.sums,
    userWeightedCount: state.user.weightedCount,
    itemWeightedCount: state.item.weightedCount,
    userPacked: state.user.aggregates.packed,
    itemPacked: state.item.aggregates.packed,
    userChange: state.user.aggregates.change,
    userSumChange: state.user.aggregates.sumChange,
    itemChange: state.item.aggregates.change,
    itemSumChange: state.item.aggregates.sumChange,
    stride: layout.stride,
    sumOther: layout.sumOther,
    sumOtherSquared: layout.sumOtherSquared,
    residualSum: layout.residualSum,
    residualOtherSum: layout.residualOtherSum,
    /** Σ τ_c e_c and Σ τ_c, from residualSums. */
    totals: new Float64Array(2),
    draw,
    random,
  });

  const kernels = {
    /** w0 with a flat prior (precision 0 beyond `priorPrecision`). Returns the non-finite count. */
    updateGlobalBias(alpha: number, priorPrecision: number): number {
      const { totals, draw, random } = fold;
      kernels.residualSums();
      const weightedResiduals = totals[0];
      const weightSum = totals[1];
      const old = state.w0;
      const precision = alpha * weightSum + priorPrecision;
      const value = draw((alpha * (weightedResiduals + old * weightSum)) / precision, precision, random);
      if (!Number.isFinite(value)) return 1;
      kernels.shiftResiduals(value - old);
      state.w0 = value;
      return 0;
    },

    /** Σ τ_c e_c and Σ τ_c into `totals`. */
    residualSums(): void {
      const { cases, caseWeight, residual, totals } = fold;
      let weightedResiduals = 0;
      let weightSum = 0;
      for (let index = 0; index < cases; index++) {
        weightedResiduals += caseWeight[index] * residual[index];
        weightSum += caseWeight[index];
      }
      totals[0] = weightedResiduals;
      totals[1] = weightSum;
    },

    shiftResiduals(delta: number): void {
      const { cases, residual } = fold;
      for (let index = 0; index < cases; index++) residual[index] -= delta;
    },

    /** Σ τ_c e_c², for the noise precision. */
    weightedSquaredResiduals(): number {
      const { cases, caseWeight, residual } = fold;
      let squares = 0;
      for (let index = 0; index < cases; index++) squares += caseWeight[index] * residual[index] * residual[index];
      return squares;
    },

    /** Each row's Σ of case weights; call after changing state.caseWeight. */
    refreshWeightedCounts(): void {
      const { cases, caseWeight, userRow, itemRow, userWeightedCount, itemWeightedCount } = fold;
      userWeightedCount.fill(0);
      itemWeightedCount.fill(0);
      for (let index = 0; index < cases; index++) {
        userWeightedCount[userRow[index]] += caseWeight[index];
        itemWeightedCount[itemRow[index]] += caseWeight[index];
      }
    },

    /** User rows' T1, T2, E0, E1 for `factor` (t_c = the case's item s_f). */
    gatherUserSums(factor: number): void {
      const { userRows, rank, userCaseStart, itemRow, itemSums, residual, caseWeight } = fold;
      const { userPacked, stride, sumOther, sumOtherSquared, residualSum, residualOtherSum } = fold;
      for (let row = 0; row < userRows; row++) {
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        for (let index = userCaseStart[row]; index < userCaseStart[row + 1]; index++) {
          const t = itemSums[itemRow[index] * rank + factor];
          const e = residual[index];
          const w = caseWeight[index];
          t1 += w * t;
          t2 += w * t * t;
          e0 += w * e;
          e1 += w * e * t;
        }
        const base = row * stride;
        userPacked[base + sumOther] = t1;
        userPacked[base + sumOtherSquared] = t2;
        userPacked[base + residualSum] = e0;
        userPacked[base + residualOtherSum] = e1;
      }
    },

    /**
     * Applies the user rows' change of factor f to the residuals, Δŷ_c = Δ(½(s_u² − q_u)) + Δs_u·t_c,
     * and gathers the item rows' sums for the same factor with the new user s_f.
     */
    propagateUserGatherItem(factor: number): void {
      const { cases, itemRows, rank, residual, caseWeight, userRow, itemRow, userSums, itemSums, userChange, userSumChange } = fold;
      const { itemPacked, stride, sumOther, sumOtherSquared, residualSum, residualOtherSum } = fold;
      for (let row = 0; row < itemRows; row++) {
        const base = row * stride;
        itemPacked[base + sumOther] = 0;
        itemPacked[base + sumOtherSquared] = 0;
        itemPacked[base + residualSum] = 0;
        itemPacked[base + residualOtherSum] = 0;
      }
      for (let index = 0; index < cases; index++) {
        const u = userRow[index];
        const i = itemRow[index];
        const e = residual[index] - userChange[u] - userSumChange[u] * itemSums[i * rank + factor];
        residual[index] = e;
        const t = userSums[u * rank + factor];
        const w = caseWeight[index];
        const base = i * stride;
        itemPacked[base + sumOther] += w * t;
        itemPacked[base + sumOtherSquared] += w * t * t;
        itemPacked[base + residualSum] += w * e;
        itemPacked[base + residualOtherSum] += w * e * t;
      }
    },

    /** Applies the item rows' change of factor f to the residuals (after the last factor). */
    propagateItem(factor: number): void {
      const { userRows, rank, userCaseStart, itemRow, userSums, residual, itemChange, itemSumChange } = fold;
      for (let row = 0; row < userRows; row++) {
        const s = userSums[row * rank + factor];
        for (let index = userCaseStart[row]; index < userCaseStart[row + 1]; index++) {
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
      const { userRows, rank, userCaseStart, itemRow, userSums, itemSums, residual, caseWeight, itemChange, itemSumChange } = fold;
      const { userPacked, stride, sumOther, sumOtherSquared, residualSum, residualOtherSum } = fold;
      for (let row = 0; row < userRows; row++) {
        const start = userCaseStart[row];
        const end = userCaseStart[row + 1];
        const s = userSums[row * rank + factor];
        let t1 = 0;
        let t2 = 0;
        let e0 = 0;
        let e1 = 0;
        for (let index = start; index < end; index++) {
          const i = itemRow[index];
          const e = residual[index] - itemChange[i] - itemSumChange[i] * s;
          residual[index] = e;
          const t = itemSums[i * rank + nextFactor];
          const w = caseWeight[index];
          t1 += w * t;
          t2 += w * t * t;
          e0 += w * e;
          e1 += w * e * t;
        }
        const base = row * stride;
        userPacked[base + sumOther] = t1;
        userPacked[base + sumOtherSquared] = t2;
        userPacked[base + residualSum] = e0;
        userPacked[base + residualOtherSum] = e1;
      }
    },
  };
  return kernels;
}

export type CaseKernels = ReturnType<typeof createCaseKernels>;
