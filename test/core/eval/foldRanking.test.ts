import assert from 'node:assert/strict';
import type { Fold } from '../../../src/core/data/types';
import { embeddingScorer, popularityScorer, rankFold } from '../../../src/core/eval/foldRanking';
import { SCORE_GROUP } from '../../../src/core/eval/wasmScorer';
import type { RankingFigures } from '../../../src/core/eval/types';
import type { EmbeddingModel } from '../../../src/core/model/embeddingModel';
import { dataOf, ratingsOf } from './fixtures';
import { Random } from '../../../src/core/random';

const log2 = Math.log2;

function assertFigures(actual: RankingFigures, expected: Omit<RankingFigures, 'users'>, users: number): void {
  assert.equal(actual.users, users);
  for (const key of ['precisionAt10', 'recallAt10', 'ndcgAt10', 'map'] as const) {
    assert.ok(Math.abs(actual[key] - expected[key]) < 1e-12, `${key}: ${actual[key]} vs ${expected[key]}`);
  }
}

describe('ranking figures of a fold', () => {
  // Three users, four films. Training: user 0 rated film 0; user 1 films 0 and 1; user 2 film 2.
  // Test: user 0 rated film 1 (5), film 2 (2) and film 3 (4); user 1 film 3 (2, not relevant);
  // user 2 nothing.
  const train = ratingsOf([0, 1, 1, 2], [0, 0, 1, 2], [5, 3, 4, 2]);
  const test = ratingsOf([0, 0, 0, 1], [1, 2, 3, 3], [5, 2, 4, 2]);
  const data = dataOf(ratingsOf([], [], []), 3, 4);
  const fold: Fold = { name: 'tiny', train, test };
  // One factor: user 0 scores films 0..3 as 0, 1, 3, 2 (user 1 as 0, -1, -3, -2; user 2 as 0).
  const model: EmbeddingModel = {
    kind: 'svd',
    userCount: 3,
    itemCount: 4,
    dimension: 1,
    globalBias: 0,
    userBias: new Float32Array(3),
    itemBias: new Float32Array(4),
    userFactors: Float32Array.from([1, -1, 0]),
    itemFactors: Float32Array.from([0, 1, 3, 2]),
    ratingScale: { min: 1, max: 5 },
  };

  it('model: test films and unrated films by hand; a user without relevant films is left out of the means', () => {
    const ranking = rankFold(data, fold, model);
    // User 0's test films ranked: film 2 (not), film 3 (relevant), film 1 (relevant). User 1 has no
    // relevant test film and user 2 no test film: the means are over user 0 alone.
    const userZero = {
      precisionAt10: 2 / 10,
      recallAt10: 1,
      ndcgAt10: (1 / log2(3) + 1 / log2(4)) / (1 + 1 / log2(3)),
      map: (1 / 2 + 2 / 3) / 2,
    };
    assertFigures(ranking.testFilms, userZero, 1);
    // Unrated by user 0 in training: films 1, 2, 3, the same list. Film 0, rated in training by
    // both test users, is nobody's candidate: coverage 3 of 4 films.
    assertFigures(ranking.unratedFilms, userZero, 1);
    assert.equal(ranking.unratedFilms.rankedUsers, 2);
    assert.equal(ranking.unratedFilms.coverage, 3 / 4);
    assert.equal(ranking.sampled, false);
    assert.ok(ranking.seconds >= 0);
  });

  it('popularity: films by training rating count, ties scored as the mean over their orders', () => {
    const { popularity } = rankFold(data, fold, model);
    // Counts 2, 1, 1, 0. User 0's test films: films 1 (relevant) and 2 tie at 1, film 3 (relevant) last.
    // All three are in the top 10; the tied pair at positions 1-2 holds one relevant film, which
    // gets half of each of their discounts, and precision 1 or 1/2 at its position.
    const tiedAveragePrecision = (1 / 1 + 1 / 2) / 2;
    const expected = {
      precisionAt10: 2 / 10,
      recallAt10: 1,
      ndcgAt10: (0.5 * (1 + 1 / log2(3)) + 1 / log2(4)) / (1 + 1 / log2(3)),
      map: (tiedAveragePrecision + 2 / 3) / 2,
    };
    assertFigures(popularity.testFilms, expected, 1);
    assertFigures(popularity.unratedFilms, expected, 1);
    // Top lists: user 0 films 1, 2, 3; user 1 films 2, 3. Film 0 again uncovered.
    assert.equal(popularity.unratedFilms.coverage, 3 / 4);
  });

  it('over budget: an evenly spaced sample of the test users, the same for the model and the baseline', () => {
    // Budget for one user: 4 films × (dimension 1 + 2) multiply-adds.
    const ranking = rankFold(data, fold, model, 12);
    assert.equal(ranking.sampled, true);
    assert.equal(ranking.unratedFilms.rankedUsers, 1);
    assert.equal(ranking.popularity.unratedFilms.rankedUsers, 1);
    // The first test user is user 0: the sample still holds the one user with relevant films.
    assert.equal(ranking.unratedFilms.users, 1);
    assert.equal(ranking.unratedFilms.coverage, 3 / 4);
    // The test-films protocol is cheap and never sampled.
    assert.equal(ranking.testFilms.users, 1);
  });

  it('scorers: the embedding scores μ + b_u + b_i + p_u·q_i unclipped; popularity counts training ratings', () => {
    const biased = { ...model, globalBias: 4, itemBias: Float32Array.from([0, 0, 1, 0]) };
    const scorer = embeddingScorer(biased);
    assert.equal(scorer.score(0, 2), 4 + 1 + 3);
    const all = new Float64Array(4);
    scorer.scoreAll(1, all);
    assert.deepEqual([...all], [4, 3, 2, 2]);
    popularityScorer(train, 4).scoreAll(0, all);
    assert.deepEqual([...all], [2, 1, 1, 0]);
  });

  for (const path of ['WebAssembly', 'JavaScript'] as const) {
    it(`scoreAll and scoreGroup (${path}) give score() bit for bit, on every film of a random embedding, groups of 1 to 4 users`, () => {
      const random = new Random(9);
      // Without WebAssembly the embedding scorer takes its JavaScript loops (users two at a time).
      const hidden = path === 'JavaScript' ? hideWebAssembly() : () => undefined;
      try {
        for (const [itemCount, dimension] of [
          [11, 7],
          [9, 32],
          [3, 5],
        ]) {
          const userCount = 5;
          const embedding = randomEmbedding(model, userCount, itemCount, dimension, () => random.normal());
          const scorer = embeddingScorer(embedding);
          const outs = Array.from({ length: SCORE_GROUP }, () => new Float64Array(itemCount).fill(NaN));
          const alone = new Float64Array(itemCount);
          for (let count = 1; count <= SCORE_GROUP; count++) {
            // Users out of order, so that a lane given the wrong user shows.
            const users = Int32Array.from([4, 2, 0, 3].slice(0, count));
            scorer.scoreGroup(users, count, outs);
            for (let lane = 0; lane < count; lane++) {
              const user = users[lane];
              scorer.scoreAll(user, alone);
              for (let item = 0; item < itemCount; item++) {
                assert.ok(Object.is(outs[lane][item], scorer.score(user, item)), `group of ${count}: user ${user} film ${item}`);
                assert.ok(Object.is(alone[item], scorer.score(user, item)), `all: user ${user} film ${item}`);
              }
            }
          }
        }
      } finally {
        hidden();
      }
    });
  }

  it("test films from the unrated pass's scores give what scoring each test film gives, to the last bit", () => {
    // Every test user ranked: the test-films protocol takes its scores from the scoring of every
    // film. A budget of one user leaves them to rankTestFilms, which scores each test film alone.
    const random = new Random(23);
    for (let trial = 0; trial < 10; trial++) {
      const userCount = 5 + (random.nextUint32() % 20);
      const itemCount = 3 + (random.nextUint32() % 40);
      const dimension = 1 + (random.nextUint32() % 24);
      // Rounded factors: ties among a user's films, which the tie-aware metrics must see alike.
      const embedding = randomEmbedding(model, userCount, itemCount, dimension, () => Math.round(2 * random.normal()) / 2);
      const trialData = dataOf(ratingsOf([], [], []), userCount, itemCount);
      const trialFold = randomFold(random, `random ${trial}`, userCount, itemCount, 0.5, 0.4);
      const whole = rankFold(trialData, trialFold, embedding);
      const sampled = rankFold(trialData, trialFold, embedding, itemCount * (dimension + 2));
      assert.equal(whole.sampled, false);
      assert.equal(sampled.sampled, trialFold.test.length > 0 && new Set(trialFold.test.user).size > 1);
      assert.ok(whole.testFilms.users > 0 || trialFold.test.length === 0, `trial ${trial}: some relevant test film`);
      assert.deepEqual(whole.testFilms, sampled.testFilms, `trial ${trial}`);
    }
  });

  it('popularity through its shared order gives what the per-user path gives for the same scores, to the last bit', () => {
    // A model whose every score is the film's training count (its item bias, factors zero) is ranked
    // film by film per user; popularity is ranked from one order of the films: the figures must agree.
    const random = new Random(17);
    for (let trial = 0; trial < 20; trial++) {
      const userCount = 3 + (random.nextUint32() % 12);
      const itemCount = 2 + (random.nextUint32() % 25);
      const trialFold = randomFold(random, `random ${trial}`, userCount, itemCount, 0.4, 0.3);
      const counts = new Float32Array(itemCount);
      for (let index = 0; index < trialFold.train.length; index++) counts[trialFold.train.item[index]]++;
      const countModel: EmbeddingModel = {
        ...model,
        userCount,
        itemCount,
        userBias: new Float32Array(userCount),
        itemBias: counts,
        userFactors: new Float32Array(userCount),
        itemFactors: new Float32Array(itemCount),
      };
      const ranking = rankFold(dataOf(ratingsOf([], [], []), userCount, itemCount), trialFold, countModel);
      assert.deepEqual(ranking.popularity, { testFilms: ranking.testFilms, unratedFilms: ranking.unratedFilms }, `trial ${trial}`);
    }
  });
});

