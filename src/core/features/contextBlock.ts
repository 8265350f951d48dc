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
import { mapTimestamps } from '../data/ratingTimes';
import type { MovieLensData, Ratings } from '../data/types';
import type { FeatureGroup } from './groups';
import { dayLabel, dayOf, driftValue, frequencyBucket, frequencyLabel, monthLabel, monthOfDay } from './timeContext';
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
  /**
   * Per training rating (in the order given): its row. createState sorts it into its cases' order
   * in place (it is the state's context case rows then), so the blocks make one state.
   */
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
  // Each rating's time, overwritten below by its row (4 bytes a rating, the timestamps never copied).
  const trainRow = mapTimestamps(train, timeOf);
  const testRow = mapTimestamps(test, timeOf);
  const { ownerStart, time } = userTimes(users, [train.user, test.user], [trainRow, testRow]);
  const count = time.length;
  const owner = new Int32Array(count);
  for (let user = 0; user < users; user++) owner.fill(user, ownerStart[user], ownerStart[user + 1]);
  for (const [ratings, rows] of [
    [train, trainRow],
    [test, testRow],
  ] as const) {
    for (let index = 0; index < ratings.length; index++) {
      const user = ratings.user[index];
      rows[index] = search(time, ownerStart[user], ownerStart[user + 1], rows[index]);
    }
  }
  return { key, count, owner, time, ownerStart, trainRow, testRow };
}

/**
 * Each user's distinct times, ascending (user u's are time[ownerStart[u] .. ownerStart[u+1]]):
 * the times grouped by user (a counting sort), then sorted and deduplicated per user, in place.
 */
export function userTimes(
  users: number,
  userColumns: readonly Int32Array[],
  timeColumns: readonly Int32Array[],
): { ownerStart: Int32Array; time: Int32Array } {
  const start = new Int32Array(users + 1);
  for (const column of userColumns) for (let index = 0; index < column.length; index++) start[column[index] + 1]++;
  for (let user = 0; user < users; user++) start[user + 1] += start[user];
  const next = start.slice(0, users);
  const grouped = new Int32Array(start[users]);
  userColumns.forEach((column, part) => {
    const times = timeColumns[part];
    for (let index = 0; index < column.length; index++) grouped[next[column[index]]++] = times[index];
  });
  const ownerStart = new Int32Array(users + 1);
  let count = 0;
  for (let user = 0; user < users; user++) {
    const times = grouped.subarray(start[user], start[user + 1]).sort();
    // Writes never pass the read position: count ≤ start[user] + index.
    for (let index = 0; index < times.length; index++)
      if (index === 0 || times[index] !== times[index - 1]) grouped[count++] = times[index];
    ownerStart[user + 1] = count;
  }
  return { ownerStart, time: grouped.slice(0, count) };
}

/** Position of `key` in ascending `keys[low .. high)` (it is there). */
function search(keys: Int32Array, low: number, high: number, key: number): number {
  high--;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The context block's entries: per row its date, (user, day) and month, the films its user rated
 * that day in `train` (dayImplicit) and how many (dayFrequency), and its user's drift value
 * (userDrift), as `enabled` asks.
 * Only the training ratings are read (never a test rating's film or value); a test rating's row
 * has its day from its own timestamp, known when it is predicted.
 */
export function contextTriplets(
  data: MovieLensData,
  layout: ContextLayout,
  train: Ratings,
  enabled: ReadonlySet<FeatureGroup>,
): TripletBuilder {
  const builder = new TripletBuilder(layout.count * 4 + (enabled.has('dayImplicit') ? train.length : 0));
  const rawId = data.users.rawId;
  const byDay = layout.key === 'day';
  const meanDay = byDay && enabled.has('userDrift') ? meanTrainingDay(data.users.count, layout, train) : null;
  const dayRatings = byDay && enabled.has('dayFrequency') ? ratingsPerRow(layout, train) : null;
  for (let row = 0; row < layout.count; row++) {
    const time = layout.time[row];
    const user = layout.owner[row];
    if (byDay && enabled.has('ratingDate')) builder.add(row, builder.column('ratingDate', dayLabel(time)), 1);
    if (byDay && enabled.has('userDay')) builder.add(row, builder.column('userDay', `${rawId[user]}@${dayLabel(time)}`), 1);
    if (enabled.has('ratingMonth')) builder.add(row, builder.column('ratingMonth', monthLabel(byDay ? monthOfDay(time) : time)), 1);
    if (dayRatings !== null) builder.add(row, builder.column('dayFrequency', frequencyLabel(frequencyBucket(dayRatings[row]))), 1);
    if (meanDay !== null && !Number.isNaN(meanDay[user])) {
      const value = driftValue(time - meanDay[user]);
      if (value !== 0) builder.add(row, builder.column('userDrift', String(rawId[user])), value);
    }
  }
  if (byDay && enabled.has('dayImplicit')) addDayImplicit(builder, data, layout, train);
  return builder;
}

/** Per row: its training ratings. */
function ratingsPerRow(layout: ContextLayout, train: Ratings): Int32Array {
  const count = new Int32Array(layout.count);
  for (let index = 0; index < train.length; index++) count[layout.trainRow[index]]++;
  return count;
}

/** Per user: the mean day of the user's training ratings (NaN for a user without any). */
function meanTrainingDay(users: number, layout: ContextLayout, train: Ratings): Float64Array {
  const sum = new Float64Array(users);
  const count = new Float64Array(users);
  for (let index = 0; index < train.length; index++) {
    sum[train.user[index]] += layout.time[layout.trainRow[index]];
    count[train.user[index]]++;
  }
  return sum.map((total, user) => (count[user] > 0 ? total / count[user] : Number.NaN));
}

/** Per (user, day) row: the films of the row's training ratings, each 1/√n (n the row's training ratings). */
function addDayImplicit(builder: TripletBuilder, data: MovieLensData, layout: ContextLayout, train: Ratings): void {
  const start = new Int32Array(layout.count + 1);
  for (let index = 0; index < train.length; index++) start[layout.trainRow[index] + 1]++;
  for (let row = 0; row < layout.count; row++) start[row + 1] += start[row];
  const next = start.slice(0, layout.count);
  const films = new Int32Array(train.length);
  for (let index = 0; index < train.length; index++) films[next[layout.trainRow[index]]++] = train.item[index];
  const filmColumn = new Int32Array(data.items.count).fill(-1);
  for (let row = 0; row < layout.count; row++) {
    const weight = 1 / Math.sqrt(start[row + 1] - start[row]);
    for (let entry = start[row]; entry < start[row + 1]; entry++) {
      const film = films[entry];
      if (filmColumn[film] < 0) filmColumn[film] = builder.column('dayImplicit', String(data.items.rawId[film]));
      builder.add(row, filmColumn[film], weight);
    }
  }
}
