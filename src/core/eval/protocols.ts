import { DataError } from '../data/errors';
import { loadSplit } from '../data/load';
import { registerMaskedTimestamps } from '../data/ratingTimes';
import type { MovieLensData } from '../data/types';
import { Random } from '../random';
import type { Fold, Ratings } from '../data/types';
import { validateProtocolConfig } from '../config/protocolConfig';
import type { ValidProtocolConfig } from '../config/protocolConfig';
import type { ProtocolConfig, ProtocolName } from '../config/schema';

const CANONICAL_SPLITS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const UA_SPLITS = ['ua', 'ub'];

/**
 * A fold before its ratings are copied: its name and how to make it. A run's worker holds the
 * plans of all its folds and the ratings of one fold at a time (at 25M ratings a fold is 300 MB;
 * a bootstrap run has ten).
 */
export interface FoldPlan {
  readonly name: string;
  /**
   * Per rating of the data (its row in `data.ratings`): 1 in the test part, 0 in the training part.
   * Made again on each call (bootstrap: the repeat's seeded shuffle of all ratings). Absent for a
   * fold read from split files, whose ratings are not rows of the data.
   */
  readonly testMask?: () => Uint8Array;
  /** The fold's ratings, copied (both parts in file order); the same plan gives the same fold. */
  build(): Fold;
}

/**
 * The train/test folds of a protocol; the same protocol and seed give the same folds.
 * - bootstrap: per repeat, a seeded shuffle of all ratings cut into `folds` parts, each part the
 *   test once ("r1f1", "r1f2", …): folds × repeats folds (the article's bootstrapped k-fold CV).
 * - canonical: u1..u5 from the folder's split files; ua: ua and ub.
 * - holdout: a seeded `testFraction` of the ratings as test.
 * - cold-users: a seeded `testFraction` of the users (those with ratings), all their ratings test.
 * Throws DataError when the folder lacks the split files a protocol needs.
 */
export function makeFolds(data: MovieLensData, protocol: ProtocolConfig): Fold[] {
  return planFolds(data, protocol).map((plan) => plan.build());
}

/**
 * The folds of makeFolds, not yet made: what is wrong with the protocol for this data (too few
 * ratings, missing or bad split files) is thrown now, each fold's ratings are copied when built.
 */
export function planFolds(data: MovieLensData, protocol: ProtocolConfig): FoldPlan[] {
  const config = validateProtocolConfig(protocol);
  switch (config.protocol) {
    case 'bootstrap':
      return bootstrapPlans(data, config);
    case 'canonical':
      return splitPlans(data, CANONICAL_SPLITS, 'canonical');
    case 'ua':
      return splitPlans(data, UA_SPLITS, 'ua');
    case 'holdout':
      return [holdoutPlan(data, config)];
    case 'cold-users':
      return [coldUserPlan(data, config)];
  }
}

/** How many folds the protocol makes, without the data (planFolds makes them or says why it cannot). */
export function plannedFoldCount(protocol: ValidProtocolConfig): number {
  switch (protocol.protocol) {
    case 'bootstrap':
      return protocol.folds * protocol.repeats;
    case 'canonical':
      return CANONICAL_SPLITS.length;
    case 'ua':
      return UA_SPLITS.length;
    case 'holdout':
    case 'cold-users':
      return 1;
  }
}

/** A plan whose test part is the rows `testMask` marks. */
function maskPlan(data: MovieLensData, name: string, testMask: () => Uint8Array): FoldPlan {
  return { name, testMask, build: () => partition(data, name, testMask()) };
}

function bootstrapPlans(data: MovieLensData, config: ProtocolConfig): FoldPlan[] {
  const count = data.ratings.length;
  if (count < config.folds) {
    throw new DataError(
      data.ratingsFile,
      0,
      `${ratingCount(count)} cannot make ${config.folds} bootstrap folds: each fold needs at least one test rating`,
    );
  }
  const plans: FoldPlan[] = [];
  for (let repeat = 1; repeat <= config.repeats; repeat++) {
    for (let part = 0; part < config.folds; part++) {
      plans.push(
        maskPlan(data, `r${repeat}f${part + 1}`, () => {
          const order = repeatStream(config.seed, repeat).permutation(count);
          const start = Math.floor((part * count) / config.folds);
          const end = Math.floor(((part + 1) * count) / config.folds);
          const inTest = new Uint8Array(count);
          for (let position = start; position < end; position++) inTest[order[position]] = 1;
          return inTest;
        }),
      );
    }
  }
  return plans;
}

/**
 * Repeat r's stream: the r-th fork of the seed's generator (forking draws from the parent), one
 * per repeat, so that repeat r's shuffle does not depend on how many repeats run.
 */
function repeatStream(seed: number, repeat: number): Random {
  const random = new Random(seed);
  let stream = random.fork(1);
  for (let next = 2; next <= repeat; next++) stream = random.fork(next);
  return stream;
}

