import * as assert from 'node:assert/strict';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { fineGroupIndex } from '../../../src/core/features/groups';
import type { BlockState, FmState } from '../../../src/core/fm/blockState';
import { withColdRowPriorMeans } from '../../../src/core/fm/coldRows';
import { createFmKernels } from '../../../src/core/fm/coordinateKernel';
import { EmbeddingAccumulator } from '../../../src/core/fm/embedding';
import { createPriors, createState, refreshCaches, stateBlocks } from '../../../src/core/fm/fmState';
import { predictCases } from '../../../src/core/fm/predictions';
import { score } from '../../../src/core/model/embeddingModel';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

const RANK = 3;

/** A state with a context block and random weights and factors (the caches refreshed). */
function randomState(): { state: FmState; test: { user: Int32Array; item: Int32Array; context: Int32Array } } {
  const planted = plantedData({ users: 40, items: 30, ratingsPerUser: 10 });
  const { train, test } = withDays(planted.fold, 6);
  const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'item', 'ratingDate', 'userDay'], test);
  const state = createState(blocks, train.user, train.item, train.rating, RANK, 0.3, new Random(2));
  const random = new Random(3);
  for (const side of stateBlocks(state))
    for (let feature = 0; feature < side.features; feature++) side.weights[feature] = 0.2 * random.normal();
  state.w0 = 3.1;
  refreshCaches(state);
  return { state, test: { user: test.user, item: test.item, context: blocks.context?.layout.testRow ?? new Int32Array(0) } };
}

/** One feature of a case: its weight, factors and value. */
interface Term {
  readonly weight: number;
  readonly factors: ArrayLike<number>;
  readonly x: number;
}

/** The terms of a case's rows (each block's row), plus any `extra` ones. */
function caseTerms(state: FmState, user: number, item: number, context: number, extra: readonly Term[] = []): Term[] {
  const rows: [BlockState, number][] = [
    [state.user, user],
    [state.item, item],
  ];
  if (state.context !== null) rows.push([state.context, context]);
  const terms = [...extra];
  for (const [side, row] of rows) {
    const { offsets, indices, values } = side.block.matrix;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      const feature = indices[entry];
      terms.push({ weight: side.weights[feature], factors: side.factors.subarray(feature * RANK, (feature + 1) * RANK), x: values[entry] });
    }
  }
  return terms;
}

/** ŷ = w0 + Σ w_j x_j + Σ_{j<l} ⟨v_j, v_l⟩ x_j x_l, straight from the definition. */
function bruteForce(w0: number, terms: readonly Term[]): number {
  let value = w0;
  terms.forEach((a, index) => {
    value += a.weight * a.x;
    for (const b of terms.slice(index + 1)) {
      for (let factor = 0; factor < RANK; factor++) value += a.factors[factor] * b.factors[factor] * a.x * b.x;
    }
  });
  return value;
}

