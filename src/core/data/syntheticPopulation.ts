import { Random } from '../random';
import { BASE_GENRES } from './genres';

/**
 * A MovieLens-like population at any size, for data sets the project may ship and benchmarks at
 * the 25M scale: long-tailed activity (at least 20 ratings a user, as in the 1M and 25M releases,
 * a few users with thousands), Zipf-like film popularity, ratings from biases, genre tastes and
 * low-rank factors plus noise, rounded to half stars by about half of the users (whole stars by
 * the rest, as in ml-25m, where whole stars are the more common), and timestamps in sessions
 * between 1995 and 2019. Seeded; the ratings are drawn user by user and never stored.
 */
export interface Population {
  readonly userCount: number;
  readonly itemCount: number;
  /** Ratings per user; they sum to the requested count. */
  readonly ratingsPerUser: Int32Array;
  /** Film raw ids, increasing with gaps (as MovieLens movieIds). */
  readonly itemRawId: Int32Array;
  readonly year: Int16Array;
  /** Genres of film i: genreIndex[genreOffset[i] .. genreOffset[i+1]), indices into BASE_GENRES. */
  readonly genreOffset: Int32Array;
  readonly genreIndex: Uint8Array;
  /** Per user: 1 female, 0 male; age in years; occupation 0..20; a 5-digit zip code. */
  readonly female: Uint8Array;
  readonly age: Uint8Array;
  readonly occupation: Uint8Array;
  readonly zip: Int32Array;
}

/** How common each genre is among films (ml-25m-like: drama and comedy lead). */
const GENRE_WEIGHTS = [8, 5, 2, 2, 20, 5, 3, 25, 2, 0.5, 5, 1.5, 2, 8, 3, 8, 1.5, 1];

const RANK = 4;
const MEAN = 3.5;
const FIRST_TIMESTAMP = 789652009; // 1995-01-09, ml-25m's first rating
const LAST_TIMESTAMP = 1574327703; // 2019-11-21, its last
const YEAR_SECONDS = 31557600;
/** A user's sessions: one per this many ratings on average (plus the first), each up to 4 hours. */
const RATINGS_PER_SESSION = 50;
const SESSION_SECONDS = 4 * 3600;

/** Users and films for `ratings` ratings: ml-25m's ratio of users, films growing sublinearly. */
export function populationSizes(ratings: number): { users: number; items: number } {
  const users = Math.max(2, Math.round(ratings / 154));
  const items = Math.max(8, Math.round(1700 * (ratings / 1e5) ** 0.64), Math.ceil((2.5 * ratings) / users));
  return { users, items };
}

export function drawPopulation(ratings: number, users: number, items: number, seed: number): Population {
  if (!(Number.isSafeInteger(ratings) && ratings >= 1)) throw new RangeError(`ratings must be a positive integer, got ${ratings}`);
  if (!(Number.isSafeInteger(users) && users >= 1 && Number.isSafeInteger(items) && items >= 2)) {
    throw new RangeError(`users must be ≥ 1 and items ≥ 2, got ${users} and ${items}`);
  }
  const random = new Random(seed);
  const people = random.fork(1);
  const films = random.fork(2);
  const ratingsPerUser = activity(people, ratings, users, items);
  const female = new Uint8Array(users);
  const age = new Uint8Array(users);
  const occupation = new Uint8Array(users);
  const zip = new Int32Array(users);
  for (let user = 0; user < users; user++) {
    female[user] = people.uniform() < 0.28 ? 1 : 0;
    age[user] = 13 + Math.floor(people.uniform() * people.uniform() * 60 + people.uniform() * 10);
    occupation[user] = people.int(21);
    zip[user] = people.int(100000);
  }
  const itemRawId = new Int32Array(items);
  const year = new Int16Array(items);
  const genreOffset = new Int32Array(items + 1);
  const genres: number[] = [];
  const genreTotal = GENRE_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  let rawId = 0;
  for (let item = 0; item < items; item++) {
    rawId += 1 + (films.uniform() < 0.7 ? 0 : films.int(6));
    itemRawId[item] = rawId;
    // Later ids are newer films, mostly recent years.
    year[item] = Math.max(1902, Math.min(2019, Math.round(1930 + (89 * item) / items + films.polarNormal() * 12)));
    // About 1% of films have no genre ("(no genres listed)").
    const count = films.uniform() < 0.01 ? 0 : 1 + Math.floor(films.uniform() * films.uniform() * 3.5);
    const start = genres.length;
    while (genres.length - start < count) {
      let pick = films.uniform() * genreTotal;
      let genre = 0;
      while (pick >= GENRE_WEIGHTS[genre]) pick -= GENRE_WEIGHTS[genre++];
      if (!genres.slice(start).includes(genre)) genres.push(genre);
    }
    genres
      .slice(start)
      .sort((a, b) => a - b)
      .forEach((genre, index) => (genres[start + index] = genre));
    genreOffset[item + 1] = genres.length;
  }
  return {
    userCount: users,
    itemCount: items,
    ratingsPerUser,
    itemRawId,
    year,
    genreOffset,
    genreIndex: Uint8Array.from(genres),
    female,
    age,
    occupation,
    zip,
  };
}

