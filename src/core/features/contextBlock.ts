/**
 * The FM's third block: the context of a rating, keyed by (user, day) — or (user, month) when the
 * month is the finest time asked for — holding the rating's time features (ratingDate, userDay,
 * ratingMonth). Each case points to one row of the user, film and context blocks, and the model
 * takes every pairwise interaction across the three (Rendle, "Scaling Factorization Machines to
 * Relational Data", VLDB 2013: any number of blocks). The user's own features, implicit feedback
 * included, stay in the user block, once per user, instead of being copied to each of the user's
 * days as context rows of the user block did.
 *
 * Rows are the distinct (user, time) pairs of the training and the test ratings, grouped by user
 * and ascending in time, so sorting the training cases by context row also sorts them by user
 * (the kernels walk both contiguously). A pair with no training rating is a cold row: its userDay
 * (and any date no training rating has) is left out of the design, and the MCMC solver gives it
 * its groups' prior means instead (fm/coldRows.ts).
 */
import type { MovieLensData, Ratings } from '../data/types';
import type { FeatureGroup } from './groups';
import { dayLabel, dayOf, monthLabel, monthOfDay } from './timeContext';
import { TripletBuilder } from './tripletBuilder';

/** The context block's rows and each rating's row. */
export interface ContextLayout {
  readonly key: 'day' | 'month';
  readonly count: number;
  /** Per row: its user. */
  readonly owner: Int32Array;
  /** Per row: its day or month. */
  readonly time: Int32Array;
  /** User u's rows are ownerStart[u] .. ownerStart[u+1], ascending in time. */
  readonly ownerStart: Int32Array;
  /** Per training rating (in the order given): its row. */
  readonly trainRow: Int32Array;
  /** Per test rating: its row. */
  readonly testRow: Int32Array;
}

/** The rows of the (user, time) pairs of `train` and `test`. */
export function contextLayout(users: number, key: 'day' | 'month', train: Ratings, test: Ratings): ContextLayout {
  const months = new Map<number, number>();
  const timeOf = (timestamp: number): number => {
    const day = dayOf(timestamp);
    if (key === 'day') return day;
    let month = months.get(day);
    if (month === undefined) months.set(day, (month = monthOfDay(day)));
    return month;
  };
  const trainTime = Int32Array.from(train.timestamp, timeOf);
  const testTime = Int32Array.from(test.timestamp, timeOf);
  let minTime = Number.POSITIVE_INFINITY;
  let maxTime = Number.NEGATIVE_INFINITY;
  for (const times of [trainTime, testTime]) {
    for (let index = 0; index < times.length; index++) {
      minTime = Math.min(minTime, times[index]);
      maxTime = Math.max(maxTime, times[index]);
    }
  }
  if (!(minTime <= maxTime)) minTime = maxTime = 0;
  // user · span + (time − minTime) orders by user, then time; exact in a double for any MovieLens size.
  const span = maxTime - minTime + 1;
  const keyOf = (user: number, time: number): number => user * span + time - minTime;
  const keys = new Float64Array(train.length + test.length);
  for (let index = 0; index < train.length; index++) keys[index] = keyOf(train.user[index], trainTime[index]);
  for (let index = 0; index < test.length; index++) keys[train.length + index] = keyOf(test.user[index], testTime[index]);
  keys.sort();
  let count = 0;
  for (let index = 0; index < keys.length; index++) if (index === 0 || keys[index] !== keys[index - 1]) keys[count++] = keys[index];
  const rowKeys = keys.subarray(0, count);
  const owner = new Int32Array(count);
  const time = new Int32Array(count);
  const ownerStart = new Int32Array(users + 1);
  for (let row = 0; row < count; row++) {
    owner[row] = Math.floor(rowKeys[row] / span);
    time[row] = (rowKeys[row] % span) + minTime;
    ownerStart[owner[row] + 1]++;
  }
  for (let user = 0; user < users; user++) ownerStart[user + 1] += ownerStart[user];
  const rowsOf = (ratings: Ratings, times: Int32Array): Int32Array =>
    Int32Array.from(ratings.user, (user, index) => search(rowKeys, keyOf(user, times[index])));
  return { key, count, owner, time, ownerStart, trainRow: rowsOf(train, trainTime), testRow: rowsOf(test, testTime) };
}

/** Position of `key` in ascending `keys` (it is there). */
function search(keys: Float64Array, key: number): number {
  let low = 0;
  let high = keys.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The context block's entries: per row its date, (user, day) and month, as `enabled` asks. */
export function contextTriplets(data: MovieLensData, layout: ContextLayout, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  const builder = new TripletBuilder(layout.count * 3);
  const rawId = data.users.rawId;
  const byDay = layout.key === 'day';
  for (let row = 0; row < layout.count; row++) {
    const time = layout.time[row];
    if (byDay && enabled.has('ratingDate')) builder.add(row, builder.column('ratingDate', dayLabel(time)), 1);
    if (byDay && enabled.has('userDay')) builder.add(row, builder.column('userDay', `${rawId[layout.owner[row]]}@${dayLabel(time)}`), 1);
    if (enabled.has('ratingMonth')) builder.add(row, builder.column('ratingMonth', monthLabel(byDay ? monthOfDay(time) : time)), 1);
  }
  return builder;
}