/**
 * A fold of random ratings: each (user, film) rated (1 to 5) unless a uniform draw falls under
 * `skip`, and in the test part when another falls under `testShare`.
 */
function randomFold(random: Random, name: string, userCount: number, itemCount: number, skip: number, testShare: number): Fold {
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let user = 0; user < userCount; user++) {
    for (let item = 0; item < itemCount; item++) {
      if (random.uniform() < skip) continue;
      users.push(user);
      items.push(item);
      values.push(1 + (random.nextUint32() % 5));
    }
  }
  const isTest = users.map(() => random.uniform() < testShare);
  const part = (test: boolean) =>
    ratingsOf(
      users.filter((_, index) => isTest[index] === test),
      items.filter((_, index) => isTest[index] === test),
      values.filter((_, index) => isTest[index] === test),
    );
  return { name, train: part(false), test: part(true) };
}

/** `base` with μ = 3.6 and every bias and factor drawn by `draw` (users' biases, films', then the factors). */
function randomEmbedding(
  base: EmbeddingModel,
  userCount: number,
  itemCount: number,
  dimension: number,
  draw: () => number,
): EmbeddingModel {
  const fill = (length: number) => Float32Array.from({ length }, draw);
  return {
    ...base,
    userCount,
    itemCount,
    dimension,
    globalBias: 3.6,
    userBias: fill(userCount),
    itemBias: fill(itemCount),
    userFactors: fill(userCount * dimension),
    itemFactors: fill(itemCount * dimension),
  };
}

/** Hides WebAssembly from the code under test until the returned function puts it back. */
function hideWebAssembly(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly');
  Reflect.deleteProperty(globalThis, 'WebAssembly');
  return () => {
    if (descriptor !== undefined) Object.defineProperty(globalThis, 'WebAssembly', descriptor);
  };
}
