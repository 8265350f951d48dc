import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { keepLatestRatings, sharedPairs } from '../../../src/core/data/repeats';
import { writeSyntheticMovieLens } from '../../../src/core/data/synthetic';
import type { MovieLensData } from '../../../src/core/data/types';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import { removeFolder, snapshot, tiny100k, tiny1m, tinyCsv, writeFolder } from './folders';
import { ratingsOf } from '../eval/fixtures';

/** Runs `use` on a fresh folder of `files`, checking it is unchanged afterwards. */
function withFolder<T>(files: Record<string, string>, use: (folder: string) => T): T {
  const folder = writeFolder(files);
  const before = snapshot(folder);
  try {
    const result = use(folder);
    assert.deepEqual(snapshot(folder), before);
    return result;
  } finally {
    removeFolder(folder);
  }
}

/** The DataError message of `action` with the folder prefix cut. */
function messageOf(folder: string, action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    return error.message.slice(folder.length + 1);
  }
  return assert.fail('no error');
}

const pairsOf = (data: MovieLensData): string[] =>
  Array.from({ length: data.ratings.length }, (_, row) => `${data.ratings.user[row]}:${data.ratings.item[row]}`);

describe('a (user, film) pair rated twice', () => {
  it('100K: refused with both line numbers (blank lines counted)', () => {
    const files = tiny100k();
    files['u.data'] = files['u.data'].replace('7\t20\t3\t101\n', '7\t20\t3\t101\n\n  \n') + '5\t30\t1\t999\n';
    withFolder(files, (folder) => {
      assert.equal(
        messageOf(folder, () => loadMovieLens(folder)),
        'u.data:9: user 5 rated film 30 a second time (first on line 7): u.data has one rating per (user, film)',
      );
    });
  });

  it('100K: the same rating repeated is refused too', () => {
    const files = tiny100k();
    files['u.data'] = '3\t40\t1\t103\n' + files['u.data'];
    withFolder(files, (folder) => {
      assert.equal(
        messageOf(folder, () => loadMovieLens(folder)),
        'u.data:5: user 3 rated film 40 a second time (first on line 1): u.data has one rating per (user, film)',
      );
    });
  });

  it('1M: refused with both line numbers', () => {
    const files = tiny1m();
    files['ratings.dat'] += '2::8::5::978302999\n';
    withFolder(files, (folder) => {
      assert.equal(
        messageOf(folder, () => loadMovieLens(folder)),
        'ratings.dat:5: user 2 rated film 8 a second time (first on line 2): ratings.dat has one rating per (user, film)',
      );
    });
  });

  it('CSV: the latest by timestamp is kept, in file order, and the data says so', () => {
    const files = tinyCsv();
    // User 12 re-rates film 3 later (line 7); user 5 rates film 1 three times, the latest on line 3.
    files['ratings.csv'] += ['12,3,1.0,964990000', '5,1,4.0,964981000', '5,1,2.0,964900000'].join('\n') + '\n';
    withFolder(files, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 5);
      assert.deepEqual(pairsOf(data), ['1:0', '0:2', '1:3', '2:0', '0:1']);
      assert.deepEqual(Array.from(data.ratings.rating), [0.5, 5, 3, 2.5, 1]);
      assert.deepEqual(Array.from(data.ratings.timestamp), [964981247, 964982224, 964983815, 964982931, 964990000]);
      assert.deepEqual(data.notes, [
        'ratings.csv: 2 (user, film) pairs were rated more than once; kept the latest rating of each (by timestamp) and left out 3 earlier ratings (e.g. user 12, film 3: line 2 left out, line 7 kept)',
      ]);
    });
  });

  it('CSV: the CLI prints the note under its data summary (recommend, which loads on the main thread)', () => {
    const files = tinyCsv();
    files['ratings.csv'] += '12,3,1.0,964990000\n';
    withFolder(files, (folder) => {
      const repoRoot = path.resolve(__dirname, '..', '..', '..');
      const run = spawnSync(
        process.execPath,
        [
          '-r',
          'tsx/cjs',
          path.join(repoRoot, 'src', 'cli', 'main.ts'),
          'recommend',
          '--data',
          folder,
          '--user',
          '12',
          '--model',
          'svd',
          '--iterations',
          '2',
        ],
        { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.match(
        run.stderr,
        /^Data: .*\(ml-csv: 3 users, 4 films, 5 ratings\)\nNote: ratings\.csv: 1 \(user, film\) pair was rated more than once; kept the latest rating of each \(by timestamp\) and left out 1 earlier rating \(e\.g\. user 12, film 3: line 2 left out, line 7 kept\)\nProtocol: /m,
      );
    });
  });

  it('CSV: on equal timestamps the later line wins', () => {
    const files = tinyCsv();
    files['ratings.csv'] += '40,1,4.5,964982931\n';
    withFolder(files, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 5);
      assert.equal(data.ratings.rating[4], 4.5);
      assert.match(
        data.notes?.[0] ?? '',
        /^ratings\.csv: 1 \(user, film\) pair was rated more than once; .* left out 1 earlier rating \(e\.g\. user 40, film 1: line 6 left out, line 7 kept\)$/,
      );
    });
  });

  it('CSV without re-ratings: no note', () => {
    withFolder(tinyCsv(), (folder) => assert.deepEqual(loadMovieLens(folder).notes, []));
  });

  it('never splits a re-rated pair between train and test', () => {
    const files = tinyCsv();
    const lines = ['userId,movieId,rating,timestamp'];
    // 3 users × 4 films, each rating given twice: every fold would otherwise hold some pair on both sides.
    for (const user of [5, 12, 40]) for (const film of [1, 3, 7, 9]) lines.push(`${user},${film},3.0,100`, `${user},${film},4.0,200`);
    files['ratings.csv'] = lines.join('\n') + '\n';
    withFolder(files, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 12);
      assert.ok(data.ratings.rating.every((rating) => rating === 4));
      for (const protocol of ['bootstrap', 'holdout'] as const) {
        for (const fold of makeFolds(data, defaultProtocolConfig({ protocol, testFraction: 0.5 }))) {
          const train = new Set(Array.from({ length: fold.train.length }, (_, row) => `${fold.train.user[row]}:${fold.train.item[row]}`));
          for (let row = 0; row < fold.test.length; row++) {
            assert.ok(!train.has(`${fold.test.user[row]}:${fold.test.item[row]}`), `${fold.name}: a pair on both sides`);
          }
        }
      }
    });
  });

  it('keepLatestRatings works on tables not grouped by user', () => {
    const ratings = ratingsOf([2, 0, 1, 0, 2, 0], [1, 1, 1, 1, 1, 2], [1, 2, 3, 4, 5, 1]);
    ratings.timestamp.set([10, 20, 30, 10, 5, 0]);
    const latest = keepLatestRatings(ratings, 3, 3);
    assert.equal(latest.dropped, 2);
    assert.equal(latest.pairs, 2);
    assert.deepEqual(Array.from(latest.ratings.rating), [1, 2, 3, 1]);
    assert.deepEqual(latest.example, { user: 0, item: 1, dropped: 3, kept: 1 });
  });
});

