import { Random } from '../random';
import { throwIfCancelled, type FitResult, type TrainingHooks } from '../train/types';
import { EmbeddingAccumulator } from './embedding';
import type { BlockState } from './blockState';
import { createState, featureSupport, refreshCaches, residualRmse } from './fmState';
import { predictCases } from './predictions';
import { clipToScale, ProgressRecorder, rmseOf, type FmProblem } from './progress';
import { resolveRegularization, type GroupRegularization } from './regularization';

/**
 * A feature met n_j times per epoch (Σ x² over cases) steps with η·min(1, √(reference / n_j)):
 * a side feature shared by 40 000 ratings would otherwise end every epoch jittering by 40 000
 * noisy steps, which cost 0.03 RMSE on ml-100k u1; ids (about 50 ratings each) keep η.
 */
export const SGD_STEP_REFERENCE = 50;

/**
 * FM by stochastic gradient descent (Rendle, "Factorization Machines with libFM", TIST 2012):
 * per case, with error d = ŷ − y and s_f the case's factor sums,
 *   w0 −= η (d + λ0 w0),  w_j −= η (d x_j + λ_g w_j),  v_jf −= η (d x_j (s_f − v_jf x_j) + λ_g v_jf)
 * over the features of the case's user row, item row (and context row), η scaled down for
 * frequent features. Cases in a fresh seeded order each epoch.
 */
export function trainFmSgd(problem: FmProblem, hooks: TrainingHooks | undefined): Omit<FitResult, 'seconds'> {
  const { data, fold, config, blocks } = problem;
  const rank = config.rank;
  const regularization = resolveRegularization(config, 'sgd');
  const random = new Random(config.seed);
  const state = createState(blocks, fold.train.user, fold.train.item, fold.train.rating, rank, config.initStdev, random.fork(1), {
    wasm: false,
  });
  const shuffler = random.fork(3);
  const user = new SgdBlock(state.user, rank, regularization);
  const item = new SgdBlock(state.item, rank, regularization);
  const context = state.context === null ? null : new SgdBlock(state.context, rank, regularization);
  const contextCaseRow = state.context === null ? new Int32Array(0) : state.context.caseRow;
  const testRows = { user: fold.test.user, item: fold.test.item, context: blocks.context === null ? null : blocks.context.layout.testRow };
  const sums = new Float64Array(rank);
  const predictions = new Float64Array(fold.test.length);
  const recorder = new ProgressRecorder(hooks, config.iterations);
  let w0 = mean(state.target);

  for (let iteration = 1; iteration <= config.iterations; iteration++) {
    throwIfCancelled(hooks);
    const order = shuffler.permutation(state.cases);
    let nonFinite = 0;
    for (let position = 0; position < order.length; position++) {
      const index = order[position];
      const userRow = state.user.caseRow[index];
      const itemRow = state.item.caseRow[index];
      sums.fill(0);
      let prediction = w0 + user.partial(userRow, sums) + item.partial(itemRow, sums);
      if (context !== null) prediction += context.partial(contextCaseRow[index], sums);
      for (let factor = 0; factor < rank; factor++) prediction += 0.5 * sums[factor] * sums[factor];
      const error = prediction - state.target[index];
      if (!Number.isFinite(error)) {
        nonFinite++;
        continue;
      }
      const bias = w0 - config.learningRate * (error + regularization.bias * w0);
      if (Number.isFinite(bias)) w0 = bias;
      else nonFinite++;
      nonFinite += user.step(userRow, error, sums, config.learningRate);
      nonFinite += item.step(itemRow, error, sums, config.learningRate);
      if (context !== null) nonFinite += context.step(contextCaseRow[index], error, sums, config.learningRate);
    }
    state.w0 = w0;
    refreshCaches(state);
    clipToScale(predictCases(state, testRows, predictions), data.ratingScale);
    recorder.report(iteration, residualRmse(state), rmseOf(predictions, fold.test.rating), nonFinite);
  }
  throwIfCancelled(hooks);
  const embedding = new EmbeddingAccumulator(data.users.count, data.items.count, rank);
  embedding.add(state, true);
  return { model: embedding.build(data.ratingScale), testPredictions: predictions, history: recorder.history };
}

/** One block's SGD steps, with per-feature regularization and step size looked up once. */
class SgdBlock {
  private readonly factors: Float64Array;
  private readonly weightLambda: Float64Array;
  private readonly factorLambda: Float64Array;
  private readonly rateScale: Float64Array;

  constructor(
    private readonly state: BlockState,
    private readonly rank: number,
    regularization: GroupRegularization,
  ) {
    const { features } = state;
    this.factors = state.factors;
    this.weightLambda = new Float64Array(features);
    this.factorLambda = new Float64Array(features);
    this.rateScale = new Float64Array(features);
    const support = featureSupport(state);
    for (let feature = 0; feature < features; feature++) {
      this.rateScale[feature] = 1 / Math.sqrt(Math.max(1, support[feature] / SGD_STEP_REFERENCE));
    }
    for (let feature = 0; feature < features; feature++) {
      const group = state.block.featureGroup[feature];
      this.weightLambda[feature] = regularization.weight[group];
      this.factorLambda[feature] = regularization.factor[group];
    }
  }

  /** Adds the row's Σ v_f x to `sums`; returns Σ w x − ½ Σ_f Σ v_f² x². */
  partial(row: number, sums: Float64Array): number {
    const { offsets, indices, values } = this.state.block.matrix;
    const weights = this.state.weights;
    const factors = this.factors;
    const rank = this.rank;
    let total = 0;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const feature = indices[entry];
      const x = values[entry];
      total += weights[feature] * x;
      const base = feature * rank;
      for (let factor = 0; factor < rank; factor++) {
        const term = factors[base + factor] * x;
        sums[factor] += term;
        total -= 0.5 * term * term;
      }
    }
    return total;
  }

  /** One gradient step on the row's features; returns the count of reverted non-finite values. */
  step(row: number, error: number, sums: Float64Array, learningRate: number): number {
    const { offsets, indices, values } = this.state.block.matrix;
    const weights = this.state.weights;
    const factors = this.factors;
    const weightLambda = this.weightLambda;
    const factorLambda = this.factorLambda;
    const rank = this.rank;
    let nonFinite = 0;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const feature = indices[entry];
      const x = values[entry];
      const gradient = error * x;
      const rate = learningRate * this.rateScale[feature];
      const weight = weights[feature] - rate * (gradient + weightLambda[feature] * weights[feature]);
      if (Number.isFinite(weight)) weights[feature] = weight;
      else nonFinite++;
      const base = feature * rank;
      const lambda = factorLambda[feature];
      for (let factor = 0; factor < rank; factor++) {
        const old = factors[base + factor];
        const value = old - rate * (gradient * (sums[factor] - old * x) + lambda * old);
        if (Number.isFinite(value)) factors[base + factor] = value;
        else nonFinite++;
      }
    }
    return nonFinite;
  }
}

function mean(values: Float64Array | Float32Array): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index];
  return values.length > 0 ? total / values.length : 0;
}
