import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { syntheticGroundTruth, writeSyntheticMovieLens } from '../../../src/core/data/synthetic';
import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import { removeFolder, writeFolder } from './folders';

function readAll(folder: string): Map<string, Buffer> {
  return new Map(
    fs
      .readdirSync(folder)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(folder, name))]),
  );
}

function pairs(ratings: Ratings): Set<number> {
  const keys = new Set<number>();
  for (let index = 0; index < ratings.length; index++) keys.add(ratings.user[index] * 100000 + ratings.item[index]);
  return keys;
}

describe('synthetic MovieLens generator', () => {
  let folder = '';
  let data: MovieLensData;
  before(() => {
    folder = writeFolder({});
    writeSyntheticMovieLens(folder, { seed: 3 });
    data = loadMovieLens(folder);
  });
  after(() => removeFolder(folder));

  it('writes a loadable ml-100k folder of the default size, deterministically', () => {
    assert.equal(data.format, 'ml-100k');
    assert.equal(data.users.count, 300);
    assert.equal(data.items.count, 200);
    assert.ok(Math.abs(data.ratings.length - 15000) < 300, `${data.ratings.length} ratings`);
    assert.deepEqual(
      data.splits.map((split) => split.name),
      ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'],
    );
    const again = writeFolder({});
    const other = writeFolder({});
    try {
      writeSyntheticMovieLens(again, { seed: 3 });
      writeSyntheticMovieLens(other, { seed: 4 });
      const first = readAll(folder);
      assert.deepEqual(readAll(again), first);
      assert.notDeepEqual(readAll(other).get('u.data'), first.get('u.data'));
    } finally {
      removeFolder(again);
      removeFolder(other);
    }
  });

  it('matches its ground truth and uses the whole rating scale', () => {
    const truth = syntheticGroundTruth({ seed: 3 });
    assert.equal(truth.rating.length, data.ratings.length);
    for (let index = 0; index < truth.rating.length; index++) {
      assert.equal(data.ratings.user[index], truth.ratingUser[index]);
      assert.equal(data.ratings.item[index], truth.ratingItem[index]);
      assert.equal(data.ratings.rating[index], truth.rating[index]);
    }
    const histogram = [0, 0, 0, 0, 0, 0];
    for (const rating of data.ratings.rating) histogram[rating]++;
    for (let star = 1; star <= 5; star++) assert.ok(histogram[star] > data.ratings.length * 0.02, `histogram ${histogram}`);
    // The planted model explains most of the variance: its error is the noise plus rounding.
    let squared = 0;
    for (let index = 0; index < truth.rating.length; index++) {
      const expected = Math.min(5, Math.max(1, truth.expected(truth.ratingUser[index], truth.ratingItem[index])));
      squared += (expected - truth.rating[index]) ** 2;
    }
    assert.ok(Math.sqrt(squared / truth.rating.length) < truth.noise + 0.1);
  });

  it('skews ratings per user: some have a handful, some many', () => {
    const counts = new Int32Array(data.users.count);
    for (const user of data.ratings.user) counts[user]++;
    const sorted = Array.from(counts).sort((a, b) => a - b);
    assert.ok(sorted[0] >= 3 && sorted[Math.floor(sorted.length * 0.05)] <= 8, `smallest counts ${sorted.slice(0, 20)}`);
    assert.ok(sorted[sorted.length - 1] >= 100, `largest count ${sorted[sorted.length - 1]}`);
  });

  it('splits u1..u5 into disjoint 80/20 parts that partition the ratings; ua/ub hold up to 10 per user', () => {
    const all = pairs(data.ratings);
    assert.equal(all.size, data.ratings.length, 'a (user, film) pair rated twice');
    const tests = new Set<number>();
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      const fold = loadSplit(data, name);
      assert.equal(fold.test.length, data.ratings.length / 5);
      assert.equal(fold.train.length + fold.test.length, data.ratings.length);
      const train = pairs(fold.train);
      for (const key of pairs(fold.test)) {
        assert.ok(!train.has(key) && !tests.has(key) && all.has(key));
        tests.add(key);
      }
    }
    assert.equal(tests.size, data.ratings.length);
    const ua = loadSplit(data, 'ua');
    const ub = loadSplit(data, 'ub');
    const perUser = new Int32Array(data.users.count);
    for (const user of ua.test.user) perUser[user]++;
    assert.equal(Math.max(...perUser), 10);
    assert.ok(perUser.every((count) => count >= 1));
    const uaTest = pairs(ua.test);
    for (const key of pairs(ub.test)) assert.ok(!uaTest.has(key), 'ua.test and ub.test overlap');
  });

  it('plants demographic × genre effects: side information lowers the error, also for light users', () => {
    const fold = loadSplit(data, 'u1');
    const plain = biasModel(data, fold.train, false);
    const side = biasModel(data, fold.train, true);
    const counts = new Int32Array(data.users.count);
    for (const user of fold.train.user) counts[user]++;
    const light = (user: number): boolean => counts[user] < 15;
    const all = (): boolean => true;
    assert.ok(rmse(side, fold.test, all) < 0.95 * rmse(plain, fold.test, all));
    assert.ok(rmse(side, fold.test, light) < 0.97 * rmse(plain, fold.test, light));
  });

  it('leaves the folder untouched when loading', () => {
    const before = fs.readdirSync(folder).map((name) => `${name} ${fs.statSync(path.join(folder, name)).mtimeMs}`);
    loadSplit(loadMovieLens(folder), 'ua');
    assert.deepEqual(
      fs.readdirSync(folder).map((name) => `${name} ${fs.statSync(path.join(folder, name)).mtimeMs}`),
      before,
    );
  });
});