/**
 * Ratings per user: 20 (or fewer when the data set is tiny) plus a log-normal share, capped at
 * half the films, summing exactly to `ratings`.
 */
function activity(random: Random, ratings: number, users: number, items: number): Int32Array {
  const cap = Math.max(1, Math.floor(items / 2));
  if (ratings > users * cap) throw new RangeError(`${ratings} ratings do not fit ${users} users × ${cap} films each`);
  const minimum = Math.max(1, Math.min(20, Math.floor(ratings / users / 2), cap));
  const weights = new Float64Array(users);
  for (let user = 0; user < users; user++) weights[user] = Math.exp(1.3 * random.polarNormal());
  const counts = new Int32Array(users);
  const fill = (scale: number): number => {
    let total = 0;
    for (let user = 0; user < users; user++) {
      counts[user] = Math.min(cap, minimum + Math.floor(scale * weights[user]));
      total += counts[user];
    }
    return total;
  };
  // The largest scale whose counts stay within `ratings`, then one more rating each for the rest.
  let low = 0;
  let high = ratings;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (fill(middle) <= ratings) low = middle;
    else high = middle;
  }
  let missing = ratings - fill(low);
  for (let user = 0; missing > 0; user = (user + 1) % users) {
    if (counts[user] < cap) {
      counts[user]++;
      missing--;
    }
  }
  return counts;
}

/** One drawn rating: dense user and film, the rating in half stars (1..10), seconds since 1970. */
export type RatingVisitor = (user: number, item: number, halfStars: number, timestamp: number) => void;

/**
 * Draws every rating, user by user (films ascending within a user, as ml-25m's ratings.csv), and
 * hands each to `visit`. `halfStars` false: whole stars only (1M, 100K).
 */
