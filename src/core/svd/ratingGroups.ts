import type { Ratings } from '../data/types';

/**
 * Ratings grouped by user or by item, CSR style: the ratings of group g are
 * partner[offset[g] .. offset[g+1]) with values value[...]. Built once per fold so an ALS sweep
 * reads each user's (or film's) ratings contiguously.
 */
export interface RatingGroups {
  readonly count: number;
  readonly offset: Int32Array;
  /** The other side's index (the item for user groups, the user for item groups). */
  readonly partner: Int32Array;
  readonly value: Float64Array;
}

/** Groups `ratings` by user (`by = 'user'`) or by item, keeping file order inside a group. */
export function groupRatings(ratings: Ratings, count: number, by: 'user' | 'item'): RatingGroups {
  const keys = by === 'user' ? ratings.user : ratings.item;
  const partners = by === 'user' ? ratings.item : ratings.user;
  const length = ratings.length;
  const offset = new Int32Array(count + 1);
  for (let index = 0; index < length; index++) offset[keys[index] + 1]++;
  for (let group = 0; group < count; group++) offset[group + 1] += offset[group];
  const cursor = offset.slice(0, count);
  const partner = new Int32Array(length);
  const value = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    const position = cursor[keys[index]]++;
    partner[position] = partners[index];
    value[position] = ratings.rating[index];
  }
  return { count, offset, partner, value };
}
