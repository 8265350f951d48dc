import * as assert from 'node:assert/strict';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createFmKernels, updateFactors, type FmKernels } from '../../../src/core/fm/coordinateKernel';
import { createPriors, createState, refreshCaches, type FmState, type GroupPriors } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { plantedData } from './plantedData';

const RANK = 4;

/** One fold's state, priors and test cases. */
interface KernelFold {
  readonly state: FmState;
  readonly priors: GroupPriors;
  readonly test: { readonly user: Int32Array; readonly item: Int32Array; readonly out: Float64Array };
}

/** `weighted`: every case gets its own noise weight τ_c in 0.3..1.7 (as per-user noise makes them). */
function setup(weighted: boolean): KernelFold {
  const planted = plantedData({ users: 150, items: 100, ratingsPerUser: 30 });
  const blocks = buildFeatureBlocks(planted.data, planted.fold.train, ['ids', 'user', 'item', 'title', 'implicit']);
  const { train, test } = planted.fold;
  const state = createState(blocks, train.user, train.item, train.rating, RANK, 0.1, new Random(5));
  const priors = createPriors(RANK);
  priors.weightPrecision.fill(3);
  priors.factorPrecision.fill(3);
  if (weighted) {
    const random = new Random(11);
    for (let index = 0; index < state.cases; index++) state.caseWeight[index] = 0.3 + 1.4 * random.uniform();
  }
  return { state, priors, test: { user: test.user, item: test.item, out: new Float64Array(test.length) } };
}

/** The fold's kernels, row weights refreshed; `random` null: ALS means, else MCMC draws. */
function kernelsOf(fold: KernelFold, random: Random | null): FmKernels {
  const kernels = createFmKernels(fold.state, fold.priors, random, fold.test);
  kernels.cases.refreshWeightedCounts();
  return kernels;
}

/** One sweep over every parameter. */
function sweep(state: FmState, kernels: FmKernels): void {
  kernels.cases.updateGlobalBias(1, 0);
  kernels.user.updateWeights(1);
  kernels.item.updateWeights(1);
  updateFactors(kernels, state.rank, 1);
}

/** Σ τ e² + Σ λ θ² (w0 unpenalized). */
function objective(state: FmState, priors: GroupPriors): number {
  let total = 0;
  for (let index = 0; index < state.cases; index++) total += state.caseWeight[index] * state.residual[index] ** 2;
  for (const side of [state.user, state.item]) {
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

for (const weighted of [false, true]) describe(`coordinate kernel${weighted ? ', cases weighted' : ''}`, () => {
  it('keeps residuals equal to a full recomputation after MCMC draws', () => {
    const fold = setup(weighted);
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
    const fold = setup(weighted);
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
    const fold = setup(weighted);
    const { state, priors } = fold;
    sweep(state, kernelsOf(fold, null));
    // The sweep's last update: the item block's last feature, last factor.
    const side = state.item;
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
