import type { Ratings } from './types';

/**
 * The rows of each user: rows offsets[u] .. offsets[u+1] of `order`, in file order (`order` null:
 * the table is already grouped by user, as every MovieLens ratings file is, and the positions are
 * the rows). Built in one pass (two when not grouped); a user's ratings then cost their number,
 * not the table's length, to visit.
 */
export interface UserRows {
  readonly offsets: Int32Array;
  readonly order: Int32Array | null;
}

export function userRows(ratings: Ratings, userCount: number): UserRows {
  const offsets = new Int32Array(userCount + 1);
  const { user, length } = ratings;
  let grouped = true;
  for (let row = 0; row < length; row++) {
    offsets[user[row] + 1]++;
    if (row > 0 && user[row] < user[row - 1]) grouped = false;
  }
  for (let index = 0; index < userCount; index++) offsets[index + 1] += offsets[index];
  if (grouped) return { offsets, order: null };
  // Counting sort, stable: each user's rows stay in file order.
  const next = offsets.slice(0, userCount);
  const order = new Int32Array(length);
  for (let row = 0; row < length; row++) order[next[user[row]]++] = row;
  return { offsets, order };
}

/** The rows of one user, in file order. */
export function rowsOfUser(rows: UserRows, user: number): Int32Array {
  const start = rows.offsets[user];
  const end = rows.offsets[user + 1];
  if (rows.order !== null) return rows.order.subarray(start, end);
  const result = new Int32Array(end - start);
  for (let position = start; position < end; position++) result[position - start] = position;
  return result;
}
