import assert from 'node:assert/strict';
import type { Fold, MovieLensData } from '../../../src/core/data/types';
import { Gender } from '../../../src/core/data/types';
import { trainModel } from '../../../src/core/eval/trainModel';
import { validateModelConfig } from '../../../src/core/config/modelConfig';
import type { EmbeddingModel } from '../../../src/core/model/embeddingModel';
import { score } from '../../../src/core/model/embeddingModel';
import { expectedRating } from '../../../src/core/model/ordinalScale';
import { spotCheck } from '../../../src/core/recommend/spotCheck';
import { encodeNewUser, newUserProblems, newUserRow } from '../../../src/core/recommend/newUser';
import { whatIf } from '../../../src/core/recommend/whatIf';
import type { NewUser } from '../../../src/core/recommend/newUser';
import { fmConfig, plantedData, toStars } from '../fm/plantedData';

/** A user of the data as a new user: their demographics and, if asked, the films they rated in training. */
function asNewUser(data: MovieLensData, fold: Fold, user: number, withLiked: boolean): NewUser {
  const demographics = data.users.demographics;
  assert.ok(demographics !== null);
  const liked: number[] = [];
  for (let index = 0; index < fold.train.length; index++) {
    if (fold.train.user[index] === user) liked.push(data.items.rawId[fold.train.item[index]]);
  }
  return {
    age: demographics.age[user],
    gender: demographics.gender[user] === Gender.Female ? 'F' : 'M',
    occupation: demographics.occupations[demographics.occupation[user]],
    zip: demographics.zip[user],
    liked: withLiked ? liked : [],
  };
}

/** Largest difference between the new user's row and the model's row of `user`, bias and factors. */
function rowDifference(model: EmbeddingModel, user: number, newUser: NewUser): number {
  const row = newUserRow(model, newUser);
  assert.ok(row !== undefined, 'the model keeps its user-side parameters');
  let largest = Math.abs(row.bias - model.userBias[user]);
  for (let factor = 0; factor < model.dimension; factor++) {
    largest = Math.max(largest, Math.abs(row.factors[factor] - model.userFactors[user * model.dimension + factor]));
  }
  return largest;
}

/** Users with no training rating in the fold. */
function coldUsers(data: MovieLensData, fold: Fold): number[] {
  const rated = new Set(fold.train.user);
  return Array.from({ length: data.users.count }, (_, user) => user).filter((user) => !rated.has(user));
}

