import { subsetRatings } from '../data/columns';
import { DataError } from '../data/errors';
import { loadSplit } from '../data/load';
import type { MovieLensData } from '../data/types';
import { Random } from '../random';
import type { Fold } from '../data/types';
import { validateProtocolConfig } from '../config/protocolConfig';
import type { ProtocolConfig, ProtocolName } from '../config/schema';

const CANONICAL_SPLITS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const UA_SPLITS = ['ua', 'ub'];

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
  const config = validateProtocolConfig(protocol);
  switch (config.protocol) {
    case 'bootstrap':
      return bootstrapFolds(data, config);
    case 'canonical':
      return splitFolds(data, CANONICAL_SPLITS, 'canonical');
    case 'ua':
      return splitFolds(data, UA_SPLITS, 'ua');
    case 'holdout':
      return [holdoutFold(data, config)];
    case 'cold-users':
      return [coldUserFold(data, config)];
  }
}

function bootstrapFolds(data: MovieLensData, config: ProtocolConfig): Fold[] {
  const count = data.ratings.length;
  if (count < config.folds) {
    throw new DataError(
      data.ratingsFile,
      0,
      `${ratingCount(count)} cannot make ${config.folds} bootstrap folds: each fold needs at least one test rating`,
    );
  }
  const random = new Random(config.seed);
  const folds: Fold[] = [];
  for (let repeat = 1; repeat <= config.repeats; repeat++) {
    // One forked stream per repeat: repeat r's shuffle does not depend on how many repeats run.
    const order = random.fork(repeat).permutation(count);
    for (let part = 0; part < config.folds; part++) {
      const start = Math.floor((part * count) / config.folds);
      const end = Math.floor(((part + 1) * count) / config.folds);
      const inTest = new Uint8Array(count);
      for (let position = start; position < end; position++) inTest[order[position]] = 1;
      folds.push(partition(data, `r${repeat}f${part + 1}`, inTest));
    }
  }
  return folds;
}

function holdoutFold(data: MovieLensData, config: ProtocolConfig): Fold {
  const count = data.ratings.length;
  const testCount = Math.round(count * config.testFraction);
  const share = `a holdout of ${percent(config.testFraction)} of ${ratingCount(count)}`;
  if (testCount === 0) throw new DataError(data.ratingsFile, 0, `${share} is no rating: an empty test set cannot be scored`);
  if (testCount === count) throw new DataError(data.ratingsFile, 0, `${share} is all of them: nothing is left to train on`);
  const order = new Random(config.seed).permutation(count);
  const inTest = new Uint8Array(count);
  for (let position = 0; position < testCount; position++) inTest[order[position]] = 1;
  return partition(data, 'holdout', inTest);
}

function coldUserFold(data: MovieLensData, config: ProtocolConfig): Fold {
  const ratings = data.ratings;
  const hasRatings = new Uint8Array(data.users.count);
  for (let index = 0; index < ratings.length; index++) hasRatings[ratings.user[index]] = 1;
  const raters: number[] = [];
  for (let user = 0; user < data.users.count; user++) if (hasRatings[user]) raters.push(user);
  const heldOutCount = Math.round(raters.length * config.testFraction);
  const users = raters.length === 1 ? '1 user' : `${raters.length} users`;
  const share = `holding out ${percent(config.testFraction)} of the ${users} with ratings`;
  if (heldOutCount === 0) {
    throw new DataError(data.ratingsFile, 0, `cold users: ${share} holds out nobody: an empty test set cannot be scored`);
  }
  if (heldOutCount === raters.length) {
    throw new DataError(data.ratingsFile, 0, `cold users: ${share} holds out all of them: nothing is left to train on`);
  }
  const order = new Random(config.seed).permutation(raters.length);
  const heldOut = new Uint8Array(data.users.count);
  for (let position = 0; position < heldOutCount; position++) heldOut[raters[order[position]]] = 1;
  const inTest = new Uint8Array(ratings.length);
  for (let index = 0; index < ratings.length; index++) inTest[index] = heldOut[ratings.user[index]];
  return partition(data, 'cold-users', inTest);
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
  const trainIndices = new Int32Array(inTest.length - testCount);
  const testIndices = new Int32Array(testCount);
  let trainCursor = 0;
  let testCursor = 0;
  for (let index = 0; index < inTest.length; index++) {
    if (inTest[index]) testIndices[testCursor++] = index;
    else trainIndices[trainCursor++] = index;
  }
  return { name, train: subsetRatings(data.ratings, trainIndices), test: subsetRatings(data.ratings, testIndices) };
}

function splitFolds(data: MovieLensData, names: readonly string[], protocol: ProtocolName): Fold[] {
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
  return names.map((name) => loadSplit(data, name));
}
