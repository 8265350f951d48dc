import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createFmKernels, refreshWeightedCounts, updateFactors, updateWeights } from '../../../src/core/fm/coordinateKernel';
import type { BlockState, FmState } from '../../../src/core/fm/blockState';
import { createPriors, createState, refreshCaches } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

const RANK = 3;
const SWEEPS = 3;

/**
 * Trains `folds` small folds twice from the same seeds, with the per-fold compiled kernels (and
 * the factor draws in WebAssembly) and with the kernel factories called directly (every loop in
 * JavaScript), calling every kernel; lists each array or number that differs in any bit (empty:
 * identical). Every other fold has a context block (userDay,
 * ratingMonth). A test helper, also bundled and minified by a test.
 */
export function compiledAgainstDirect(folds = 3): string[] {
  const differences: string[] = [];
  for (let fold = 1; fold <= folds; fold++) {
    const context = fold % 2 === 0;
    const compiled = train(fold, true, context);
    const direct = train(fold, false, context);
    for (const name of Object.keys(compiled) as (keyof typeof compiled)[]) {
      const a = compiled[name];
      const b = direct[name];
      if (a.length !== b.length || a.some((value, index) => !Object.is(value, b[index]))) differences.push(`fold ${fold}: ${name}`);
    }
  }
  return differences;
}

/**
 * Trains `folds` small folds twice from the same seeds, with the state's case rows as createState
 * makes them (16-bit: the blocks' rows fit) and widened to 32-bit (as for blocks over 65,536 rows),
 * the per-fold compiled kernels both times; lists each array or number that differs in any bit.
 */
export function sixteenAgainstThirtyTwoBitRows(folds = 2): string[] {
  const differences: string[] = [];
  for (let fold = 1; fold <= folds; fold++) {
    const context = fold % 2 === 0;
    const narrow = train(fold, true, context);
    const wide = train(fold, true, context, true);
    for (const name of Object.keys(narrow) as (keyof typeof narrow)[]) {
      const a = narrow[name];
      const b = wide[name];
      if (a.length !== b.length || a.some((value, index) => !Object.is(value, b[index]))) differences.push(`fold ${fold}: ${name}`);
    }
  }
  return differences;
}

/** The state with every block's case rows as 32-bit copies (the same numbers), its case passes in JavaScript. */
function widened(state: FmState): FmState {
  // The blocks' own per-case loops leave the fold's memory too (they read its 16-bit rows).
  const widen = <Block extends BlockState>(block: Block): Block => ({
    ...block,
    caseRow: Int32Array.from(block.caseRow),
    wasm: block.wasm === null ? null : { ...block.wasm, caseLoops: undefined },
  });
  return {
    ...state,
    user: widen(state.user),
    item: widen(state.item),
    context: state.context === null ? null : widen(state.context),
    caseWasm: null,
  };
}

function train(seed: number, compiled: boolean, context: boolean, wideRows = false): Record<string, Float64Array> {
  const planted = plantedData({ users: 60, items: 40, ratingsPerUser: 15, seed });
  const { train: ratings, test } = context ? withDays(planted.fold, 8, seed) : planted.fold;
  const features = ['ids', 'user', 'item', 'implicit', ...(context ? (['userDay', 'ratingMonth'] as const) : [])] as const;
  const blocks = buildFeatureBlocks(planted.data, ratings, features, test);
  const created = createState(blocks, ratings.user, ratings.item, ratings.rating, RANK, 0.1, new Random(seed), {
    wasm: compiled,
    testCases: test.length,
  });
  const state = wideRows ? widened(created) : created;
  const priors = createPriors(RANK);
  priors.weightPrecision.fill(2);
  priors.factorPrecision.fill(2);
  const random = new Random(seed + 100);
  const out = new Float64Array(test.length);
  const testCases = { user: test.user, item: test.item, context: blocks.context?.layout.testRow, out };
  const kernels = createFmKernels(state, priors, random, testCases, compiled);
  const alphas: number[] = [];
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const alpha = 1 + kernels.cases.weightedSquaredResiduals() / state.cases;
    alphas.push(alpha);
    for (let row = 0; row < state.user.rows; row++) state.userWeight[row] = 0.5 + random.uniform();
    refreshWeightedCounts(kernels);
    kernels.cases.updateGlobalBias(alpha, 0);
    updateWeights(kernels, alpha);
    updateFactors(kernels, RANK, alpha);
    refreshCaches(state);
    kernels.test.predict();
  }
  return { alphas: Float64Array.from(alphas), w0: Float64Array.of(state.w0), ...parameters(state), residual: state.residual, test: out };
}

function parameters(state: FmState): Record<string, Float64Array> {
  const context = state.context;
  return {
    userWeights: state.user.weights,
    itemWeights: state.item.weights,
    userFactors: state.user.factors,
    itemFactors: state.item.factors,
    userSums: state.user.sums,
    itemSums: state.item.sums,
    ...(context === null ? {} : { contextWeights: context.weights, contextFactors: context.factors, contextSums: context.sums }),
  };
}