describe('FM with a context block: predictions', () => {
  it('the test kernel gives the FM of the concatenated user, film and context rows', () => {
    const { state, test } = randomState();
    const out = new Float64Array(test.user.length);
    createFmKernels(state, createPriors(RANK), null, { ...test, out }).test.predict();
    for (let index = 0; index < out.length; index++) {
      const expected = bruteForce(state.w0, caseTerms(state, test.user[index], test.item[index], test.context[index]));
      assert.ok(Math.abs(out[index] - expected) < 1e-9, `case ${index}: ${out[index]} vs ${expected}`);
    }
  });

  it('the test kernel predicts a case alike whether it is paired with the next one or the odd one out, with and without a context block', () => {
    const withContext = randomState();
    const planted = plantedData({ users: 40, items: 30, ratingsPerUser: 10 });
    const blocks = buildFeatureBlocks(planted.data, planted.fold.train, ['ids', 'user', 'item'], planted.fold.test);
    const plain = createState(
      blocks,
      planted.fold.train.user,
      planted.fold.train.item,
      planted.fold.train.rating,
      RANK,
      0.3,
      new Random(4),
    );
    plain.w0 = 3.1;
    refreshCaches(plain);
    const cases: [FmState, { user: Int32Array; item: Int32Array; context?: Int32Array }][] = [
      [withContext.state, withContext.test],
      [plain, { user: planted.fold.test.user, item: planted.fold.test.item }],
    ];
    for (const [state, test] of cases) {
      const all = new Float64Array(test.user.length);
      createFmKernels(state, createPriors(RANK), null, { ...test, out: all }).test.predict();
      // Five cases: the fifth is predicted alone here, beside the sixth in the full set.
      const few = new Float64Array(5);
      const head = { user: test.user.subarray(0, 5), item: test.item.subarray(0, 5), context: test.context?.subarray(0, 5) };
      createFmKernels(state, createPriors(RANK), null, { ...head, out: few }).test.predict();
      for (let index = 0; index < 5; index++) assert.ok(Object.is(few[index], all[index]), `case ${index}: ${few[index]} vs ${all[index]}`);
    }
  });

  it("the embedding folds the user's latest training day in: μ + b_u′ + b_i + p_u′·q_i is the prediction on that day", () => {
    const { state } = randomState();
    const context = state.context;
    assert.ok(context !== null);
    const embedding = new EmbeddingAccumulator(state.user.rows, state.item.rows, RANK);
    embedding.add(state, true);
    const model = embedding.build({ min: 1, max: 5 });
    const users = Int32Array.from({ length: state.user.rows }, (_, user) => user).filter((user) => context.block.nowRow[user] >= 0);
    assert.ok(users.length > 30);
    const items = Int32Array.from(users, (user) => (user * 7) % state.item.rows);
    const expected = predictCases(
      state,
      { user: users, item: items, context: Int32Array.from(users, (user) => context.block.nowRow[user]) },
      new Float64Array(users.length),
    );
    users.forEach((user, index) => {
      // Float32 storage: agreement to single precision.
      assert.ok(
        Math.abs(score(model, user, items[index]) - expected[index]) < 1e-4,
        `user ${user}: ${score(model, user, items[index])} vs ${expected[index]}`,
      );
    });
  });

  it("a test rating on a day its user has no training rating on takes the missing groups' prior means", () => {
    const { state, test } = randomState();
    const context = state.context;
    assert.ok(context !== null);
    const priors = createPriors(RANK);
    const random = new Random(4);
    for (const group of [fineGroupIndex('ratingDate'), fineGroupIndex('userDay')]) {
      priors.weightMean[group] = random.normal();
      for (let factor = 0; factor < RANK; factor++) priors.factorMean[group * RANK + factor] = random.normal();
    }
    const out = new Float64Array(test.user.length);
    const kernels = createFmKernels(state, priors, null, { ...test, out });
    const before = Float64Array.from([...context.linear, ...context.sums, ...context.squares]);
    withColdRowPriorMeans(state, priors, () => kernels.test.predict());
    const after = Float64Array.from([...context.linear, ...context.sums, ...context.squares]);
    assert.ok(
      after.every((value, index) => Math.abs(value - before[index]) < 1e-12),
      'the means are taken out again',
    );
    let cold = 0;
    for (let index = 0; index < out.length; index++) {
      const row = test.context[index];
      // Each group the row lacks as a feature of value 1 with the group's mean weight and factors.
      const means: Term[] = [];
      context.block.coldRow.forEach((coldRow, pair) => {
        if (coldRow !== row) return;
        const group = context.block.coldGroup[pair];
        means.push({ weight: priors.weightMean[group], factors: priors.factorMean.subarray(group * RANK, (group + 1) * RANK), x: 1 });
      });
      if (means.length > 0) cold++;
      const expected = bruteForce(state.w0, caseTerms(state, test.user[index], test.item[index], row, means));
      assert.ok(Math.abs(out[index] - expected) < 1e-9, `case ${index}: ${out[index]} vs ${expected}`);
    }
    assert.ok(cold > 10, `${cold} test ratings on cold context rows`);
  });
});
