import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';

const FOLDER = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'ml-100k');

/** Name, size and mtime of every file: the loader must leave them all as they were. */
function snapshot(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .sort()
    .map((name) => {
      const stat = fs.statSync(path.join(folder, name));
      return `${name} ${stat.size} ${stat.mtimeMs}`;
    });
}

describe('MovieLens 100K (../shared/ml-100k)', function () {
  before(function () {
    if (!fs.existsSync(path.join(FOLDER, 'u.data'))) this.skip();
  });

  it('loads 943 users, 1682 films, 100000 ratings on 1..5 without touching the folder', () => {
    const before = snapshot(FOLDER);
    const data = loadMovieLens(FOLDER);
    assert.equal(data.format, 'ml-100k');
    assert.equal(data.users.count, 943);
    assert.equal(data.items.count, 1682);
    assert.equal(data.ratings.length, 100000);
    assert.equal(data.items.genreNames.length, 19);
    assert.equal(data.users.demographics?.occupations.length, 21);
    let minimum = Infinity;
    let maximum = -Infinity;
    for (const rating of data.ratings.rating) {
      minimum = Math.min(minimum, rating);
      maximum = Math.max(maximum, rating);
    }
    assert.deepEqual([minimum, maximum], [1, 5]);
    // Every dense index used, raw ids 1..n in file order.
    assert.deepEqual(
      Array.from(data.users.rawId),
      Array.from({ length: 943 }, (_, index) => index + 1),
    );
    const unknown = data.items.title.indexOf('unknown');
    assert.ok(unknown >= 0);
    assert.equal(data.items.year[unknown], 0);
    assert.deepEqual(
      data.splits.map((split) => split.name),
      ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'],
    );
    assert.deepEqual(snapshot(FOLDER), before);
  });

  it('gives the canonical splits as folds (u1: 80000/20000, ua: 10 test ratings per user)', () => {
    const before = snapshot(FOLDER);
    const data = loadMovieLens(FOLDER);
    const u1 = loadSplit(data, 'u1');
    assert.equal(u1.name, 'u1');
    assert.equal(u1.train.length, 80000);
    assert.equal(u1.test.length, 20000);
    const ua = loadSplit(data, 'ua');
    assert.equal(ua.test.length, 943 * 10);
    const perUser = new Int32Array(943);
    for (const user of ua.test.user) perUser[user]++;
    assert.ok(perUser.every((count) => count === 10));
    // The five test parts of u1..u5 partition u.data.
    let total = 0;
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) total += loadSplit(data, name).test.length;
    assert.equal(total, data.ratings.length);
    assert.deepEqual(snapshot(FOLDER), before);
  });
});
