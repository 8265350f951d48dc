import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import type { Fold } from '../../../src/core/data/types';
import { Random } from '../../../src/core/random';
import type { ModelConfig } from '../../../src/core/config/schema';
import { MODEL_DEFAULTS } from '../../../src/core/config/schema';
import { validateModelConfig } from '../../../src/core/config/modelConfig';
import type { ValidModelConfig } from '../../../src/core/config/modelConfig';

/** Options of the in-memory planted data set (a test helper, not a test). */
export interface PlantedOptions {
  readonly users?: number;
  readonly items?: number;
  readonly rank?: number;
  /** Mean ratings per user. */
  readonly ratingsPerUser?: number;
  readonly noise?: number;
  /**
   * Share of a user's factor vector and bias that comes from demographics (occupation, gender,
   * age) rather than from the individual; 0 makes side features useless.
   */
  readonly demographicShare?: number;
  /** Users (the last ones) that get only 0..3 training ratings; their other ratings are test. */
  readonly sparseUsers?: number;
  /** Users (the first ones) whose ratings carry erraticNoise instead of noise. */
  readonly erraticUsers?: number;
  readonly erraticNoise?: number;
  readonly seed?: number;
}

export interface PlantedData {
  readonly data: MovieLensData;
  readonly fold: Fold;
  /** Test-rating indices that belong to sparse users. */
  readonly sparseTest: Int32Array;
  readonly noise: number;
}

const OCCUPATIONS = ['student', 'engineer', 'artist', 'educator', 'retired'];
const GENRES = ['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi'];

/**
 * r = 3 + b_u + b_i + p_u·q_i + N(0, noise²), unrounded, with p_u and b_u partly planted by
 * occupation, gender and age, q_i and b_i partly by genres. 80/20 split per user; sparse users
 * keep 0..3 training ratings.
 */
export function plantedData(options: PlantedOptions = {}): PlantedData {
  const users = options.users ?? 300;
  const items = options.items ?? 200;
  const rank = options.rank ?? 3;
  const perUser = options.ratingsPerUser ?? 40;
  const noise = options.noise ?? 0.3;
  const share = options.demographicShare ?? 0.5;
  const sparseUsers = options.sparseUsers ?? 0;
  const erraticUsers = options.erraticUsers ?? 0;
  const erraticNoise = options.erraticNoise ?? 4 * noise;
  // The polar method, as the synthetic data generators: the planted data stay those the tests were tuned on.
  const random = new Random(options.seed ?? 7);
  const gaussian = (count: number, scale: number): Float64Array => Float64Array.from({ length: count }, () => scale * random.polarNormal());

  const occupationVectors = gaussian(OCCUPATIONS.length * rank, 0.6);
  const genderVectors = gaussian(2 * rank, 0.6);
  const ageEffect = gaussian(4, 0.4);
  const genreVectors = gaussian(GENRES.length * rank, 0.6);
  const age = Int16Array.from({ length: users }, () => 15 + random.int(50));
  const gender = Uint8Array.from({ length: users }, () => 1 + random.int(2));
  const occupation = Int16Array.from({ length: users }, () => random.int(OCCUPATIONS.length));
  const userFactor = new Float64Array(users * rank);
  const userBias = new Float64Array(users);
  for (let user = 0; user < users; user++) {
    for (let factor = 0; factor < rank; factor++) {
      const planted = occupationVectors[occupation[user] * rank + factor] + genderVectors[(gender[user] - 1) * rank + factor];
      userFactor[user * rank + factor] = share * planted + (1 - share) * 0.8 * random.polarNormal();
    }
    userBias[user] = share * ageEffect[Math.min(3, Math.floor((age[user] - 15) / 13))] + (1 - share) * 0.3 * random.polarNormal();
  }
  const genreOffset = new Int32Array(items + 1);
  const genreIndex: number[] = [];
  const itemFactor = new Float64Array(items * rank);
  const itemBias = gaussian(items, 0.3);
  for (let item = 0; item < items; item++) {
    const first = random.int(GENRES.length);
    const genres = random.uniform() < 0.4 ? [first, (first + 1 + random.int(GENRES.length - 1)) % GENRES.length] : [first];
    genres.sort((a, b) => a - b);
    genreIndex.push(...genres);
    genreOffset[item + 1] = genreIndex.length;
    for (let factor = 0; factor < rank; factor++) {
      let planted = 0;
      for (const genre of genres) planted += genreVectors[genre * rank + factor] / Math.sqrt(genres.length);
      itemFactor[item * rank + factor] = 0.5 * planted + 0.5 * 0.8 * random.polarNormal();
    }
  }

  const trainRows: number[][] = [[], [], []];
  const testRows: number[][] = [[], [], []];
  const sparseTest: number[] = [];
  for (let user = 0; user < users; user++) {
    const count = Math.min(items, Math.max(5, Math.round(perUser * (0.3 + 1.4 * random.uniform()))));
    const chosen = random.permutation(items).subarray(0, count);
    const sparse = user >= users - sparseUsers;
    const trainCount = sparse ? random.int(4) : Math.round(0.8 * count);
    chosen.forEach((item, position) => {
      let value = 3 + userBias[user] + itemBias[item] + (user < erraticUsers ? erraticNoise : noise) * random.polarNormal();
      for (let factor = 0; factor < rank; factor++) value += userFactor[user * rank + factor] * itemFactor[item * rank + factor];
      const target = position < trainCount ? trainRows : testRows;
      if (target === testRows && sparse) sparseTest.push(testRows[0].length);
      target[0].push(user);
      target[1].push(item);
      target[2].push(value);
    });
  }
  const data: MovieLensData = {
    format: 'ml-100k',
    folder: '/planted',
    ratingsFile: '/planted/u.data',
    itemsFile: '/planted/u.item',
    users: {
      count: users,
      rawId: Int32Array.from({ length: users }, (_, index) => index + 1),
      demographics: {
        age,
        gender,
        occupation,
        occupations: OCCUPATIONS,
        zip: Array.from({ length: users }, () => String(random.int(10)) + '0000'),
      },
    },
    items: {
      count: items,
      rawId: Int32Array.from({ length: items }, (_, index) => index + 1),
      title: Array.from({ length: items }, (_, index) => `Film ${index + 1} (1990)`),
      year: Int16Array.from({ length: items }, () => 1980 + random.int(20)),
      genreNames: GENRES,
      genreOffset,
      genreIndex: Int16Array.from(genreIndex),
    },
    ratings: concatenate(toRatings(trainRows), toRatings(testRows)),
    ratingScale: { min: -10, max: 15 },
    splits: [],
    userIndex: new Map(Array.from({ length: users }, (_, index) => [index + 1, index] as [number, number])),
    itemIndex: new Map(Array.from({ length: items }, (_, index) => [index + 1, index] as [number, number])),
  };
  return {
    data,
    fold: { name: 'planted', train: toRatings(trainRows), test: toRatings(testRows) },
    sparseTest: Int32Array.from(sparseTest),
    noise,
  };
}

