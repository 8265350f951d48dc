import { Random } from '../random';
import { throwIfCancelled, type FitResult, type TrainingHooks } from '../train/types';
import type { FmState, GroupPriors } from './blockState';
import { createFmKernels, refreshWeightedCounts, updateFactors, updateWeights, type FmKernels } from './coordinateKernel';
import { withColdRowPriorMeans } from './coldRows';
import { EmbeddingAccumulator } from './embedding';
import { createPriors, createState, refreshIfDue, residualRmse } from './fmState';
import {
  createPriorScratch,
  sampleFactorPriors,
  sampleNoisePrecision,
  sampleUserNoise,
  sampleWeightPriors,
  type PriorScratch,
} from './hyperpriors';
import { clipToScale, ProgressRecorder, rmseOf, type FmProblem } from './progress';

/** Posterior samples kept (evenly spread after burn-in) for the embedding model. */
export const MAX_KEPT_SAMPLES = 16;

/**
 * Bayesian FM by Gibbs sampling (Freudenthaler, Schmidt-Thieme & Rendle 2011; libFM's MCMC,
 * myFM's sweep order). One iteration draws one sample; test predictions (each clipped to the
 * rating scale) are averaged over every sample after burn-in. No learning rate, no
 * regularization to tune: the per-group hyperpriors learn them.
 */
export function trainFmMcmc(problem: FmProblem, hooks: TrainingHooks | undefined): Omit<FitResult, 'seconds'> {
  const { data, fold, config, blocks } = problem;
  const rank = config.rank;
  const iterations = config.iterations;
  // Validation guarantees 0 ≤ burnIn < iterations.
  const burnIn = config.burnIn;
  const random = new Random(config.seed);
  const state = createState(blocks, fold.train.user, fold.train.item, fold.train.rating, rank, config.initStdev, random.fork(1));
  const sampler = random.fork(2);
  const priors = createPriors(rank);
  priors.weightPrecision.fill(1);
  priors.factorPrecision.fill(1);
  const priorScratch = createPriorScratch(rank);
  const userNoise = config.noise === 'per-user' ? { precision: new Float64Array(state.user.rows), degrees: config.noiseDegrees } : null;

  const averaged = iterations - burnIn;
  const kept = Math.min(MAX_KEPT_SAMPLES, averaged);
  const embedding = new EmbeddingAccumulator(data.users.count, data.items.count, rank);
  const testCount = fold.test.length;
  const sample = new Float64Array(testCount);
  const sum = new Float64Array(testCount);
  const average = new Float64Array(testCount);
  const test = { user: fold.test.user, item: fold.test.item, context: blocks.context?.layout.testRow, out: sample };
  const kernels = createFmKernels(state, priors, sampler, test);
  const recorder = new ProgressRecorder(hooks, iterations);
  let samples = 0;
  let nextKept = 0;

  for (let iteration = 1; iteration <= iterations; iteration++) {
    throwIfCancelled(hooks);
    const nonFinite = sweep(state, kernels, priors, priorScratch, userNoise, sampler);
    refreshIfDue(state, iteration, iterations);
    withColdRowPriorMeans(state, priors, () => kernels.test.predict());
    clipToScale(sample, data.ratingScale);
    let testRmse: number | undefined;
    if (iteration > burnIn) {
      samples++;
      for (let index = 0; index < testCount; index++) {
        sum[index] += sample[index];
        average[index] = sum[index] / samples;
      }
      // Keep sample m (0-based after burn-in) when it is the last of its share of `kept`.
      const keep = nextKept < kept && samples - 1 === Math.floor(((nextKept + 1) * averaged) / kept) - 1;
      if (keep) nextKept++;
      withColdRowPriorMeans(state, priors, () => embedding.add(state, keep));
      testRmse = rmseOf(average, fold.test.rating);
    } else {
      testRmse = rmseOf(sample, fold.test.rating);
    }
    recorder.report(iteration, residualRmse(state), testRmse, nonFinite);
  }
  throwIfCancelled(hooks);
  return { model: embedding.build(data.ratingScale), testPredictions: average, history: recorder.history };
}

/**
 * One Gibbs sweep: noise precision (α, then each user's τ_u with prior degrees ν when `userNoise` is given) →
 * w0 → λ_w, μ_w → w → λ_V, μ_V → V. The kernels draw from `random` too (the same generator).
 */
function sweep(
  state: FmState,
  kernels: FmKernels,
  priors: GroupPriors,
  scratch: PriorScratch,
  userNoise: { readonly precision: Float64Array; readonly degrees: number } | null,
  random: Random,
): number {
  const alpha = sampleNoisePrecision(state.cases, kernels.cases.weightedSquaredResiduals(), random);
  if (userNoise) {
    sampleUserNoise(state, alpha, userNoise.degrees, userNoise.precision, random);
    refreshWeightedCounts(kernels);
  }
  let nonFinite = kernels.cases.updateGlobalBias(alpha, 0);
  sampleWeightPriors(state, priors, scratch, random);
  nonFinite += updateWeights(kernels, alpha);
  sampleFactorPriors(state, priors, scratch, random);
  nonFinite += updateFactors(kernels, state.rank, alpha);
  return nonFinite;
}
