import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { removeFolder, snapshot, tiny100k, tiny1m, tinyCsv, writeFolder } from './folders';

type Files = Record<string, string | Buffer>;
type Format = '100k' | '1m' | 'csv';

interface BadInput {
  readonly format: Format;
  readonly label: string;
  /** Changes the valid tiny folder's files before they are written. */
  readonly edit?: (files: Files) => void;
  /** Runs on the written folder (links, FIFOs, folders in place of files). */
  readonly make?: (folder: string) => void;
  /** 'split': load the folder, then split u1 (the canonical protocol's reader). */
  readonly read?: 'load' | 'split';
  /** The whole message, after the folder and its separator. */
  readonly expected: string;
}

const BASE: Readonly<Record<Format, () => Record<string, string>>> = { '100k': tiny100k, '1m': tiny1m, csv: tinyCsv };

/** Replaces `from` in a text file (which must contain it). */
const replace =
  (name: string, from: string, to: string) =>
  (files: Files): void => {
    const text = String(files[name]);
    assert.ok(text.includes(from), `${name} lacks '${from}'`);
    files[name] = text.replace(from, to);
  };
const append =
  (name: string, text: string) =>
  (files: Files): void => {
    files[name] = String(files[name]) + text;
  };
const set =
  (name: string, content: string | Buffer) =>
  (files: Files): void => {
    files[name] = content;
  };
const drop =
  (name: string) =>
  (files: Files): void => {
    delete files[name];
  };
