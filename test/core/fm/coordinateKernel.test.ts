import * as assert from 'node:assert/strict';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import {
  createFmKernels,
  refreshWeightedCounts,
  updateFactors,
  updateWeights,
  type FmKernels,
} from '../../../src/core/fm/coordinateKernel';
import type { FmState, GroupPriors } from '../../../src/core/fm/blockState';
import { createPriors, createState, refreshCaches } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { stateBlocks } from '../../../src/core/fm/fmState';
import { plantedData, withDays } from './plantedData';

const RANK = 4;

/** One fold's state, priors and test cases. */
interface KernelFold {
  readonly state: FmState;
  readonly priors: GroupPriors;
  readonly test: { readonly user: Int32Array; readonly item: Int32Array; readonly context: Int32Array | null; readonly out: Float64Array };
}

/**
 * `weighted`: every user gets its own noise weight τ_u in 0.3..1.7 (as per-user noise makes them);
 * `context`: the ratings spread over 12 days and a context block of date, (user, day) and month.
 */
function setup(weighted: boolean, context = false): KernelFold {
  const planted = plantedData({ users: 150, items: 100, ratingsPerUser: 30 });
  const { train, test } = context ? withDays(planted.fold, 12) : planted.fold;
  const groups = ['ids', 'user', 'item', 'title', 'implicit'] as const;
  const blocks = buildFeatureBlocks(planted.data, train, context ? [...groups, 'ratingDate', 'userDay', 'ratingMonth'] : [...groups], test);
  const state = createState(blocks, train.user, train.item, train.rating, RANK, 0.1, new Random(5));
  const priors = createPriors(RANK);
  priors.weightPrecision.fill(3);
  priors.factorPrecision.fill(3);
  if (weighted) {
    const random = new Random(11);
    for (let row = 0; row < state.user.rows; row++) state.userWeight[row] = 0.3 + 1.4 * random.uniform();
  }
  return {
    state,
    priors,
    test: { user: test.user, item: test.item, context: blocks.context?.layout.testRow ?? null, out: new Float64Array(test.length) },
  };
}

/** The fold's kernels, row weights refreshed; `random` null: ALS means, else MCMC draws. */
function kernelsOf(fold: KernelFold, random: Random | null): FmKernels {
  const kernels = createFmKernels(fold.state, fold.priors, random, fold.test);
  refreshWeightedCounts(kernels);
  return kernels;
}

/** One sweep over every parameter. */
function sweep(state: FmState, kernels: FmKernels): void {
  kernels.cases.updateGlobalBias(1, 0);
  updateWeights(kernels, 1);
  updateFactors(kernels, state.rank, 1);
}

/** Σ τ e² + Σ λ θ² (w0 unpenalized). */
function objective(state: FmState, priors: GroupPriors): number {
  let total = 0;
  for (let index = 0; index < state.cases; index++) total += state.userWeight[state.user.caseRow[index]] * state.residual[index] ** 2;
  for (const side of stateBlocks(state)) {
    for (let feature = 0; feature < side.features; feature++) {
      const group = side.block.featureGroup[feature];
      total += priors.weightPrecision[group] * side.weights[feature] ** 2;
      for (let factor = 0; factor < RANK; factor++) {
        total += priors.factorPrecision[group * RANK + factor] * side.factors[feature * RANK + factor] ** 2;
      }
    }
  }
  return total;
}

for (const [weighted, context] of [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
])
  describe(`coordinate kernel${weighted ? ', cases weighted' : ''}${context ? ', context block' : ''}`, () => {
    it('keeps residuals equal to a full recomputation after MCMC draws', () => {
      const fold = setup(weighted, context);
      const { state } = fold;
      const kernels = kernelsOf(fold, new Random(9));
      for (let iteration = 0; iteration < 5; iteration++) {
        sweep(state, kernels);
        const incremental = Float64Array.from(state.residual);
        refreshCaches(state);
        let largest = 0;
        for (let index = 0; index < state.cases; index++) largest = Math.max(largest, Math.abs(incremental[index] - state.residual[index]));
        assert.ok(largest < 1e-9, `residual drift ${largest} in sweep ${iteration + 1}`);
      }
    });

    it('ALS: every sweep lowers the regularized squared error (exact coordinate minima)', () => {
      const fold = setup(weighted, context);
      const { state, priors } = fold;
      const kernels = kernelsOf(fold, null);
      let previous = objective(state, priors);
      for (let iteration = 0; iteration < 8; iteration++) {
        sweep(state, kernels);
        const current = objective(state, priors);
        assert.ok(current <= previous * (1 + 1e-12), `sweep ${iteration + 1}: ${current} after ${previous}`);
        previous = current;
      }
    });

    it('ALS: an update lands on the minimum along its coordinate', () => {
      const fold = setup(weighted, context);
      const { state, priors } = fold;
      sweep(state, kernelsOf(fold, null));
      // The sweep's last update: the last block's last feature, last factor.
      const side = state.context ?? state.item;
      const slot = (side.features - 1) * RANK + RANK - 1;
      const value = side.factors[slot];
      const at = (offset: number): number => {
        side.factors[slot] = value + offset;
        refreshCaches(state);
        return objective(state, priors);
      };
      const centre = at(0);
      assert.ok(at(1e-3) > centre && at(-1e-3) > centre, 'objective rises on both sides of the ALS solution');
    });
  });
