import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens } from '../../../src/core/data/load';
import { writeSyntheticMovieLens } from '../../../src/core/data/synthetic';
import { defaultProtocolConfig, validateProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds, planFolds, plannedFoldCount } from '../../../src/core/eval/protocols';
import type { Fold } from '../../../src/core/data/types';
import { plantedData } from './fixtures';

/** A rating's identity: (user, item) pairs are unique in the fixture. */
function keys(fold: Fold, part: 'train' | 'test'): string[] {
  const ratings = fold[part];
  return Array.from({ length: ratings.length }, (_, index) => `${ratings.user[index]}:${ratings.item[index]}`);
}

describe('makeFolds', () => {
  const data = plantedData({ users: 40, items: 30, rank: 2, perUser: 12, noise: 0.1, seed: 5 });
  const all = new Set(Array.from({ length: data.ratings.length }, (_, index) => `${data.ratings.user[index]}:${data.ratings.item[index]}`));

  it('bootstrap: k folds per repeat partition the ratings, each rating in test once per repeat', () => {
    const folds = makeFolds(data, defaultProtocolConfig({ folds: 3, repeats: 2 }));
    assert.deepEqual(
      folds.map((fold) => fold.name),
      ['r1f1', 'r1f2', 'r1f3', 'r2f1', 'r2f2', 'r2f3'],
    );
    for (const repeat of [0, 1]) {
      const tests = folds.slice(repeat * 3, repeat * 3 + 3).flatMap((fold) => keys(fold, 'test'));
      assert.equal(tests.length, all.size);
      assert.deepEqual(new Set(tests), all);
    }
    for (const fold of folds) {
      const train = keys(fold, 'train');
      const test = new Set(keys(fold, 'test'));
      assert.equal(train.length + test.size, all.size);
      assert.ok(
        train.every((key) => !test.has(key)),
        `${fold.name}: train and test overlap`,
      );
      assert.ok(Math.abs(test.size - all.size / 3) <= 1, `${fold.name}: ${test.size} test ratings`);
    }
    assert.notDeepEqual(keys(folds[0], 'test'), keys(folds[3], 'test'), 'repeats reshuffle');
  });

  it('gives the same folds for the same seed and other folds for another seed', () => {
    const first = makeFolds(data, defaultProtocolConfig({ seed: 4 }));
    const second = makeFolds(data, defaultProtocolConfig({ seed: 4 }));
    const other = makeFolds(data, defaultProtocolConfig({ seed: 5 }));
    assert.equal(first.length, 10);
    assert.deepEqual(
      first.map((fold) => keys(fold, 'test')),
      second.map((fold) => keys(fold, 'test')),
    );
    assert.notDeepEqual(keys(first[0], 'test'), keys(other[0], 'test'));
  });

  it('holdout: a seeded testFraction of the ratings', () => {
    const [fold] = makeFolds(data, defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.25 }));
    assert.equal(fold.test.length, Math.round(all.size * 0.25));
    assert.equal(fold.train.length + fold.test.length, all.size);
  });

  it('cold-users: held-out users have all their ratings in test and none in train', () => {
    const [fold] = makeFolds(data, defaultProtocolConfig({ protocol: 'cold-users', testFraction: 0.25 }));
    const testUsers = new Set(fold.test.user);
    const trainUsers = new Set(fold.train.user);
    assert.equal(testUsers.size, 10);
    assert.ok([...testUsers].every((user) => !trainUsers.has(user)));
    assert.equal(fold.train.length + fold.test.length, all.size);
  });

  it('canonical and ua: a clear DataError when the folder lacks the split files', () => {
    for (const protocol of ['canonical', 'ua'] as const) {
      assert.throws(
        () => makeFolds(data, defaultProtocolConfig({ protocol })),
        (error: unknown) => isDataError(error) && /needs the split files u[1a]\.base/.test(error.message),
      );
    }
  });

  it('canonical and ua: the split files of a generated ml-100k folder', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'protocols-'));
    try {
      writeSyntheticMovieLens(folder, { users: 50, items: 40, ratingsPerUser: 12, seed: 2 });
      const generated = loadMovieLens(folder);
      const canonical = makeFolds(generated, defaultProtocolConfig({ protocol: 'canonical' }));
      assert.deepEqual(
        canonical.map((fold) => fold.name),
        ['u1', 'u2', 'u3', 'u4', 'u5'],
      );
      const tested = canonical.reduce((sum, fold) => sum + fold.test.length, 0);
      assert.equal(tested, generated.ratings.length, 'u1..u5 test parts cover every rating once');
      for (const fold of canonical) assert.equal(fold.train.length + fold.test.length, generated.ratings.length);
      assert.deepEqual(
        makeFolds(generated, defaultProtocolConfig({ protocol: 'ua' })).map((fold) => fold.name),
        ['ua', 'ub'],
      );
      // What the fold pool starts workers for, before the data is read: the folds planFolds makes.
      for (const overrides of [
        { protocol: 'canonical' },
        { protocol: 'ua' },
        { protocol: 'holdout' },
        { protocol: 'cold-users' },
        { folds: 3, repeats: 2 },
      ] as const) {
        const protocol = validateProtocolConfig(defaultProtocolConfig(overrides));
        assert.equal(plannedFoldCount(protocol), planFolds(generated, protocol).length, JSON.stringify(overrides));
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('canonical: reads u1..u5 from the MovieLens 100K folder', function () {
    const folder = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'ml-100k');
    if (!fs.existsSync(path.join(folder, 'u1.base'))) {
      console.log(`      (skipped: MovieLens 100K not found at ${folder})`);
      this.skip();
    }
    const folds = makeFolds(loadMovieLens(folder), defaultProtocolConfig({ protocol: 'canonical' }));
    assert.deepEqual(
      folds.map((fold) => [fold.name, fold.train.length, fold.test.length]),
      [
        ['u1', 80000, 20000],
        ['u2', 80000, 20000],
        ['u3', 80000, 20000],
        ['u4', 80000, 20000],
        ['u5', 80000, 20000],
      ],
    );
  });

  it('plans: a fold is made only when built, its test part is the rows its mask marks, in file order', () => {
    // Distinct timestamps, so that each part's timestamps (copied on first read) can be checked row by row.
    const timed = {
      ...data,
      ratings: { ...data.ratings, timestamp: Float64Array.from(data.ratings.timestamp, (_, row) => 1e9 + row * 3) },
    };
    for (const protocol of ['bootstrap', 'holdout', 'cold-users'] as const) {
      const config = defaultProtocolConfig({ protocol, folds: 3, repeats: 2, seed: 9 });
      const plans = planFolds(timed, config);
      const folds = makeFolds(timed, config);
      assert.deepEqual(
        plans.map((plan) => plan.name),
        folds.map((fold) => fold.name),
      );
      plans.forEach((plan, index) => {
        const mask = plan.testMask?.();
        assert.ok(mask !== undefined && mask.length === timed.ratings.length, `${plan.name}: a mask over every rating`);
        const fold = plan.build();
        for (const [part, side] of [
          ['train', 0],
          ['test', 1],
        ] as const) {
          const rows: number[] = [...mask.keys()].filter((row) => mask[row] === side);
          const ratings = fold[part];
          assert.equal(ratings.length, rows.length, `${plan.name} ${part}: one rating per marked row`);
          assert.deepEqual(
            [...ratings.user],
            rows.map((row) => timed.ratings.user[row]),
          );
          assert.deepEqual(
            [...ratings.item],
            rows.map((row) => timed.ratings.item[row]),
          );
          assert.deepEqual(
            [...ratings.rating],
            rows.map((row) => timed.ratings.rating[row]),
          );
          assert.deepEqual(
            [...ratings.timestamp],
            rows.map((row) => timed.ratings.timestamp[row]),
          );
          assert.equal(ratings.timestamp, ratings.timestamp, 'the timestamps are copied once');
        }
        assert.deepEqual(keys(fold, 'test'), keys(folds[index], 'test'), `${plan.name}: the plan builds makeFolds' fold`);
      });
    }
  });

  it('plans: a protocol the data cannot serve is refused when planned, before any fold is made', () => {
    assert.throws(() => planFolds(data, defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.001 })), /is no rating/);
    assert.throws(() => planFolds(data, defaultProtocolConfig({ protocol: 'canonical' })), /needs the split files/);
  });

  it('refuses bad protocol values with a message naming the value', () => {
    assert.throws(() => defaultProtocolConfig({ folds: 1 }), /folds must be an integer from 2 to 20 \(.*\), got 1/);
    assert.throws(() => defaultProtocolConfig({ testFraction: 1.5 }), /testFraction .* got 1.5/);
    assert.throws(() => defaultProtocolConfig({ protocol: 'kfold' as 'bootstrap' }), /protocol must be one of .* got 'kfold'/);
  });
});
