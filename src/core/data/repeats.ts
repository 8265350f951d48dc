import type { Ratings } from './types';
import { userRows as rowsByUser } from './userRows';

/**
 * Repeated (user, film) pairs: within one table (a re-rating) or across two (a split whose test
 * part holds training pairs). One pass per user with a per-film marker, so 25M ratings cost two
 * Int32Arrays of the film count and, unless the table is already grouped by user (as every
 * MovieLens ratings file is), one row index per rating.
 */

/** Two rows holding the same (user, film) pair; `first` comes before `second` in its file. */
export interface RowPair {
  readonly first: number;
  readonly second: number;
}

/**
 * Visits every repeat of a (user, film) pair in `ratings`: `visit(kept, row)` where `kept` is the
 * row that the pair's earlier occurrences left standing and `row` the later one; `visit` returns
 * the row to stand from now on. Returns the number of repeats.
 */
function forEachRepeat(ratings: Ratings, userCount: number, itemCount: number, visit: (kept: number, row: number) => number): number {
  const { offsets, order } = rowsByUser(ratings, userCount);
  const markUser = new Int32Array(itemCount).fill(-1);
  const standing = new Int32Array(itemCount);
  const item = ratings.item;
  let repeats = 0;
  for (let user = 0; user < userCount; user++) {
    for (let position = offsets[user]; position < offsets[user + 1]; position++) {
      const row = order === null ? position : order[position];
      const film = item[row];
      if (markUser[film] !== user) {
        markUser[film] = user;
        standing[film] = row;
      } else {
        repeats++;
        standing[film] = visit(standing[film], row);
      }
    }
  }
  return repeats;
}

/** The repeated pair whose second row comes first in the file, or undefined when none. */
export function firstRepeat(ratings: Ratings, userCount: number, itemCount: number): RowPair | undefined {
  let found: RowPair | undefined;
  forEachRepeat(ratings, userCount, itemCount, (kept, row) => {
    if (found === undefined || row < found.second) found = { first: kept, second: row };
    return kept;
  });
  return found;
}

export interface LatestRatings {
  /** `ratings` itself when nothing repeats; otherwise the kept rows, in file order. */
  readonly ratings: Ratings;
  /** Rows dropped (earlier ratings of a pair rated again). */
  readonly dropped: number;
  /** Pairs rated more than once. */
  readonly pairs: number;
  /** One example (the first dropped row): its pair in dense indices, the dropped and the kept row. */
  readonly example?: { readonly user: number; readonly item: number; readonly dropped: number; readonly kept: number };
}

const UNTOUCHED = 0;
const DROPPED = 1;
const WON = 2;

/**
 * Keeps the latest rating of each (user, film) pair by timestamp (on a tie the later line), as
 * for re-ratings in the CSV releases. Compacts the columns in place (row order kept).
 */
export function keepLatestRatings(ratings: Ratings, userCount: number, itemCount: number): LatestRatings {
  const timestamp = ratings.timestamp;
  const role = new Uint8Array(ratings.length);
  let pairs = 0;
  let firstDropped = -1;
  const dropped = forEachRepeat(ratings, userCount, itemCount, (kept, row) => {
    // The standing row is a pair's first occurrence until it has been compared once.
    if (role[kept] === UNTOUCHED) pairs++;
    const later = timestamp[row] >= timestamp[kept];
    const loser = later ? kept : row;
    const winner = later ? row : kept;
    role[loser] = DROPPED;
    role[winner] = WON;
    if (firstDropped < 0 || loser < firstDropped) firstDropped = loser;
    return winner;
  });
  if (dropped === 0) return { ratings, dropped: 0, pairs: 0 };
  const example = {
    user: ratings.user[firstDropped],
    item: ratings.item[firstDropped],
    dropped: firstDropped,
    kept: standingRow(ratings, role, firstDropped),
  };
  const { user, item, rating } = ratings;
  let length = 0;
  for (let row = 0; row < ratings.length; row++) {
    if (role[row] === DROPPED) continue;
    user[length] = user[row];
    item[length] = item[row];
    rating[length] = rating[row];
    timestamp[length] = timestamp[row];
    length++;
  }
  const compact: Ratings = {
    length,
    user: user.subarray(0, length),
    item: item.subarray(0, length),
    rating: rating.subarray(0, length),
    timestamp: timestamp.subarray(0, length),
  };
  return { ratings: compact, dropped, pairs, example };
}

/** The row kept for the pair of `row`. Only for the message's example: a linear search is enough. */
function standingRow(ratings: Ratings, role: Uint8Array, row: number): number {
  const { user, item } = ratings;
  for (let other = 0; other < ratings.length; other++) {
    if (role[other] === WON && user[other] === user[row] && item[other] === item[row]) return other;
  }
  return row;
}

/**
 * (user, film) pairs present in both tables (a split's training and test parts): how many, and
 * the one whose test row comes first. Repeats within one table are not counted here.
 */
export function sharedPairs(
  train: Ratings,
  test: Ratings,
  userCount: number,
  itemCount: number,
): { readonly count: number; readonly first?: { readonly train: number; readonly test: number } } {
  const trainRows = rowsByUser(train, userCount);
  const testRows = rowsByUser(test, userCount);
  const markUser = new Int32Array(itemCount).fill(-1);
  const trainRow = new Int32Array(itemCount);
  let count = 0;
  let first: { train: number; test: number } | undefined;
  for (let user = 0; user < userCount; user++) {
    for (let position = trainRows.offsets[user]; position < trainRows.offsets[user + 1]; position++) {
      const row = trainRows.order === null ? position : trainRows.order[position];
      markUser[train.item[row]] = user;
      trainRow[train.item[row]] = row;
    }
    for (let position = testRows.offsets[user]; position < testRows.offsets[user + 1]; position++) {
      const row = testRows.order === null ? position : testRows.order[position];
      const film = test.item[row];
      if (markUser[film] !== user) continue;
      count++;
      if (first === undefined || row < first.test) first = { train: trainRow[film], test: row };
    }
  }
  return { count, first };
}
