import type { MovieLensData, Ratings } from '../data/types';
import type { OrdinalScale } from '../model/ordinalScale';
import type { Random } from '../random';
import { normalCdf } from '../stats/normal';
import type { FmState, RowIndices } from './blockState';
import { OrderedProbit } from './orderedProbit';
import { ratingLevels, type RatingLevels } from './ratingLevels';

const TRAIN_RMSE_STRIDE = 16;
/**
 * Sweeps between draws of the cut-points (the latent z are drawn every sweep). A draw takes two
 * passes over the training cases with four exps and a log each (11 ms on u1, as much as the rest
 * of a sweep), while the cut-points, pinned down by 80 000 ratings to about 0.01, move only as ŷ
 * does. Drawing them every 4th sweep is still an exact sampler (a fixed scan of Gibbs and
 * Metropolis-Hastings steps); on u1 (ids, side, implicit, 200 samples, seeds 1 and 2) it gave
 * 0.8941 and 0.8946 against 0.8939 and 0.8953 every sweep, at 23 ms against 32 per iteration.
 */
const CUT_POINT_INTERVAL = 4;

/**
 * MCMC's ordinal likelihood (likelihood 'ordinal'): the state's targets become the latent z of
 * an ordered probit (orderedProbit.ts) over the data's rating levels, redrawn at the start of
 * every sweep with the cut-points; the FM fits them with noise precision 1. Test predictions are
 * each sample's class probabilities, averaged over the samples after burn-in: the posterior
 * predictive distribution per test rating, whose mean is the predicted rating.
 */
export class OrdinalLikelihood {
  readonly levels: RatingLevels;
  readonly probit: OrderedProbit;
  private readonly prediction: Float64Array;
  private readonly noiseScale: Float64Array;
  private readonly probabilitySum: Float64Array;
  private readonly sampleProbabilities: Float64Array;
  private readonly cutPointSum: Float64Array;
  private readonly userScaleSum: Float64Array;
  /** Each training case's rating (the state's targets become latent). */
  private readonly ratings: Float64Array;
  /** The state's targets, z once sampled (doubles: createState was asked for latent targets). */
  private readonly latent: Float64Array;
  private samples = 0;
  private sweeps = 0;

  /** Reads the levels from `train` (the state's targets are still the ratings) and starts the cut-points at their mode. */
  constructor(
    data: MovieLensData,
    train: Ratings,
    private readonly state: FmState,
    private readonly testCount: number,
  ) {
    if (!(state.target instanceof Float64Array)) throw new TypeError('OrdinalLikelihood: the state needs latent (Float64) targets');
    this.latent = state.target;
    this.levels = ratingLevels(data, train);
    const caseLevel = Int32Array.from(state.target, this.levels.levelOf);
    this.ratings = Float64Array.from(caseLevel, (level) => this.levels.values[level]);
    this.probit = new OrderedProbit(this.levels.values.length, caseLevel);
    this.prediction = new Float64Array(state.cases);
    this.noiseScale = new Float64Array(state.cases).fill(1);
    const levelCount = this.levels.values.length;
    this.probabilitySum = new Float64Array(testCount * levelCount);
    this.sampleProbabilities = new Float64Array(testCount * levelCount);
    this.cutPointSum = new Float64Array(levelCount - 1);
    this.userScaleSum = new Float64Array(state.user.rows);
    this.readPredictions();
    this.probit.start(this.prediction, this.noiseScale);
  }

  /**
   * The sweep's first step: cut-points given ŷ (z marginalized), then each case's z given them,
   * into the state's targets; the residuals become z − ŷ.
   */
  sampleLatent(random: Random): void {
    const { state, prediction } = this;
    this.readPredictions();
    if (this.sweeps++ % CUT_POINT_INTERVAL === 0) this.probit.sampleCutPoints(prediction, this.noiseScale, random);
    this.probit.sampleLatent(prediction, this.noiseScale, random, this.latent);
    const { residual } = state;
    const target = this.latent;
    for (let index = 0; index < state.cases; index++) residual[index] = target[index] - prediction[index];
  }

  /**
   * The current sample's training RMSE in ratings (expected level against the rating), over
   * every TRAIN_RMSE_STRIDE-th training case: a progress figure, at a sixteenth of the cost.
   */
  trainRmse(): number {
    const { residual, userWeight, cases } = this.state;
    return sampledRmse(
      this.latent,
      residual,
      userWeight,
      this.state.user.caseRow,
      cases,
      this.probit.cutPoints,
      this.levels.values,
      this.ratings,
    );
  }