type Predict = (user: number, item: number) => number;

/**
 * μ + b_u + b_i, optionally plus shrunken mean residuals per (occupation, gender, genre) and
 * (age decade, genre): a model with nothing latent, so any gain comes from the side information.
 */
function biasModel(data: MovieLensData, train: Ratings, useSide: boolean): Predict {
  const demographics = data.users.demographics;
  assert.ok(demographics);
  const { genreOffset, genreIndex } = data.items;
  const genres = data.items.genreNames.length;
  const groupKeys = (user: number): [number, number] => [
    (demographics.occupation[user] * 3 + demographics.gender[user]) * genres,
    (100 + Math.min(7, Math.floor(demographics.age[user] / 10))) * 3 * genres,
  ];
  const effect = new Float64Array(200 * 3 * genres);
  const sideOf = (user: number, item: number): number => {
    const [occupationKey, ageKey] = groupKeys(user);
    let sum = 0;
    for (let position = genreOffset[item]; position < genreOffset[item + 1]; position++) {
      sum += effect[occupationKey + genreIndex[position]] + effect[ageKey + genreIndex[position]];
    }
    return sum / Math.max(1, genreOffset[item + 1] - genreOffset[item]);
  };
  let mean = 0;
  for (const rating of train.rating) mean += rating / train.length;
  const userBias = new Float64Array(data.users.count);
  const itemBias = new Float64Array(data.items.count);
  const residual = (index: number): number =>
    train.rating[index] - mean - userBias[train.user[index]] - itemBias[train.item[index]] - sideOf(train.user[index], train.item[index]);
  for (let sweep = 0; sweep < 8; sweep++) {
    for (const [bias, ids] of [
      [userBias, train.user],
      [itemBias, train.item],
    ] as const) {
      const sum = new Float64Array(bias.length);
      const count = new Float64Array(bias.length);
      for (let index = 0; index < train.length; index++) {
        sum[ids[index]] += residual(index) + bias[ids[index]];
        count[ids[index]]++;
      }
      for (let id = 0; id < bias.length; id++) bias[id] = sum[id] / (count[id] + 5);
    }
    if (!useSide) continue;
    const sum = new Float64Array(effect.length);
    const count = new Float64Array(effect.length);
    for (let index = 0; index < train.length; index++) {
      const value = residual(index) + sideOf(train.user[index], train.item[index]);
      const item = train.item[index];
      for (const key of groupKeys(train.user[index])) {
        for (let position = genreOffset[item]; position < genreOffset[item + 1]; position++) {
          sum[key + genreIndex[position]] += value / 2;
          count[key + genreIndex[position]]++;
        }
      }
    }
    for (let key = 0; key < effect.length; key++) effect[key] = sum[key] / (count[key] + 10);
  }
  return (user, item) => Math.min(5, Math.max(1, mean + userBias[user] + itemBias[item] + sideOf(user, item)));
}

function rmse(predict: Predict, test: Ratings, include: (user: number) => boolean): number {
  let squared = 0;
  let count = 0;
  for (let index = 0; index < test.length; index++) {
    if (!include(test.user[index])) continue;
    squared += (predict(test.user[index], test.item[index]) - test.rating[index]) ** 2;
    count++;
  }
  assert.ok(count > 20, `only ${count} test ratings`);
  return Math.sqrt(squared / count);
}
