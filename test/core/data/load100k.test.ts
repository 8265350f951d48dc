import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { removeFolder, tiny100k, writeFolder } from './folders';

/** Loads a tiny folder with some files replaced; returns the DataError's message (relative file). */
function errorFor(changes: Record<string, string | null>): string {
  const files: Record<string, string | Buffer> = { ...tiny100k() };
  for (const [name, content] of Object.entries(changes)) {
    if (content === null) delete files[name];
    else files[name] = content;
  }
  const folder = writeFolder(files);
  try {
    loadMovieLens(folder);
  } catch (error) {
    assert.ok(isDataError(error), `expected a DataError, got ${String(error)}`);
    assert.ok(error.file.startsWith(folder + path.sep), error.file);
    return error.message.slice(folder.length + 1);
  } finally {
    removeFolder(folder);
  }
  assert.fail('the folder loaded without an error');
}

const DATA = tiny100k()['u.data'];
const USERS = tiny100k()['u.user'];
const ITEMS = tiny100k()['u.item'];

describe('ml-100k loader', () => {
  it('loads a small folder with dense ids in file order', () => {
    const folder = writeFolder(tiny100k());
    try {
      const data = loadMovieLens(folder);
      assert.equal(data.format, 'ml-100k');
      assert.deepEqual(Array.from(data.users.rawId), [7, 3, 5]);
      assert.deepEqual(Array.from(data.items.rawId), [10, 20, 30, 40]);
      assert.deepEqual(Array.from(data.ratings.user), [0, 0, 1, 1, 2, 2]);
      assert.deepEqual(Array.from(data.ratings.item), [0, 1, 0, 3, 2, 1]);
      assert.deepEqual(Array.from(data.ratings.rating), [5, 3, 4, 1, 2, 4]);
      assert.deepEqual(Array.from(data.ratings.timestamp), [100, 101, 102, 103, 104, 105]);
      assert.ok(data.ratings.rating instanceof Float32Array);
      assert.deepEqual(Array.from(data.items.year), [1990, 1991, 0, 1994]);
      assert.deepEqual(data.items.title, ['Alpha Film (1990)', 'Beta Film (1991)', 'unknown', 'Gamma, Delta (1993)']);
      assert.deepEqual(Array.from(data.items.genreOffset), [0, 1, 2, 3, 4]);
      assert.deepEqual(Array.from(data.items.genreIndex), [1, 2, 0, 1]);
      const demographics = data.users.demographics;
      assert.ok(demographics);
      assert.deepEqual(Array.from(demographics.age), [30, 41, 19]);
      assert.deepEqual(Array.from(demographics.gender), [2, 1, 2]);
      assert.deepEqual(Array.from(demographics.occupation), [0, 1, 2]);
      assert.deepEqual(demographics.zip, ['12345', 'K2L3M', '90210']);
      assert.equal(data.userIndex.get(3), 1);
      assert.equal(data.itemIndex.get(40), 3);
      assert.deepEqual(
        data.splits.map((split) => split.name),
        ['u1'],
      );
      const fold = loadSplit(data, 'u1');
      assert.equal(fold.name, 'u1');
      assert.deepEqual(Array.from(fold.test.user), [0, 1]);
      assert.deepEqual(Array.from(fold.test.item), [1, 3]);
      assert.equal(fold.train.length, 4);
    } finally {
      removeFolder(folder);
    }
  });

  it('decodes u.item as latin-1', () => {
    const items = ITEMS.replace('Beta Film', 'B\xe9ta Film');
    const folder = writeFolder({ ...tiny100k(), 'u.item': Buffer.from(items, 'latin1') });
    try {
      assert.equal(loadMovieLens(folder).items.title[1], 'Béta Film (1991)');
    } finally {
      removeFolder(folder);
    }
  });

  it('accepts CRLF, a BOM and trailing blank lines', () => {
    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    const folder = writeFolder({
      ...tiny100k(),
      'u.data': '\ufeff' + crlf(DATA) + '\r\n\r\n',
      'u.user': crlf(USERS) + '\n  \n',
      'u.item': '\ufeff' + ITEMS.trimEnd(),
    });
    try {
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 6);
      assert.equal(data.users.count, 3);
      assert.equal(data.items.count, 4);
      assert.equal(data.users.demographics?.zip[2], '90210');
    } finally {
      removeFolder(folder);
    }
  });

  it('reads without u.genre and u.occupation', () => {
    const files: Record<string, string> = { ...tiny100k() };
    delete files['u.occupation'];
    delete files['u.genre'];
    const defaultFlags = (genre: number): string => Array.from({ length: 19 }, (_, index) => (index === genre ? '1' : '0')).join('|');
    files['u.item'] =
      `10|A (1990)|||url|${defaultFlags(3)}\n20|B (1991)|||url|${defaultFlags(18)}\n30|C|||url|${defaultFlags(0)}\n40|D|||url|${defaultFlags(1)}\n`;
    const folder = writeFolder(files);
    try {
      const data = loadMovieLens(folder);
      assert.equal(data.items.genreNames.length, 19);
      assert.equal(data.items.genreNames[data.items.genreIndex[1]], 'Western');
      assert.deepEqual(data.users.demographics?.occupations, ['engineer', 'artist', 'none']);
    } finally {
      removeFolder(folder);
    }
  });

  describe('refuses bad input with file:line and the problem', () => {
    const cases: Array<[string, Record<string, string | null>, string]> = [
      [
        'a short line',
        { 'u.data': DATA.replace('3\t40\t1\t103', '3\t40\t1') },
        'u.data:4: expected 4 fields (user, film, rating, timestamp) separated by tabs, found 3',
      ],
      [
        'a long line',
        { 'u.data': DATA.replace('5\t30\t2\t104', '5\t30\t2\t104\t9') },
        'u.data:5: expected 4 fields (user, film, rating, timestamp) separated by tabs, found 5',
      ],
      ['a non-numeric rating', { 'u.data': DATA.replace('7\t20\t3\t101', '7\t20\tgood\t101') }, "u.data:2: rating 'good' is not a number"],
      [
        'an out-of-range rating',
        { 'u.data': DATA.replace('7\t20\t3\t101', '7\t20\t6\t101') },
        'u.data:2: rating 6 is out of range (expected a whole number 1..5)',
      ],
      [
        'a half-star rating in 100K',
        { 'u.data': DATA.replace('7\t20\t3\t101', '7\t20\t3.5\t101') },
        'u.data:2: rating 3.5 is not a whole number (expected a whole number 1..5)',
      ],
      [
        'a zero rating',
        { 'u.data': DATA.replace('7\t20\t3\t101', '7\t20\t0\t101') },
        'u.data:2: rating 0 is out of range (expected a whole number 1..5)',
      ],
      [
        'a non-integer user id',
        { 'u.data': DATA.replace('3\t10\t4\t102', '3.5\t10\t4\t102') },
        "u.data:3: user id '3.5' is not a whole number",
      ],
      [
        'a non-integer film id',
        { 'u.data': DATA.replace('3\t10\t4\t102', '3\tx10\t4\t102') },
        "u.data:3: film id 'x10' is not a whole number",
      ],
      [
        'a film id beyond 32 bits',
        { 'u.data': DATA.replace('3\t10\t4\t102', '3\t2147483648\t4\t102') },
        "u.data:3: film id '2147483648' is not a whole number",
      ],
      ['a bad timestamp', { 'u.data': DATA.replace('3\t10\t4\t102', '3\t10\t4\t-1') }, "u.data:3: timestamp '-1' is not a whole number"],
      ['a user not in u.user', { 'u.data': DATA.replace('5\t20\t4\t105', '8\t20\t4\t105') }, 'u.data:6: user 8 is not in u.user'],
      ['a film not in u.item', { 'u.data': DATA.replace('5\t20\t4\t105', '5\t21\t4\t105') }, 'u.data:6: film 21 is not in u.item'],
      ['a duplicate user', { 'u.user': USERS + '3|22|M|artist|11111\n' }, 'u.user:4: user id 3 appears twice (first on line 2)'],
      ['a duplicate film', { 'u.item': ITEMS + '20|Again (1999)|||url|0|1|0\n' }, 'u.item:5: film id 20 appears twice (first on line 2)'],
      [
        'a short u.user line',
        { 'u.user': USERS.replace('3|41|M|artist|K2L3M', '3|41|M|artist') },
        "u.user:2: expected 5 fields (id|age|gender|occupation|zip) separated by '|', found 4",
      ],
      ['a bad gender', { 'u.user': USERS.replace('3|41|M|', '3|41|X|') }, "u.user:2: gender 'X' is not M or F"],
      ['a bad age', { 'u.user': USERS.replace('3|41|M|', '3|old|M|') }, "u.user:2: age 'old' is not a whole number of years"],
      [
        'an unlisted occupation',
        { 'u.user': USERS.replace('artist', 'pilot') },
        "u.user:2: occupation 'pilot' is not listed in u.occupation",
      ],
      [
        'a short u.item line',
        { 'u.item': ITEMS.replace('|0|0|1\n', '|0|1\n') },
        "u.item:2: expected 8 fields (id|title|release date|video release date|IMDb URL|3 genre flags) separated by '|', found 7",
      ],
      [
        'a bad release date',
        { 'u.item': ITEMS.replace('01-Jan-1990', '1990/01/01') },
        "u.item:1: release date '1990/01/01' is not a date like 01-Jan-1995",
      ],
      ['a bad genre flag', { 'u.item': ITEMS.replace('|0|0|1\n', '|0|0|2\n') }, "u.item:2: genre flag 3 (Comedy) is '2', not 0 or 1"],
      [
        'a missing u.user',
        { 'u.user': null },
        'u.user: missing file u.user: the users (id|age|gender|occupation|zip) that u.data refers to',
      ],
      [
        'a missing u.item',
        { 'u.item': null },
        'u.item: missing file u.item: the films (id|title|release date|…|genre flags) that u.data refers to',
      ],
    ];
    for (const [label, changes, expected] of cases) {
      it(label, () => assert.equal(errorFor(changes), expected));
    }

    it('a missing folder or one with no ratings file', () => {
      const folder = writeFolder({ 'notes.txt': 'nothing here\n' });
      try {
        assert.throws(() => loadMovieLens(folder), {
          name: 'DataError',
          message: `${folder}: not a MovieLens folder: no u.data (100K), ratings.dat (1M) or ratings.csv (latest/20M/25M/32M)`,
        });
        const missing = path.join(folder, 'absent');
        assert.throws(() => loadMovieLens(missing), {
          name: 'DataError',
          message: `${missing}: cannot open the data folder: no such file`,
        });
      } finally {
        removeFolder(folder);
      }
    });
  });

  describe('loadSplit', () => {
    function splitError(base: string, test: string): string {
      const folder = writeFolder({ ...tiny100k(), 'u1.base': base, 'u1.test': test });
      try {
        const data = loadMovieLens(folder);
        assert.throws(() => loadSplit(data, 'u9'), { message: `${folder}: no split named 'u9' (available: u1)` });
        loadSplit(data, 'u1');
      } catch (error) {
        assert.ok(isDataError(error), String(error));
        return error.message.slice(folder.length + 1);
      } finally {
        removeFolder(folder);
      }
      assert.fail('the split loaded without an error');
    }

    it('refuses a user unknown to the data', () => {
      assert.equal(splitError('7\t10\t5\t100\n', '7\t20\t3\t101\n99\t10\t4\t1\n'), 'u1.test:2: user 99 is not in u.user');
    });
    it('refuses a film unknown to the data', () => {
      assert.equal(splitError('7\t10\t5\t100\n7\t77\t5\t100\n', '7\t20\t3\t101\n'), 'u1.base:2: film 77 is not in u.item');
    });
    it('refuses a malformed line', () => {
      assert.equal(
        splitError('7\t10\t5\t100\n\n7 10 5 100\n', ''),
        'u1.base:3: expected 4 fields (user, film, rating, timestamp) separated by tabs, found 1',
      );
    });
  });
});