describe("what-if: a new user from the FM's user-side parameters", function () {
  this.timeout(120_000);
  const planted = plantedData({ users: 120, items: 60, ratingsPerUser: 20, sparseUsers: 30, seed: 5 });
  const { data, fold } = planted;
  const cold = coldUsers(data, fold);

  it('has cold users to compare with (the planted data gives some users no training rating)', () => {
    assert.ok(cold.length >= 3, `${cold.length} cold users`);
  });

  it("a user's exact features and training films give that user's row (no ids: every row is a cold row), MCMC with every sample kept", () => {
    // 12 samples after burn-in, all kept (at most 16 are): the pairwise part averages the same samples.
    const model = trainModel(data, fold, fmConfig({ features: ['user', 'item', 'implicit'], iterations: 16, burnIn: 4 })).model;
    for (const user of [0, 7, 42, 88]) {
      const difference = rowDifference(model, user, asNewUser(data, fold, user, true));
      assert.ok(difference < 1e-4, `user ${user}: rows differ by ${difference}`);
    }
    // Without the liked films the row is not the user's: the implicit part matters.
    assert.ok(rowDifference(model, 7, asNewUser(data, fold, 7, false)) > 1e-2);
  });

  it("with ids, a cold user's demographics give its cold row, the id prior's means included (MCMC)", () => {
    const model = trainModel(data, fold, fmConfig({ features: ['ids', 'user', 'item', 'implicit'], iterations: 16, burnIn: 4 })).model;
    assert.ok(model.userSide !== undefined && model.userSide.coldWeight !== 0, "MCMC gives cold rows the id group's prior mean");
    for (const user of cold.slice(0, 4)) {
      const difference = rowDifference(model, user, asNewUser(data, fold, user, false));
      assert.ok(difference < 1e-4, `cold user ${user}: rows differ by ${difference}`);
    }
  });

  it("with ids and ALS (no prior means), a cold user's demographics give its cold row", () => {
    const config = validateModelConfig({
      ...fmConfig(),
      method: 'als',
      features: ['ids', 'user', 'implicit'],
      iterations: 8,
      regularization: 0.1,
    });
    const model = trainModel(data, fold, config).model;
    assert.equal(model.userSide?.coldWeight, 0);
    for (const user of cold.slice(0, 4)) assert.ok(rowDifference(model, user, asNewUser(data, fold, user, false)) < 1e-4);
  });

  it("with the time groups (context rows), a cold user's demographics give the untimed row the model keeps for it", () => {
    const model = trainModel(
      data,
      fold,
      fmConfig({ features: ['ids', 'user', 'item', 'implicit', 'raters', 'userDay'], iterations: 12, burnIn: 4 }),
    ).model;
    for (const user of cold.slice(0, 3)) assert.ok(rowDifference(model, user, asNewUser(data, fold, user, false)) < 1e-4);
  });

  it("more samples than are kept: close to the user's row (the pairwise part averages the kept samples only)", () => {
    const model = trainModel(data, fold, fmConfig({ features: ['user', 'item', 'implicit'], iterations: 45, burnIn: 5 })).model;
    const difference = rowDifference(model, 7, asNewUser(data, fold, 7, true));
    assert.ok(difference > 0 && difference < 0.05, `rows differ by ${difference}`);
  });

  it('recommends what the spot check recommends that user among the films they did not rate in training', () => {
    const model = trainModel(data, fold, fmConfig({ features: ['user', 'item', 'implicit'], iterations: 16, burnIn: 4 })).model;
    const user = 11;
    const check = spotCheck(data, fold, model, user, { unseenCount: 10 });
    const result = whatIf(data, fold, model, asNewUser(data, fold, user, true), 10);
    assert.equal(result.basis, 'model');
    assert.deepEqual(
      result.recommendations.map((film) => film.itemId),
      check.topUnseen.map((film) => film.itemId),
    );
    result.recommendations.forEach((film, index) => {
      assert.ok(Math.abs((film.predicted ?? Number.NaN) - check.topUnseen[index].predicted) < 1e-4, film.title);
    });
    const liked = new Set(result.liked.map((film) => film.itemId));
    assert.equal(liked.size, check.trainCount);
    assert.ok(
      result.recommendations.every((film) => !liked.has(film.itemId)),
      'never a liked film',
    );
  });

  it('an ordinal FM: the same films as the spot check, each with its expected rating, not its latent score', () => {
    const stars = toStars(planted);
    const model = trainModel(
      stars.data,
      stars.fold,
      fmConfig({ features: ['user', 'item', 'implicit'], iterations: 16, burnIn: 4, likelihood: 'ordinal' }),
    ).model;
    assert.ok(model.ordinal !== undefined && model.ordinal.userScale === undefined, 'shared noise: one scale for every user');
    const user = 11;
    const check = spotCheck(stars.data, stars.fold, model, user, { unseenCount: 10 });
    const result = whatIf(stars.data, stars.fold, model, asNewUser(stars.data, stars.fold, user, true), 10);
    assert.deepEqual(
      result.recommendations.map((film) => film.itemId),
      check.topUnseen.map((film) => film.itemId),
    );
    let largestGap = 0;
    result.recommendations.forEach((film, index) => {
      const predicted = film.predicted ?? Number.NaN;
      assert.ok(
        Math.abs(predicted - check.topUnseen[index].predicted) < 1e-4,
        `${film.title}: ${predicted} vs ${check.topUnseen[index].predicted}`,
      );
      const latent = score(model, user, film.item);
      assert.ok(Math.abs(predicted - expectedRating(model.ordinal!, latent, 1)) < 1e-4);
      largestGap = Math.max(largestGap, Math.abs(predicted - Math.min(5, Math.max(1, latent))));
    });
    // The latent probit score is not on the star scale: showing it would be wrong by far more than rounding.
    assert.ok(largestGap > 0.1, `expected ratings within ${largestGap} of the clipped latent scores`);
  });

  it('changes with the inputs: another occupation, then a liked film, move the top 10', () => {
    const model = trainModel(data, fold, fmConfig({ features: ['ids', 'user', 'item', 'implicit'], iterations: 16, burnIn: 4 })).model;
    const base: NewUser = { age: 30, gender: 'F', occupation: 'student', zip: '5' };
    const top = (user: NewUser): number[] => whatIf(data, fold, model, user, 10).recommendations.map((film) => film.itemId);
    const scores = (user: NewUser): number[] => whatIf(data, fold, model, user, 10).recommendations.map((film) => film.predicted ?? 0);
    assert.notDeepEqual(scores({ ...base, occupation: 'retired' }), scores(base));
    const liked = top(base)[0];
    const withLiked = top({ ...base, liked: [liked] });
    assert.ok(!withLiked.includes(liked), 'a liked film is not recommended back');
    assert.notDeepEqual(
      withLiked,
      top(base).filter((film) => film !== liked),
    );
  });

  it('names the features it used and the inputs the model has no feature for', () => {
    const model = trainModel(data, fold, fmConfig({ features: ['ids', 'user', 'implicit'], iterations: 6, burnIn: 2 })).model;
    assert.ok(model.userSide !== undefined);
    const encoding = encodeNewUser(model.userSide, { age: 27, gender: 'M', occupation: 'student', zip: '02139', liked: [3, 3, 60_000] });
    assert.deepEqual(
      encoding.used.map((feature) => feature.name),
      ['age=25-34', 'gender=M', 'occupation=student', 'zip=0', 'implicit=3'],
    );
    // One known liked film (the repeat counts once): 1/√1.
    assert.equal(encoding.used[4].value, 1);
    assert.deepEqual(encoding.unknown, ['implicit=60000']);
    assert.deepEqual(newUserProblems(data, { occupation: 'astronaut', liked: [3, 60_000], age: 1.5 }), [
      "occupation 'astronaut' is not one of student, engineer, artist, educator, retired",
      'age 1.5 is not a whole number of years from 0 to 150',
      `film 60000 not in ${data.itemsFile}`,
    ]);
  });

  it("SVD has no user features: popularity on the fold's training part, said as such", () => {
    const config = validateModelConfig({
      ...fmConfig(),
      model: 'svd',
      method: 'als',
      features: ['ids'],
      iterations: 3,
      regularization: 0.1,
    });
    const model = trainModel(data, fold, config).model;
    assert.equal(model.userSide, undefined);
    const result = whatIf(data, fold, model, { age: 30, liked: [1] }, 5);
    assert.equal(result.basis, 'popularity');
    assert.equal(result.fallback, 'no-user-features');
    const counts = result.recommendations.map((film) => film.trainCount);
    assert.deepEqual(
      counts,
      [...counts].sort((first, second) => second - first),
    );
    assert.ok(result.recommendations.every((film) => film.predicted === undefined && film.itemId !== 1));
    // The most rated film but the liked one (film 1, index 0).
    let most = 0;
    for (let item = 1; item < data.items.count; item++) {
      let ratings = 0;
      for (let index = 0; index < fold.train.length; index++) if (fold.train.item[index] === item) ratings++;
      most = Math.max(most, ratings);
    }
    assert.equal(counts[0], most);
  });

  it('an FM stored before the user-side parameters were kept: popularity, and says to retrain', () => {
    const { userSide: _userSide, ...stored } = trainModel(
      data,
      fold,
      fmConfig({ features: ['ids', 'user'], iterations: 4, burnIn: 1 }),
    ).model;
    const result = whatIf(data, fold, stored, { age: 30 }, 5);
    assert.equal(result.basis, 'popularity');
    assert.equal(result.fallback, 'stored-before-user-features');
  });
});