const utf16 =
  (name: string, bom: 'le' | 'be' | 'none') =>
  (files: Files): void => {
    const little = Buffer.from(String(files[name]), 'utf16le');
    const bytes = bom === 'be' ? Buffer.from(little).swap16() : little;
    files[name] = bom === 'none' ? bytes : Buffer.concat([Buffer.from(bom === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]);
  };
const replaceWith =
  (name: string, make: (file: string) => void) =>
  (folder: string): void => {
    const file = path.join(folder, name);
    fs.rmSync(file, { force: true });
    make(file);
  };

const RATINGS_100K = 'u.data should hold the ratings (user, film, rating, timestamp)';
const USERS_100K = 'u.user should hold the users (id|age|gender|occupation|zip) that u.data refers to';
const RATINGS_1M = 'ratings.dat should hold the ratings (UserID::MovieID::Rating::Timestamp)';
const FIELDS = 'expected 4 fields (user, film, rating, timestamp) separated by';
const WHOLE = '(expected a whole number 1..5)';
const HALF = '(expected 0.5..5 in half stars)';
const TWICE_100K = 'u.data has one rating per (user, film)';
const NUL = 'binary data, not MovieLens text';
const UTF16 = 'UTF-16 is not supported; save as UTF-8';

const CASES: readonly BadInput[] = [
  // ml-100k: u.data
  {
    format: '100k',
    label: 'an almost whole rating',
    edit: replace('u.data', '7\t10\t5\t100', '7\t10\t4.0000001\t100'),
    expected: `u.data:1: rating 4.0000001 is not a whole number ${WHOLE}`,
  },
  {
    format: '100k',
    label: 'a zero rating',
    edit: replace('u.data', '7\t20\t3\t101', '7\t20\t0\t101'),
    expected: `u.data:2: rating 0 is out of range ${WHOLE}`,
  },
  {
    format: '100k',
    label: 'an empty rating field',
    edit: replace('u.data', '7\t20\t3\t101', '7\t20\t\t101'),
    expected: "u.data:2: rating '' is not a number",
  },
  {
    format: '100k',
    label: 'a rating with a sign',
    edit: replace('u.data', '3\t10\t4\t102', '3\t10\t+4\t102'),
    expected: "u.data:3: rating '+4' is not a number",
  },
  {
    format: '100k',
    label: 'a rating in exponent form',
    edit: replace('u.data', '3\t10\t4\t102', '3\t10\t4e0\t102'),
    expected: "u.data:3: rating '4e0' is not a number",
  },
  {
    format: '100k',
    label: 'three fields',
    edit: replace('u.data', '3\t40\t1\t103', '3\t40\t1'),
    expected: `u.data:4: ${FIELDS} tabs, found 3`,
  },
  {
    format: '100k',
    label: 'five fields',
    edit: replace('u.data', '5\t30\t2\t104', '5\t30\t2\t104\t'),
    expected: `u.data:5: ${FIELDS} tabs, found 5`,
  },
  {
    format: '100k',
    label: 'spaces for tabs',
    edit: replace('u.data', '5\t20\t4\t105', '5 20 4 105'),
    expected: `u.data:6: ${FIELDS} tabs, found 1`,
  },
  {
    format: '100k',
    label: 'a negative user id',
    edit: replace('u.data', '7\t20\t3\t101', '-7\t20\t3\t101'),
    expected: "u.data:2: user id '-7' is not a whole number",
  },
  {
    format: '100k',
    label: 'a user not in u.user',
    edit: replace('u.data', '3\t40\t1\t103', '8\t40\t1\t103'),
    expected: 'u.data:4: user 8 is not in u.user',
  },
  {
    format: '100k',
    label: 'a film not in u.item',
    edit: replace('u.data', '3\t40\t1\t103', '3\t41\t1\t103'),
    expected: 'u.data:4: film 41 is not in u.item',
  },
  {
    format: '100k',
    label: 'a timestamp with letters',
    edit: replace('u.data', '5\t30\t2\t104', '5\t30\t2\t10x4'),
    expected: "u.data:5: timestamp '10x4' is not a whole number",
  },
  {
    format: '100k',
    label: 'a pair rated twice',
    edit: append('u.data', '\n7\t20\t1\t500\n'),
    expected: `u.data:8: user 7 rated film 20 a second time (first on line 2): ${TWICE_100K}`,
  },
  {
    format: '100k',
    label: 'a terminal escape in a user id',
    edit: replace('u.data', '3\t10\t4\t102', '3\x1b[31m\t10\t4\t102'),
    expected: "u.data:3: user id '3\\x1b[31m' is not a whole number",
  },
  {
    format: '100k',
    label: 'a NUL byte in line 3',
    edit: replace('u.data', '3\t10\t4\t102', '3\t10\t4\t1\x0002'),
    expected: `u.data:3: NUL byte at column 9: ${NUL}`,
  },
  { format: '100k', label: 'UTF-16 without a byte order mark', edit: utf16('u.data', 'none'), expected: `u.data:1: ${UTF16}` },
  {
    format: '100k',
    label: 'an empty u.data',
    edit: set('u.data', ''),
    expected: 'u.data: no ratings (the file is empty): nothing to train on or test',
  },
  {
    format: '100k',
    label: 'a blank u.data',
    edit: set('u.data', ' \n\t\n\r\n'),
    expected: 'u.data: no ratings (the file holds only blank lines): nothing to train on or test',
  },
  {
    format: '100k',
    label: 'u.data is a folder',
    make: replaceWith('u.data', (file) => fs.mkdirSync(file)),
    expected: `u.data: is a folder, not a file: ${RATINGS_100K}`,
  },
  {
    format: '100k',
    label: 'u.data is a FIFO',
    make: replaceWith('u.data', (file) => execFileSync('mkfifo', [file])),
    expected: `u.data: is a named pipe (FIFO), not a file: ${RATINGS_100K}`,
  },
  {
    format: '100k',
    label: 'u.data is a dangling link',
    make: replaceWith('u.data', (file) => fs.symlinkSync('../nowhere/u.data', file)),
    expected: `u.data: is a symbolic link to '../nowhere/u.data', which does not exist: ${RATINGS_100K}`,
  },
  {
    format: '100k',
    label: 'u.data is a looping link',
    make: replaceWith('u.data', (file) => fs.symlinkSync('u.data', file)),
    expected: `u.data: is a symbolic link that loops (too many levels of links): ${RATINGS_100K}`,
  },
  // ml-100k: the other files
  { format: '100k', label: 'u.user in UTF-16 with a byte order mark', edit: utf16('u.user', 'le'), expected: `u.user:1: ${UTF16}` },
  {
    format: '100k',
    label: 'u.user is a folder',
    make: replaceWith('u.user', (file) => fs.mkdirSync(file)),
    expected: `u.user: is a folder, not a file: ${USERS_100K}`,
  },
  {
    format: '100k',
    label: 'a C1 control (one-byte CSI) in a gender',
    edit: (files) => {
      files['u.user'] = Buffer.from(String(files['u.user']).replace('3|41|M|', '3|41|M\x9b2J|'), 'latin1');
    },
    expected: "u.user:2: gender 'M\\x9b2J' is not M or F",
  },
  {
    format: '100k',
    label: 'an escape in a release date',
    edit: replace('u.item', '01-Jan-1990', '01-Jan-1990\x1b[0m'),
    expected: "u.item:1: release date '01-Jan-1990\\x1b[0m' is not a date like 01-Jan-1995",
  },
  {
    format: '100k',
    label: 'a u.item line over 1 MiB',
    edit: replace('u.item', 'Beta Film (1991)', `Beta ${'x'.repeat(1 << 20)}`),
    expected: 'u.item:2: line is longer than 1048576 bytes: not a MovieLens text file',
  },
  // ml-100k: the split files, as the canonical protocol reads them
  {
    format: '100k',
    label: 'u1.test shares pairs with u1.base',
    read: 'split',
    edit: append('u1.base', '3\t40\t2\t103\n'),
    expected:
      'u1.test:2: u1.test and u1.base share 1 (user, film) pair, the first here (user 3, film 40; u1.base:5): split u1 would test on training ratings',
  },
  {
    format: '100k',
    label: 'u1.test is u1.base',
    read: 'split',
    make: replaceWith('u1.test', (file) => fs.symlinkSync('u1.base', file)),
    expected: 'u1.test: is the same file as u1.base: split u1 would test on its training ratings',
  },
  {
    format: '100k',
    label: 'an empty u1.test',
    read: 'split',
    edit: set('u1.test', ''),
    expected: 'u1.test: no ratings (the file is empty): split u1 would have an empty test set, which cannot be scored',
  },
  {
    format: '100k',
    label: 'a pair twice in u1.base',
    read: 'split',
    edit: append('u1.base', '7\t10\t1\t300\n'),
    expected: 'u1.base:5: user 7 rated film 10 a second time (first on line 1): u1.base has one rating per (user, film)',
  },
  {
    format: '100k',
    label: 'a half star in u1.test',
    read: 'split',
    edit: replace('u1.test', '3\t40\t1\t103', '3\t40\t1.5\t103'),
    expected: `u1.test:2: rating 1.5 is not a whole number ${WHOLE}`,
  },
  // ml-1m
  {
    format: '1m',
    label: 'a half star in ratings.dat',
    edit: replace('ratings.dat', '2::8::3::', '2::8::3.5::'),
    expected: `ratings.dat:2: rating 3.5 is not a whole number ${WHOLE}`,
  },
  {
    format: '1m',
    label: 'an almost whole rating in ratings.dat',
    edit: replace('ratings.dat', '4::8::2::', '4::8::2.0000000001::'),
    expected: `ratings.dat:4: rating 2.0000000001 is not a whole number ${WHOLE}`,
  },
  {
    format: '1m',
    label: 'three fields in ratings.dat',
    edit: replace('ratings.dat', '9::6::1::978301968', '9::6::1'),
    expected: `ratings.dat:3: ${FIELDS} '::', found 3`,
  },
  {
    format: '1m',
    label: 'single colons in ratings.dat',
    edit: replace('ratings.dat', '4::5::5::978300760', '4:5:5:978300760'),
    expected: `ratings.dat:1: ${FIELDS} '::', found 1`,
  },
  {
    format: '1m',
    label: 'a pair rated twice in ratings.dat',
    edit: append('ratings.dat', '9::6::5::978309999\n'),
    expected: 'ratings.dat:5: user 9 rated film 6 a second time (first on line 3): ratings.dat has one rating per (user, film)',
  },
  {
    format: '1m',
    label: 'a user not in users.dat',
    edit: replace('ratings.dat', '9::6::1::', '19::6::1::'),
    expected: 'ratings.dat:3: user 19 is not in users.dat',
  },
  {
    format: '1m',
    label: 'a NUL byte in ratings.dat',
    edit: replace('ratings.dat', '4::8::2::978300275', '4::8::2::\x00'),
    expected: `ratings.dat:4: NUL byte at column 10: ${NUL}`,
  },
  { format: '1m', label: 'ratings.dat in UTF-16 big-endian', edit: utf16('ratings.dat', 'be'), expected: `ratings.dat:1: ${UTF16}` },
  {
    format: '1m',
    label: 'an empty ratings.dat',
    edit: set('ratings.dat', ''),
    expected: 'ratings.dat: no ratings (the file is empty): nothing to train on or test',
  },
  {
    format: '1m',
    label: 'ratings.dat is a folder',
    make: replaceWith('ratings.dat', (file) => fs.mkdirSync(file)),
    expected: `ratings.dat: is a folder, not a file: ${RATINGS_1M}`,
  },
  {
    format: '1m',
    label: 'an occupation code out of range',
    edit: replace('users.dat', '::20::', '::21::'),
    expected: "users.dat:3: occupation '21' is not a code 0..20",
  },
  {
    format: '1m',
    label: 'an escape in a gender',
    edit: replace('users.dat', '2::F::', '2::F\x1b]0;x\x07::'),
    expected: "users.dat:2: gender 'F\\x1b]0;x\\x07' is not M or F",
  },
  {
    format: '1m',
    label: 'a film listed twice in movies.dat',
    edit: append('movies.dat', '5::Again (2001)::War\n'),
    expected: 'movies.dat:4: film id 5 appears twice (first on line 1)',
  },
  // CSV releases
  {
    format: 'csv',
    label: 'a wrong header',
    edit: replace('ratings.csv', 'userId,movieId', 'userid,movieid'),
    expected: "ratings.csv:1: expected the header 'userId,movieId,rating,timestamp', found 'userid,movieid,rating,timestamp'",
  },
  {
    format: 'csv',
    label: 'only the header',
    edit: set('ratings.csv', 'userId,movieId,rating,timestamp\n'),
    expected: 'ratings.csv: no ratings (nothing after the header line): nothing to train on or test',
  },
  {
    format: 'csv',
    label: 'a quarter star',
    edit: replace('ratings.csv', '12,3,4.5,', '12,3,4.25,'),
    expected: `ratings.csv:2: rating 4.25 is not a whole or half star ${HALF}`,
  },
  {
    format: 'csv',
    label: 'an almost half star',
    edit: replace('ratings.csv', '12,3,4.5,', '12,3,4.5000001,'),
    expected: `ratings.csv:2: rating 4.5000001 is not a whole or half star ${HALF}`,
  },
  {
    format: 'csv',
    label: 'a zero rating',
    edit: replace('ratings.csv', '5,1,0.5,', '5,1,0.0,'),
    expected: `ratings.csv:3: rating 0.0 is out of range ${HALF}`,
  },
  {
    format: 'csv',
    label: 'a film not in movies.csv',
    edit: replace('ratings.csv', '40,1,', '40,2,'),
    expected: 'ratings.csv:6: film 2 is not in movies.csv',
  },
  {
    format: 'csv',
    label: 'five fields',
    edit: replace('ratings.csv', '5,9,3,964983815', '5,9,3,964983815,x'),
    expected: `ratings.csv:5: ${FIELDS} commas, found 5`,
  },
  {
    format: 'csv',
    label: 'a user id in exponent form',
    edit: replace('ratings.csv', '12,7,5.0,', '1e3,7,5.0,'),
    expected: "ratings.csv:4: user id '1e3' is not a whole number",
  },
  {
    format: 'csv',
    label: 'a negative timestamp',
    edit: replace('ratings.csv', '964983815', '-964983815'),
    expected: "ratings.csv:5: timestamp '-964983815' is not a whole number",
  },
  {
    format: 'csv',
    label: 'an escape sequence for a rating',
    edit: replace('ratings.csv', '12,7,5.0,', '12,7,\x1b]8;;http://x\x07,'),
    expected: "ratings.csv:4: rating '\\x1b]8;;http://x\\x07' is not a number",
  },
  {
    format: 'csv',
    label: 'ratings.csv in UTF-16 without a byte order mark',
    edit: utf16('ratings.csv', 'none'),
    expected: `ratings.csv:1: ${UTF16}`,
  },
  {
    format: 'csv',
    label: 'a NUL byte in ratings.csv',
    edit: replace('ratings.csv', '5,9,3,', '5,9,\x00,'),
    expected: `ratings.csv:5: NUL byte at column 5: ${NUL}`,
  },
  {
    format: 'csv',
    label: 'an unterminated quote in movies.csv',
    edit: replace('movies.csv', '"Film, With Comma (1994)"', '"Film, With Comma (1994)'),
    expected: 'movies.csv:3: unterminated quoted field starting at column 3',
  },
  {
    format: 'csv',
    label: 'no movies.csv',
    edit: drop('movies.csv'),
    expected: 'movies.csv: missing file movies.csv: the films (movieId,title,genres) that ratings.csv refers to',
  },
  {
    format: 'csv',
    label: 'movies.csv is a dangling link',
    make: replaceWith('movies.csv', (file) => fs.symlinkSync('gone.csv', file)),
    expected:
      "movies.csv: is a symbolic link to 'gone.csv', which does not exist: movies.csv should hold the films (movieId,title,genres) that ratings.csv refers to",
  },
  {
    format: 'csv',
    label: 'ratings.csv is a link to a device',
    make: replaceWith('ratings.csv', (file) => fs.symlinkSync('/dev/zero', file)),
    expected: 'ratings.csv: is a character device, not a file: ratings.csv should hold the ratings (userId,movieId,rating,timestamp)',
  },
];

/** Control characters that must never reach a terminal or a notification raw. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('malformed inputs across 100K, 1M and CSV: file:line, nothing written', () => {
  it('covers at least 40 inputs in each of the three formats together', () => {
    assert.ok(CASES.length >= 40, `${CASES.length} cases`);
    for (const format of ['100k', '1m', 'csv'] as const) assert.ok(CASES.filter((input) => input.format === format).length >= 10, format);
  });

  for (const input of CASES) {
    it(`${input.format}: ${input.label}`, () => {
      const files: Files = { ...BASE[input.format]() };
      input.edit?.(files);
      const folder = writeFolder(files);
      try {
        input.make?.(folder);
        const before = snapshot(folder);
        let message: string | undefined;
        try {
          const data = loadMovieLens(folder);
          if (input.read === 'split') loadSplit(data, 'u1');
        } catch (error) {
          assert.ok(isDataError(error), `not a DataError: ${String(error)}`);
          message = error.message;
        }
        assert.ok(message !== undefined, 'accepted');
        assert.equal(message, `${folder}${path.sep}${input.expected}`);
        assert.doesNotMatch(message, RAW_CONTROL);
        assert.deepEqual(snapshot(folder), before, 'the data folder changed');
      } finally {
        removeFolder(folder);
      }
    });
  }
});
