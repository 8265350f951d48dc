import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import type { ListMetrics } from '../../../src/core/eval/ranking';
import { metricsOfLevels } from '../../../src/core/eval/ranking';
import { Random } from '../../../src/core/random';

/** Ratings from plain arrays. */
export function ratingsOf(users: number[], items: number[], values: number[]): Ratings {
  return {
    length: users.length,
    user: Int32Array.from(users),
    item: Int32Array.from(items),
    rating: Float32Array.from(values),
    timestamp: new Float64Array(users.length),
  };
}

/** A MovieLensData around `ratings` with numbered titles and no demographics or split files. */
export function dataOf(ratings: Ratings, userCount: number, itemCount: number, folder = '/nonexistent/test-data'): MovieLensData {
  const userIndex = new Map<number, number>();
  const itemIndex = new Map<number, number>();
  for (let user = 0; user < userCount; user++) userIndex.set(user + 1, user);
  for (let item = 0; item < itemCount; item++) itemIndex.set(item + 1, item);
  return {
    format: 'ml-100k',
    folder,
    ratingsFile: `${folder}/u.data`,
    itemsFile: `${folder}/u.item`,
    users: { count: userCount, rawId: Int32Array.from(userIndex.keys()), demographics: null },
    items: {
      count: itemCount,
      rawId: Int32Array.from(itemIndex.keys()),
      title: Array.from({ length: itemCount }, (_, item) => `Film ${item + 1} (1990)`),
      year: new Int16Array(itemCount).fill(1990),
      genreNames: [],
      genreOffset: new Int32Array(itemCount + 1),
      genreIndex: new Int16Array(0),
    },
    ratings,
    ratingScale: { min: 1, max: 5 },
    splits: [],
    userIndex,
    itemIndex,
  };
}

/**
 * Planted low-rank data: r = 3 + b_u + b_i + p_u·q_i + noise, clipped to 1..5, each user rating
 * `perUser` distinct random films. Real-valued ratings, so the planted structure is exact.
 */
export function plantedData(options: {
  users: number;
  items: number;
  rank: number;
  perUser: number;
  noise: number;
  seed: number;
}): MovieLensData {
  const random = new Random(options.seed);
  const { users: userCount, items: itemCount, rank } = options;
  const userFactors = Array.from({ length: userCount * rank }, () => random.normal() * 0.7);
  const itemFactors = Array.from({ length: itemCount * rank }, () => random.normal() * 0.7);
  const userBias = Array.from({ length: userCount }, () => random.normal() * 0.3);
  const itemBias = Array.from({ length: itemCount }, () => random.normal() * 0.3);
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let user = 0; user < userCount; user++) {
    const order = random.permutation(itemCount);
    for (let position = 0; position < options.perUser; position++) {
      const item = order[position];
      let value = 3 + userBias[user] + itemBias[item] + random.normal() * options.noise;
      for (let factor = 0; factor < rank; factor++) value += userFactors[user * rank + factor] * itemFactors[item * rank + factor];
      users.push(user);
      items.push(item);
      values.push(Math.min(5, Math.max(1, value)));
    }
  }
  return dataOf(ratingsOf(users, items, values), userCount, itemCount);
}

/**
 * listMetrics by plain counting, for holding the fast paths to it: per distinct score of a relevant
 * entry (NaN as −∞), the entries above it and at it counted one by one over the whole list, then
 * the figures from those counts by the one shared formula (metricsOfLevels). Undefined without a
 * relevant entry.
 */
export function plainListMetrics(
  scores: ArrayLike<number>,
  relevant: ArrayLike<number>,
  count: number,
  k: number,
): ListMetrics | undefined {
  const orderable = (score: number): number => (Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score);
  const list = Array.from({ length: count }, (_, index) => ({ score: orderable(scores[index]), relevant: relevant[index] ? 1 : 0 }));
  const levels = [...new Set(list.filter((entry) => entry.relevant).map((entry) => entry.score))].sort((first, second) =>
    first === second ? 0 : first > second ? -1 : 1,
  );
  if (levels.length === 0) return undefined;
  const countWhere = (keep: (entry: (typeof list)[number]) => boolean): number => list.filter(keep).length;
  return metricsOfLevels(
    levels.length,
    levels.map((level) => countWhere((entry) => entry.score > level)),
    levels.map((level) => countWhere((entry) => entry.score === level)),
    levels.map((level) => countWhere((entry) => entry.relevant === 1 && entry.score === level)),
    levels.map((level) => countWhere((entry) => entry.relevant === 1 && entry.score > level)),
    k,
  );
}
