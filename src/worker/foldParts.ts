/**
 * Which part of a fold a rating is in: the training part the model learnt from, or the test part
 * held out to measure it. For hovers ("this rating was held out") and the spot check. Answered
 * from the user's own ratings (the data's per-user index and the fold's test mask), so at 25M
 * ratings a question costs the user's ratings, not a pass over the fold.
 */
import type { Fold, MovieLensData, Ratings } from '../core/data/types';
import { rowsOfUser, userRows } from '../core/data/userRows';
import type { UserRows } from '../core/data/userRows';
import type { RunFolds } from './runFolds';

export type FoldPart = 'train' | 'test';

const indexByData = new WeakMap<MovieLensData, UserRows>();

/** Each user's rows of the data, made once per data set. */
export function userRowsOf(data: MovieLensData): UserRows {
  let rows = indexByData.get(data);
  if (rows === undefined) {
    rows = userRows(data.ratings, data.users.count);
    indexByData.set(data, rows);
  }
  return rows;
}

/** How many ratings the user has in the data. */
export function ratingCountOf(data: MovieLensData, user: number): number {
  const { offsets } = userRowsOf(data);
  return offsets[user + 1] - offsets[user];
}

/**
 * One user's ratings in fold `index` as a fold of their ratings alone (both parts in file order):
 * what a spot check or a hover reads. A fold of the data's rows is split by its test mask; a fold
 * read from split files (100K's, small) is scanned.
 */
export function userFold(folds: RunFolds, index: number, user: number): Fold {
  const mask = folds.testMask(index);
  if (mask !== undefined) {
    const ratings = folds.data.ratings;
    const rows = rowsOfUser(userRowsOf(folds.data), user);
    const name = folds.names[index];
    return {
      name,
      train: pick(
        ratings,
        rows.filter((row) => mask[row] === 0),
      ),
      test: pick(
        ratings,
        rows.filter((row) => mask[row] === 1),
      ),
    };
  }
  const fold = folds.fold(index);
  if (fold === undefined) throw new RangeError(`The run has no fold ${index + 1}.`);
  const ofUser = (ratings: Ratings): Ratings => {
    const rows: number[] = [];
    for (let row = 0; row < ratings.length; row++) if (ratings.user[row] === user) rows.push(row);
    return pick(ratings, rows);
  };
  return { name: fold.name, train: ofUser(fold.train), test: ofUser(fold.test) };
}

function pick(ratings: Ratings, rows: ArrayLike<number>): Ratings {
  const length = rows.length;
  const picked = {
    length,
    user: new Int32Array(length),
    item: new Int32Array(length),
    rating: new Float32Array(length),
    timestamp: new Float64Array(length),
  };
  for (let position = 0; position < length; position++) {
    const row = rows[position];
    picked.user[position] = ratings.user[row];
    picked.item[position] = ratings.item[row];
    picked.rating[position] = ratings.rating[row];
    picked.timestamp[position] = ratings.timestamp[row];
  }
  return picked;
}

/** The user's films in each part of a fold of their ratings, with the ratings. */
export function userParts(fold: Fold): { readonly train: Map<number, number>; readonly test: Map<number, number> } {
  const ratedIn = (ratings: Ratings): Map<number, number> => {
    const rated = new Map<number, number>();
    for (let index = 0; index < ratings.length; index++) rated.set(ratings.item[index], ratings.rating[index]);
    return rated;
  };
  return { train: ratedIn(fold.train), test: ratedIn(fold.test) };
}

/** The part of a fold of one user's ratings that holds the film, if either does. */
export function ratingPart(fold: Fold, item: number): FoldPart | undefined {
  const inPart = (ratings: Ratings): boolean => ratings.item.includes(item);
  if (inPart(fold.train)) return 'train';
  if (inPart(fold.test)) return 'test';
  return undefined;
}