function toRatings(columns: number[][]): Ratings {
  return {
    length: columns[0].length,
    user: Int32Array.from(columns[0]),
    item: Int32Array.from(columns[1]),
    rating: Float32Array.from(columns[2]),
    timestamp: new Float64Array(columns[0].length),
  };
}

function concatenate(first: Ratings, second: Ratings): Ratings {
  const join = <T extends Int32Array | Float32Array | Float64Array | Uint32Array>(a: T, b: T, make: (length: number) => T): T => {
    const out = make(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return {
    length: first.length + second.length,
    user: join(first.user, second.user, (n) => new Int32Array(n)),
    item: join(first.item, second.item, (n) => new Int32Array(n)),
    rating: join(first.rating, second.rating, (n) => new Float32Array(n)),
    timestamp: join(Float64Array.from(first.timestamp), Float64Array.from(second.timestamp), (n) => new Float64Array(n)),
  };
}

/**
 * An FM configuration for tests (MCMC's defaults with shared noise, ids, rank 3, 60 samples, 5
 * burnt in), validated as every face validates its configs.
 */
/** The planted ratings rounded to whole stars 1..5 (the planted set is real-valued around 3): data for an ordinal FM. */
export function toStars(planted: { readonly data: MovieLensData; readonly fold: Fold }): { data: MovieLensData; fold: Fold } {
  const round = (ratings: Ratings): Ratings => ({
    ...ratings,
    rating: Float32Array.from(ratings.rating, (value) => Math.min(5, Math.max(1, Math.round(value)))),
  });
  const fold = { ...planted.fold, train: round(planted.fold.train), test: round(planted.fold.test) };
  return { data: { ...planted.data, ratingScale: { min: 1, max: 5 } }, fold };
}

export function fmConfig(overrides: Partial<ModelConfig> = {}): ValidModelConfig {
  const { noise: _sharedNoise, ...mcmcDefaults } = MODEL_DEFAULTS.fm.mcmc;
  return validateModelConfig({ ...mcmcDefaults, features: ['ids'], rank: 3, iterations: 60, burnIn: 5, ...overrides });
}

/** RMSE over all test ratings, or over `subset` of them. */
export function testRmse(predictions: ArrayLike<number>, fold: Fold, subset?: ArrayLike<number>): number {
  const indices = subset ?? Int32Array.from({ length: fold.test.length }, (_, index) => index);
  let total = 0;
  for (let position = 0; position < indices.length; position++) {
    const index = indices[position];
    const error = predictions[index] - fold.test.rating[index];
    total += error * error;
  }
  return Math.sqrt(total / indices.length);
}

/** RMSE of the bias-only baseline μ + b_u + b_i (plain means with shrinkage), for comparison. */
export function biasOnlyRmse(fold: Fold, users: number, items: number): number {
  const { train, test } = fold;
  let mean = 0;
  for (let index = 0; index < train.length; index++) mean += train.rating[index];
  mean /= train.length;
  const itemSum = new Float64Array(items);
  const itemCount = new Float64Array(items);
  for (let index = 0; index < train.length; index++) {
    itemSum[train.item[index]] += train.rating[index] - mean;
    itemCount[train.item[index]]++;
  }
  const itemBias = itemSum.map((sum, item) => sum / (itemCount[item] + 5));
  const userSum = new Float64Array(users);
  const userCount = new Float64Array(users);
  for (let index = 0; index < train.length; index++) {
    userSum[train.user[index]] += train.rating[index] - mean - itemBias[train.item[index]];
    userCount[train.user[index]]++;
  }
  const userBias = userSum.map((sum, user) => sum / (userCount[user] + 5));
  const predictions = Array.from({ length: test.length }, (_, index) => mean + userBias[test.user[index]] + itemBias[test.item[index]]);
  return testRmse(predictions, fold);
}

/**
 * The fold with each rating on one of `days` consecutive days (seeded), from November 1997, so the
 * time groups have something to key on (plantedData's timestamps are all 0).
 */
export function withDays(fold: Fold, days: number, seed = 1): Fold {
  const random = new Random(seed);
  const start = Date.UTC(1997, 10, 3) / 1000;
  const stamp = (ratings: Ratings): Ratings => ({
    ...ratings,
    timestamp: Float64Array.from(ratings.timestamp, () => start + random.int(days) * 86_400),
  });
  return { ...fold, train: stamp(fold.train), test: stamp(fold.test) };
}
