import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdIndex } from './columns';
import { DataError } from './errors';
import { describeError } from './lines';
import { load100k } from './load100k';
import { load1m } from './load1m';
import { loadCsv } from './loadCsv';
import { LAYOUT_100K, lineNumbersOfRows, readRatingsFile } from './ratingsFile';
import { sharedPairs } from './repeats';
import type { LoadOptions, MovieLensData, MovieLensFormat } from './types';
import type { Fold } from './types';

/** The file whose presence identifies each format, most specific first. */
const SIGNATURES: ReadonlyArray<readonly [string, MovieLensFormat]> = [
  ['u.data', 'ml-100k'],
  ['ratings.dat', 'ml-1m'],
  ['ratings.csv', 'ml-csv'],
];

/**
 * The MovieLens release a folder holds, from its file names alone (cheap: no file is read);
 * undefined when it holds none of u.data, ratings.dat, ratings.csv.
 */
export function detectMovieLensFormat(folder: string): MovieLensFormat | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return undefined;
  }
  for (const [file, format] of SIGNATURES) if (names.includes(file)) return format;
  return undefined;
}

/**
 * Loads a MovieLens folder (100K, 1M or a CSV release) into typed columns with dense ids.
 * Synchronous; never writes to the folder. Throws DataError naming file and line on bad input.
 * `options`: rating columns in shared memory, progress of the ratings file's reading.
 */
export function loadMovieLens(folder: string, options: LoadOptions = {}): MovieLensData {
  const absolute = path.resolve(folder);
  let isFolder = false;
  try {
    isFolder = fs.statSync(absolute).isDirectory();
  } catch (error) {
    throw new DataError(absolute, 0, `cannot open the data folder: ${describeError(error)}`);
  }
  if (!isFolder) throw new DataError(absolute, 0, 'is a file; expected a MovieLens folder');
  const format = detectMovieLensFormat(absolute);
  switch (format) {
    case 'ml-100k':
      return load100k(absolute, options);
    case 'ml-1m':
      return load1m(absolute, options);
    case 'ml-csv':
      return loadCsv(absolute, options);
    case undefined:
      throw new DataError(absolute, 0, 'not a MovieLens folder: no u.data (100K), ratings.dat (1M) or ratings.csv (latest/20M/25M/32M)');
  }
}

/**
 * A canonical split shipped with the data (u1..u5, ua, ub) as a Fold, its ids mapped through the
 * data's id maps. An id unknown to the data, a malformed line, an empty part, a (user, film) pair
 * rated twice in one part or present in both (or both names for one file) is a DataError.
 */
export function loadSplit(data: MovieLensData, name: string): Fold {
  const split = data.splits.find((candidate) => candidate.name === name);
  if (!split) {
    const available = data.splits.map((candidate) => candidate.name).join(', ');
    const problem = available
      ? `no split named '${name}' (available: ${available})`
      : `no split named '${name}': this folder has no canonical split files (u1.base/u1.test …)`;
    throw new DataError(data.folder, 0, problem);
  }
  const { trainFile, testFile } = split;
  const ids = {
    users: IdIndex.fromRawIds(data.users.rawId),
    addUnknownUsers: false,
    usersFile: path.join(data.folder, 'u.user'),
    items: IdIndex.fromRawIds(data.items.rawId),
    itemsFile: data.itemsFile,
  };
  const testName = path.basename(testFile);
  const trainName = path.basename(trainFile);
  if (sameFile(trainFile, testFile)) {
    throw new DataError(testFile, 0, `is the same file as ${trainName}: split ${name} would test on its training ratings`);
  }
  const train = readRatingsFile(trainFile, LAYOUT_100K, ids, `split ${name} would have nothing to train on`).ratings;
  const test = readRatingsFile(testFile, LAYOUT_100K, ids, `split ${name} would have an empty test set, which cannot be scored`).ratings;
  const shared = sharedPairs(train, test, data.users.count, data.items.count);
  if (shared.first !== undefined) {
    const [trainLine] = lineNumbersOfRows(trainFile, LAYOUT_100K, [shared.first.train]);
    const [testLine] = lineNumbersOfRows(testFile, LAYOUT_100K, [shared.first.test]);
    const user = data.users.rawId[test.user[shared.first.test]];
    const item = data.items.rawId[test.item[shared.first.test]];
    const pairs = shared.count === 1 ? '1 (user, film) pair' : `${shared.count} (user, film) pairs`;
    throw new DataError(
      testFile,
      testLine,
      `${testName} and ${trainName} share ${pairs}, the first here (user ${user}, film ${item}; ${trainName}:${trainLine}): split ${name} would test on training ratings`,
    );
  }
  return { name, train, test };
}

/** Two paths for one file (a hard or symbolic link, or the same name): compared by device and inode. */
function sameFile(first: string, second: string): boolean {
  try {
    const a = fs.statSync(first);
    const b = fs.statSync(second);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    // Reading either reports what is wrong with it.
    return false;
  }
}
