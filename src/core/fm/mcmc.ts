import { Random } from '../random';
import { throwIfCancelled, type FitResult, type TrainingHooks } from '../train/types';
import type { FmState, GroupPriors } from './blockState';
import { createFmKernels, refreshWeightedCounts, updateFactors, updateWeights, type FmKernels } from './coordinateKernel';
import { withColdRowPriorMeans } from './coldRows';
import { accumulate, EmbeddingAccumulator } from './embedding';
import { createPriors, createState, refreshIfDue, residualRmse } from './fmState';
import {
  createPriorScratch,
  sampleFactorPriors,
  sampleNoisePrecision,
  sampleUserNoise,
  sampleWeightPriors,
  type PriorScratch,
} from './hyperpriors';
import { OrdinalLikelihood } from './ordinalLikelihood';
import { clipToScale, ProgressRecorder, rmseOf, rmseOfMean, type FmProblem } from './progress';

/** Posterior samples kept (evenly spread after burn-in) for the embedding model. */
export const MAX_KEPT_SAMPLES = 16;

/**
 * Bayesian FM by Gibbs sampling (Freudenthaler, Schmidt-Thieme & Rendle 2011; libFM's MCMC,
 * myFM's sweep order). One iteration draws one sample; test predictions (each clipped to the
 * rating scale) are averaged over every sample after burn-in. No learning rate, no
 * regularization to tune: the per-group hyperpriors learn them. With likelihood 'ordinal' the
 * ratings are ordered levels (ordinalLikelihood.ts): the targets are latent, w0 stays 0 (the
 * cut-points place the levels), α = 1, and the test predictions are expected levels.
 */
export function trainFmMcmc(problem: FmProblem, hooks: TrainingHooks | undefined): Omit<FitResult, 'seconds'> {
  const { data, fold, config, blocks } = problem;
  const rank = config.rank;
  const iterations = config.iterations;
  // Validation guarantees 0 ≤ burnIn < iterations.
  const burnIn = config.burnIn;
  const random = new Random(config.seed);
  const ordinalLikelihood = config.likelihood === 'ordinal';
  const state = createState(blocks, fold.train.user, fold.train.item, fold.train.rating, rank, config.initStdev, random.fork(1), {
    latentTargets: ordinalLikelihood,
    testCases: fold.test.length,
  });
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
  // One array besides the sample (40 MB at 5M test ratings): the Gaussian posterior mean is read
  // as sum / samples where needed (the same values), the ordinal likelihood writes its mean here.
  const posterior = new Float64Array(testCount);
  const test = { user: fold.test.user, item: fold.test.item, context: blocks.context?.layout.testRow, out: sample };
  const kernels = createFmKernels(state, priors, sampler, test);
  const ordinal = ordinalLikelihood
    ? { likelihood: new OrdinalLikelihood(data, fold.train, state, testCount), random: random.fork(4) }
    : null;
  const recorder = new ProgressRecorder(hooks, iterations);
  let samples = 0;
  let nextKept = 0;

  for (let iteration = 1; iteration <= iterations; iteration++) {
    throwIfCancelled(hooks);
    if (ordinal !== null) ordinal.likelihood.sampleLatent(ordinal.random);
    const nonFinite = sweep(state, kernels, priors, priorScratch, userNoise, sampler, ordinal === null);
    refreshIfDue(state, iteration, iterations);
    withColdRowPriorMeans(state, priors, () => kernels.test.predict());
    if (ordinal === null) clipToScale(sample, data.ratingScale);
    else ordinal.likelihood.addTestSample(sample, fold.test.user, userNoise?.precision ?? null, iteration > burnIn, posterior);
    if (iteration > burnIn) {
      samples++;
      // A call, not a loop here: V8's OSR code of such an inner loop deoptimized where it ended,
      // several times a fold (Node 24, --trace-deopt).
      if (ordinal === null) accumulate(posterior, sample);
      // Keep sample m (0-based after burn-in) when it is the last of its share of `kept`.
      const keep = nextKept < kept && samples - 1 === Math.floor(((nextKept + 1) * averaged) / kept) - 1;
      if (keep) nextKept++;
      withColdRowPriorMeans(state, priors, () => embedding.add(state, keep));
    }
    // The ordinal likelihood's mean holds the current sample's expected ratings during burn-in.
    const testRmse =
      ordinal !== null
        ? rmseOf(posterior, fold.test.rating)
        : iteration > burnIn
          ? rmseOfMean(posterior, samples, fold.test.rating)
          : rmseOf(sample, fold.test.rating);
    const trainRmse = ordinal === null ? residualRmse(state) : ordinal.likelihood.trainRmse();
    recorder.report(iteration, trainRmse, testRmse, nonFinite);
  }
  throwIfCancelled(hooks);
  const model = embedding.build(data.ratingScale);
  if (ordinal === null) {
    for (let index = 0; index < testCount; index++) posterior[index] /= samples;
    return { model, testPredictions: posterior, history: recorder.history };
  }
  return {
    model: { ...model, ordinal: ordinal.likelihood.scale(userNoise !== null) },
    testPredictions: posterior,
    history: recorder.history,
    ratingDistribution: ordinal.likelihood.testDistribution(),
  };
}

/**
 * One Gibbs sweep: noise precision (α, then each user's τ_u with prior degrees ν when `userNoise` is given) →
 * w0 → λ_w, μ_w → w → λ_V, μ_V → V. The kernels draw from `random` too (the same generator).
 * `gaussian` false (the ordinal likelihood): α = 1 and w0 = 0 stay as they are.
 */
function sweep(
  state: FmState,
  kernels: FmKernels,
  priors: GroupPriors,
  scratch: PriorScratch,
  userNoise: { readonly precision: Float64Array; readonly degrees: number } | null,
  random: Random,
  gaussian: boolean,
): number {
  const alpha = gaussian ? sampleNoisePrecision(state.cases, kernels.cases.weightedSquaredResiduals(), random) : 1;
  if (userNoise) {
    sampleUserNoise(state, alpha, userNoise.degrees, userNoise.precision, random);
    refreshWeightedCounts(kernels);
  }
  let nonFinite = gaussian ? kernels.cases.updateGlobalBias(alpha, 0) : 0;
  sampleWeightPriors(state, priors, scratch, random);
  nonFinite += updateWeights(kernels, alpha);
  sampleFactorPriors(state, priors, scratch, random);
  nonFinite += updateFactors(kernels, state.rank, alpha);
  return nonFinite;
}