  /** ŷ = z − e from the state, and √τ_c from its user's weight. */
  private readPredictions(): void {
    const { target, residual, userWeight, cases } = this.state;
    const userRow = this.state.user.caseRow;
    for (let index = 0; index < cases; index++) {
      this.prediction[index] = target[index] - residual[index];
      this.noiseScale[index] = Math.sqrt(userWeight[userRow[index]]);
    }
  }

  /**
   * One sample's test predictions (`latent`, ŷ of each test rating; `testUser` its user row;
   * `userPrecision` τ_u per user, null for shared noise) as class probabilities with the current
   * cut-points; `keep`: add them to the posterior average. Writes the expected rating of the
   * average so far (of this sample alone before any is kept) into `out`.
   */
  addTestSample(latent: Float64Array, testUser: Int32Array, userPrecision: Float64Array | null, keep: boolean, out: Float64Array): void {
    const levelCount = this.levels.values.length;
    const cutPoints = this.probit.cutPoints;
    const cutCount = cutPoints.length;
    const { probabilitySum } = this;
    const values = this.levels.values;
    if (keep) this.samples++;
    const divisor = this.samples > 0 ? this.samples : 1;
    const probabilities = this.sampleProbabilities;
    // One pass per case (Φ at the cut-points, the levels by differences, the running sum, the
    // expected rating): the arithmetic of each figure is as before, the arrays are read once.
    for (let index = 0; index < this.testCount; index++) {
      const scale = userPrecision === null ? 1 : Math.sqrt(userPrecision[testUser[index]]);
      const mean = latent[index];
      const base = index * levelCount;
      const source = this.samples > 0 ? probabilitySum : probabilities;
      let below = 0;
      let expected = 0;
      for (let level = 0; level < levelCount; level++) {
        const cumulative = level < cutCount ? normalCdf(scale * (cutPoints[level] - mean)) : 1;
        const probability = cumulative - below;
        below = cumulative;
        if (keep) probabilitySum[base + level] += probability;
        else probabilities[base + level] = probability;
        expected += values[level] * source[base + level];
      }
      out[index] = expected / divisor;
    }
    if (keep) {
      for (let cut = 0; cut < cutCount; cut++) this.cutPointSum[cut] += cutPoints[cut];
      for (let row = 0; row < this.userScaleSum.length; row++)
        this.userScaleSum[row] += userPrecision === null ? 1 : Math.sqrt(userPrecision[row]);
    }
  }

  /** The averaged class probabilities of the test ratings (test-major, one per level). */
  testDistribution(): { readonly levels: Float64Array; readonly probabilities: Float32Array } {
    const divisor = Math.max(1, this.samples);
    return { levels: this.levels.values, probabilities: Float32Array.from(this.probabilitySum, (sum) => sum / divisor) };
  }

  /** The model's plug-in scale: posterior means of the cut-points and of each user's √τ_u (per-user noise). */
  scale(perUserNoise: boolean): OrdinalScale {
    const divisor = Math.max(1, this.samples);
    return {
      levels: Float32Array.from(this.levels.values),
      cutPoints: Float32Array.from(this.cutPointSum, (sum) => sum / divisor),
      ...(perUserNoise ? { userScale: Float32Array.from(this.userScaleSum, (sum) => sum / divisor) } : {}),
    };
  }
}

/**
 * trainRmse over every TRAIN_RMSE_STRIDE-th case; a plain function over arrays, which V8 keeps
 * optimized from one call to the next (the method deoptimized on every call).
 */
function sampledRmse(
  target: Float64Array,
  residual: Float64Array,
  userWeight: Float64Array,
  userRow: RowIndices,
  cases: number,
  cutPoints: Float64Array,
  values: Float64Array,
  ratings: Float64Array,
): number {
  let total = 0;
  let count = 0;
  for (let index = 0; index < cases; index += TRAIN_RMSE_STRIDE) {
    const latent = target[index] - residual[index];
    const scale = Math.sqrt(userWeight[userRow[index]]);
    let expected = values[0];
    for (let cut = 0; cut < cutPoints.length; cut++)
      expected += (values[cut + 1] - values[cut]) * (1 - normalCdf(scale * (cutPoints[cut] - latent)));
    total += (expected - ratings[index]) ** 2;
    count++;
  }
  return Math.sqrt(total / Math.max(1, count));
}