export function drawRatings(population: Population, seed: number, halfStars: boolean, visit: RatingVisitor): void {
  const { userCount, itemCount, ratingsPerUser, genreOffset, genreIndex } = population;
  const random = new Random(seed).fork(3);
  const taste = random.fork(4);
  // Sessions and times of day from a stream of their own, so the ratings are the same draws as
  // before sessions existed (one uniform a rating still comes from the main stream).
  const clock = new Random(seed).fork(6);
  // Zipf-like popularity over a shuffled rank; popular films are rated a little higher.
  const rank = random.permutation(itemCount);
  const popularity = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) popularity[item] = 1 / (rank[item] + 30) ** 1.15;
  const sampler = new AliasSampler(popularity);
  const genreBias = Float64Array.from(BASE_GENRES, () => taste.polarNormal() * 0.2);
  const genreTaste = Float64Array.from({ length: BASE_GENRES.length * RANK }, () => taste.polarNormal() * 0.35);
  const itemBias = new Float64Array(itemCount);
  const itemFactors = new Float64Array(itemCount * RANK);
  for (let item = 0; item < itemCount; item++) {
    itemBias[item] = taste.polarNormal() * 0.35 - 0.04 * Math.log(rank[item] + 1) + 0.3;
    for (let factor = 0; factor < RANK; factor++) itemFactors[item * RANK + factor] = taste.polarNormal() * 0.4;
    const start = genreOffset[item];
    const end = genreOffset[item + 1];
    for (let entry = start; entry < end; entry++) {
      const genre = genreIndex[entry];
      itemBias[item] += genreBias[genre] / (end - start);
      for (let factor = 0; factor < RANK; factor++) itemFactors[item * RANK + factor] += genreTaste[genre * RANK + factor] / (end - start);
    }
  }
  const lastPick = new Int32Array(itemCount).fill(-1);
  const userFactors = new Float64Array(RANK);
  let picked = new Int32Array(64);
  let sessionStart = new Float64Array(16);
  for (let user = 0; user < userCount; user++) {
    const count = ratingsPerUser[user];
    const bias = MEAN + random.polarNormal() * 0.4;
    for (let factor = 0; factor < RANK; factor++) userFactors[factor] = random.polarNormal() * 0.5;
    const usesHalfStars = halfStars && random.uniform() < 0.6;
    const first = FIRST_TIMESTAMP + Math.floor(random.uniform() * (LAST_TIMESTAMP - FIRST_TIMESTAMP));
    // Most users rate in a few sessions; some come back over years. A session is a few hours of
    // one day: MovieLens users rate in bursts (ml-100k: 0.025 (user, day) pairs per rating), which
    // is what per-user-day features see.
    const span = Math.min(LAST_TIMESTAMP - first, Math.floor(-Math.log(1 - random.uniform()) * YEAR_SECONDS * random.uniform()));
    const sessionCount = 1 + Math.floor(-Math.log(1 - clock.uniform()) * (count / RATINGS_PER_SESSION));
    if (sessionStart.length < sessionCount) sessionStart = new Float64Array(sessionCount * 2);
    sessionStart[0] = first;
    for (let session = 1; session < sessionCount; session++) sessionStart[session] = first + Math.floor(span * clock.uniform() ** 3);
    if (picked.length < count) picked = new Int32Array(count * 2);
    let distinct = 0;
    while (distinct < count) {
      const item = sampler.draw(random);
      if (lastPick[item] === user) continue;
      lastPick[item] = user;
      picked[distinct++] = item;
    }
    const films = picked.subarray(0, count).sort();
    for (let index = 0; index < count; index++) {
      const item = films[index];
      let value = bias + itemBias[item] + random.polarNormal() * 0.7;
      for (let factor = 0; factor < RANK; factor++) value += userFactors[factor] * itemFactors[item * RANK + factor];
      const stars = usesHalfStars ? Math.min(10, Math.max(1, Math.round(value * 2))) : 2 * Math.min(5, Math.max(1, Math.round(value)));
      // Half of the ratings in the first session (sign-up), the rest spread over all of them.
      const pick = random.uniform();
      const session = pick < 0.5 ? 0 : Math.min(sessionCount - 1, Math.floor((pick - 0.5) * 2 * sessionCount));
      const seconds = Math.min(LAST_TIMESTAMP, sessionStart[session] + Math.floor(clock.uniform() * SESSION_SECONDS));
      visit(user, item, stars, seconds);
    }
  }
}

/** Walker's alias method (Vose's construction): a draw from a fixed discrete distribution in O(1). */
class AliasSampler {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: Float64Array) {
    const count = weights.length;
    let total = 0;
    for (const weight of weights) total += weight;
    this.probability = new Float64Array(count);
    this.alias = new Int32Array(count);
    const scaled = Float64Array.from(weights, (weight) => (weight * count) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((value, index) => (value < 1 ? small : large).push(index));
    while (small.length > 0 && large.length > 0) {
      const less = small.pop() as number;
      const more = large.pop() as number;
      this.probability[less] = scaled[less];
      this.alias[less] = more;
      scaled[more] += scaled[less] - 1;
      (scaled[more] < 1 ? small : large).push(more);
    }
    for (const index of [...small, ...large]) this.probability[index] = 1;
  }

  draw(random: Random): number {
    const column = Math.floor((random.nextUint32() / 4294967296) * this.probability.length);
    return random.nextUint32() / 4294967296 < this.probability[column] ? column : this.alias[column];
  }
}