function holdoutPlan(data: MovieLensData, config: ProtocolConfig): FoldPlan {
  const count = data.ratings.length;
  const testCount = Math.round(count * config.testFraction);
  const share = `a holdout of ${percent(config.testFraction)} of ${ratingCount(count)}`;
  if (testCount === 0) throw new DataError(data.ratingsFile, 0, `${share} is no rating: an empty test set cannot be scored`);
  if (testCount === count) throw new DataError(data.ratingsFile, 0, `${share} is all of them: nothing is left to train on`);
  return maskPlan(data, 'holdout', () => {
    const order = new Random(config.seed).permutation(count);
    const inTest = new Uint8Array(count);
    for (let position = 0; position < testCount; position++) inTest[order[position]] = 1;
    return inTest;
  });
}

function coldUserPlan(data: MovieLensData, config: ProtocolConfig): FoldPlan {
  const ratings = data.ratings;
  const raters = (): number[] => {
    const hasRatings = new Uint8Array(data.users.count);
    for (let index = 0; index < ratings.length; index++) hasRatings[ratings.user[index]] = 1;
    const found: number[] = [];
    for (let user = 0; user < data.users.count; user++) if (hasRatings[user]) found.push(user);
    return found;
  };
  const raterCount = raters().length;
  const heldOutCount = Math.round(raterCount * config.testFraction);
  const users = raterCount === 1 ? '1 user' : `${raterCount} users`;
  const share = `holding out ${percent(config.testFraction)} of the ${users} with ratings`;
  if (heldOutCount === 0) {
    throw new DataError(data.ratingsFile, 0, `cold users: ${share} holds out nobody: an empty test set cannot be scored`);
  }
  if (heldOutCount === raterCount) {
    throw new DataError(data.ratingsFile, 0, `cold users: ${share} holds out all of them: nothing is left to train on`);
  }
  return maskPlan(data, 'cold-users', () => {
    const withRatings = raters();
    const order = new Random(config.seed).permutation(withRatings.length);
    const heldOut = new Uint8Array(data.users.count);
    for (let position = 0; position < heldOutCount; position++) heldOut[withRatings[order[position]]] = 1;
    const inTest = new Uint8Array(ratings.length);
    for (let index = 0; index < ratings.length; index++) inTest[index] = heldOut[ratings.user[index]];
    return inTest;
  });
}

function ratingCount(count: number): string {
  return count === 1 ? '1 rating' : `${count} ratings`;
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}

/** Splits all ratings by the mask, keeping file order on both sides. */
function partition(data: MovieLensData, name: string, inTest: Uint8Array): Fold {
  let testCount = 0;
  for (let index = 0; index < inTest.length; index++) testCount += inTest[index];
  return {
    name,
    train: maskedRatings(data.ratings, inTest, 0, inTest.length - testCount),
    test: maskedRatings(data.ratings, inTest, 1, testCount),
  };
}

/**
 * The `length` ratings whose mask entry is `side`, in file order. User, film and rating are copied
 * now (12 bytes a rating); the timestamps (8 more) on first read, from the data, since only the
 * per-rating time features read them: a 25M fold without them costs 300 MB instead of 500 MB.
 * The context block reads them as days through mapTimestamps (data/ratingTimes.ts), never copied.
 */
function maskedRatings(ratings: Ratings, mask: Uint8Array, side: 0 | 1, length: number): Ratings {
  const user = new Int32Array(length);
  const item = new Int32Array(length);
  const rating = new Float32Array(length);
  const { user: sourceUser, item: sourceItem, rating: sourceRating } = ratings;
  let position = 0;
  for (let row = 0; row < mask.length; row++) {
    if (mask[row] !== side) continue;
    user[position] = sourceUser[row];
    item[position] = sourceItem[row];
    rating[position] = sourceRating[row];
    position++;
  }
  let timestamp: Float64Array | undefined;
  const masked: Ratings = {
    length,
    user,
    item,
    rating,
    get timestamp(): Float64Array {
      if (timestamp === undefined) {
        timestamp = new Float64Array(length);
        const source = ratings.timestamp;
        let next = 0;
        for (let row = 0; row < mask.length; row++) if (mask[row] === side) timestamp[next++] = source[row];
      }
      return timestamp;
    },
  };
  registerMaskedTimestamps(masked, ratings.timestamp, mask, side);
  return masked;
}

function splitPlans(data: MovieLensData, names: readonly string[], protocol: ProtocolName): FoldPlan[] {
  const present = new Set(data.splits.map((split) => split.name));
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0) {
    const files = missing.map((name) => `${name}.base/${name}.test`).join(', ');
    throw new DataError(
      data.folder,
      0,
      `the ${protocol} protocol needs the split files ${files}, which this folder lacks ` +
        '(only MovieLens 100K ships them): use --protocol bootstrap, holdout or cold-users',
    );
  }
  // Read now (split files are 100K's, small): a bad file fails the run before any training.
  return names.map((name) => {
    const fold = loadSplit(data, name);
    return { name, build: () => fold };
  });
}