describe('canonical splits that overlap', () => {
  it('a u1.test sharing pairs with u1.base is refused, naming both files, the count and the lines', () => {
    const files = tiny100k();
    files['u1.base'] += '7\t20\t3\t101\n3\t40\t1\t103\n';
    withFolder(files, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(
        messageOf(folder, () => loadSplit(data, 'u1')),
        'u1.test:1: u1.test and u1.base share 2 (user, film) pairs, the first here (user 7, film 20; u1.base:5): split u1 would test on training ratings',
      );
    });
  });

  it('the canonical protocol refuses an overlapping u3 of a synthetic folder', () => {
    const folder = writeFolder({});
    try {
      writeSyntheticMovieLens(folder, { users: 30, items: 20, ratingsPerUser: 6, seed: 2 });
      const testLines = fs.readFileSync(path.join(folder, 'u3.test'), 'latin1').split('\n');
      fs.appendFileSync(path.join(folder, 'u3.base'), `${testLines[4]}\n`);
      const baseLines = fs.readFileSync(path.join(folder, 'u3.base'), 'latin1').trimEnd().split('\n').length;
      const [user, film] = testLines[4].split('\t');
      const data = loadMovieLens(folder);
      assert.equal(
        messageOf(folder, () => makeFolds(data, defaultProtocolConfig({ protocol: 'canonical' }))),
        `u3.test:5: u3.test and u3.base share 1 (user, film) pair, the first here (user ${user}, film ${film}; u3.base:${baseLines}): split u3 would test on training ratings`,
      );
    } finally {
      removeFolder(folder);
    }
  });

  it('u1.test and u1.base naming the same file (a link) is refused', () => {
    withFolder(tiny100k(), (folder) => {
      fs.rmSync(path.join(folder, 'u1.test'));
      fs.symlinkSync('u1.base', path.join(folder, 'u1.test'));
      const data = loadMovieLens(folder);
      assert.equal(
        messageOf(folder, () => loadSplit(data, 'u1')),
        'u1.test: is the same file as u1.base: split u1 would test on its training ratings',
      );
      fs.rmSync(path.join(folder, 'u1.test'));
      fs.linkSync(path.join(folder, 'u1.base'), path.join(folder, 'u1.test'));
      assert.equal(
        messageOf(folder, () => loadSplit(data, 'u1')),
        'u1.test: is the same file as u1.base: split u1 would test on its training ratings',
      );
      fs.rmSync(path.join(folder, 'u1.test'));
      fs.writeFileSync(path.join(folder, 'u1.test'), tiny100k()['u1.test']);
    });
  });

  it('a pair twice within u1.base is refused with both lines', () => {
    const files = tiny100k();
    files['u1.base'] += '5\t30\t5\t200\n';
    withFolder(files, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(
        messageOf(folder, () => loadSplit(data, 'u1')),
        'u1.base:5: user 5 rated film 30 a second time (first on line 3): u1.base has one rating per (user, film)',
      );
    });
  });

  it('sharedPairs counts pairs on both sides whatever the row order', () => {
    const train = ratingsOf([1, 0, 1, 2], [0, 1, 2, 2], [1, 1, 1, 1]);
    const test = ratingsOf([2, 1, 0, 0], [2, 1, 0, 1], [1, 1, 1, 1]);
    assert.deepEqual(sharedPairs(train, test, 3, 3), { count: 2, first: { train: 3, test: 0 } });
    assert.deepEqual(sharedPairs(train, ratingsOf([0], [0], [1]), 3, 3), { count: 0, first: undefined });
  });
});
