import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createFmKernels, updateFactors } from '../../../src/core/fm/coordinateKernel';
import { createPriors, createState, refreshCaches, type FmState } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { plantedData } from './plantedData';

const RANK = 3;
const SWEEPS = 3;

/**
 * Trains `folds` small folds twice from the same seeds, with the per-fold compiled kernels and
 * with the kernel factories called directly, calling every kernel; lists each array or number
 * that differs in any bit (empty: identical). A test helper, also bundled and minified by a test.
 */
export function compiledAgainstDirect(folds = 3): string[] {
  const differences: string[] = [];
  for (let fold = 1; fold <= folds; fold++) {
    const compiled = train(fold, true);
    const direct = train(fold, false);
    for (const name of Object.keys(compiled) as (keyof typeof compiled)[]) {
      const a = compiled[name];
      const b = direct[name];
      if (a.length !== b.length || a.some((value, index) => !Object.is(value, b[index]))) differences.push(`fold ${fold}: ${name}`);
    }
  }
  return differences;
}

function train(seed: number, compiled: boolean): Record<string, Float64Array> {
  const planted = plantedData({ users: 60, items: 40, ratingsPerUser: 15, seed });
  const { train: ratings, test } = planted.fold;
  const blocks = buildFeatureBlocks(planted.data, ratings, ['ids', 'user', 'item', 'implicit']);
  const state = createState(blocks, ratings.user, ratings.item, ratings.rating, RANK, 0.1, new Random(seed));
  const priors = createPriors(RANK);
  priors.weightPrecision.fill(2);
  priors.factorPrecision.fill(2);
  const random = new Random(seed + 100);
  const out = new Float64Array(test.length);
  const kernels = createFmKernels(state, priors, random, { user: test.user, item: test.item, out }, compiled);
  const alphas: number[] = [];
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const alpha = 1 + kernels.cases.weightedSquaredResiduals() / state.cases;
    alphas.push(alpha);
    for (let index = 0; index < state.cases; index++) state.caseWeight[index] = 0.5 + random.uniform();
    kernels.cases.refreshWeightedCounts();
    kernels.cases.updateGlobalBias(alpha, 0);
    kernels.user.updateWeights(alpha);
    kernels.item.updateWeights(alpha);
    updateFactors(kernels, RANK, alpha);
    refreshCaches(state);
    kernels.test.predict();
  }
  return { alphas: Float64Array.from(alphas), w0: Float64Array.of(state.w0), ...parameters(state), residual: state.residual, test: out };
}

function parameters(state: FmState): Record<string, Float64Array> {
  return {
    userWeights: state.user.weights,
    itemWeights: state.item.weights,
    userFactors: state.user.factors,
    itemFactors: state.item.factors,
    userSums: state.user.sums,
    itemSums: state.item.sums,
  };
}
