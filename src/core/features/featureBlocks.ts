import type { MovieLensData, Ratings } from '../data/types';
import { fromTriplets, selectColumns, transpose, type SparseMatrix } from '../sparse/sparseMatrix';
import type { FeatureGroup } from './groups';
import { requireFeatureData } from './availability';
import { ageBucket, titleWords, yearBucket, zipBucket } from './buckets';
import { itemContextRows, ownerRatings, userContextRows } from './contextFeatures';
import { contextRowsOf } from './contextRows';
import { TripletBuilder } from './tripletBuilder';

/**
 * The FM design matrix in relational form (Rendle, "Scaling Factorization Machines to Relational
 * Data", VLDB 2013; libFM's block structure): a rating case is the concatenation of one row of
 * the user block and one row of the item block, so each side's features are stored once per
 * user or film instead of once per rating.
 */
export interface FeatureBlock {
  readonly side: 'user' | 'item';
  /** rows (all users or all films of the data) × features, CSR. */
  readonly matrix: SparseMatrix;
  /** The transpose (features × rows), for loops over one feature's rows. */
  readonly byFeature: SparseMatrix;
  /** Index into FINE_GROUPS per feature. */
  readonly featureGroup: Int32Array;
  /** Readable feature names ("age=25-34", "genre=Drama"), for inspection and tests. */
  readonly featureNames: readonly string[];
}

export interface FeatureBlocks {
  readonly user: FeatureBlock;
  readonly item: FeatureBlock;
}

/** Minimum number of films a title word must appear in to become a feature. */
const MIN_TITLE_WORD_FILMS = 2;

/**
 * Builds both blocks for one fold. Implicit feedback uses only `train`, never test ratings.
 * A feature that no training rating touches (the id of a cold user, a film nobody rated in
 * training) is left out: it could only be learned from its prior, and an MCMC draw from the
 * prior would add noise to cold-start predictions. Cold rows keep their other features.
 * A group the data cannot fill (user without a users file) is a DataError.
 */
export function buildFeatureBlocks(data: MovieLensData, train: Ratings, groups: readonly FeatureGroup[]): FeatureBlocks {
  requireFeatureData(data, groups);
  const enabled = new Set(groups);
  const userRatings = new Float64Array(data.users.count);
  const itemRatings = new Float64Array(data.items.count);
  for (let index = 0; index < train.length; index++) {
    userRatings[train.user[index]]++;
    itemRatings[train.item[index]]++;
  }
  // Derived data of per-rating time groups: its users and films are (owner, time) rows, whose
  // owner features are built per owner from the owners' data, then copied to each row.
  const context = contextRowsOf(data);
  const owners = context?.data ?? data;
  const ownerTrain = context === undefined ? train : ownerRatings(context, train);
  let userBuilder = userTriplets(owners, ownerTrain, enabled);
  let itemBuilder = itemTriplets(owners, ownerTrain, enabled);
  if (context !== undefined) {
    userBuilder = userContextRows(userBuilder, context, enabled);
    itemBuilder = itemContextRows(itemBuilder, context, enabled);
  }
  const user = finish('user', userBuilder, data.users.count, userRatings);
  const item = finish('item', itemBuilder, data.items.count, itemRatings);
  return { user, item };
}

function userTriplets(data: MovieLensData, train: Ratings, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  // Id + four demographics per user, and one implicit entry per training rating.
  const builder = new TripletBuilder(data.users.count * 5 + (enabled.has('implicit') ? train.length : 0));
  const { users } = data;
  if (enabled.has('ids')) {
    for (let row = 0; row < users.count; row++) builder.add(row, builder.column('userId', String(users.rawId[row])), 1);
  }
  const demographics = users.demographics;
  if (enabled.has('user') && demographics) {
    for (let row = 0; row < users.count; row++) {
      const age = ageBucket(demographics.age[row]);
      if (age !== undefined) builder.add(row, builder.column('age', age), 1);
      const gender = demographics.gender[row];
      if (gender === 1 || gender === 2) builder.add(row, builder.column('gender', gender === 1 ? 'M' : 'F'), 1);
      const occupation = demographics.occupation[row];
      if (occupation >= 0) {
        builder.add(row, builder.column('occupation', demographics.occupations[occupation] ?? String(occupation)), 1);
      }
      const zip = zipBucket(demographics.zip[row] ?? '');
      if (zip !== undefined) builder.add(row, builder.column('zip', zip), 1);
    }
  }
  if (enabled.has('implicit')) addImplicit(builder, data, train);
  return builder;
}

/** The films each user rated in training, each weighted 1/√n (n distinct films). */
function addImplicit(builder: TripletBuilder, data: MovieLensData, train: Ratings): void {
  const seen = fromTriplets(data.users.count, data.items.count, train.user, train.item, new Float64Array(train.length));
  const itemColumn = new Int32Array(data.items.count).fill(-1);
  for (let row = 0; row < seen.rows; row++) {
    const start = seen.offsets[row];
    const end = seen.offsets[row + 1];
    const weight = 1 / Math.sqrt(end - start);
    for (let entry = start; entry < end; entry++) {
      const item = seen.indices[entry];
      if (itemColumn[item] < 0) itemColumn[item] = builder.column('implicit', String(data.items.rawId[item]));
      builder.add(row, itemColumn[item], weight);
    }
  }
}

/**
 * The other direction of implicit feedback: the users who rated each film in training, each
 * 1/√n (as myFM's ml-100k example). Worth about 0.01 RMSE on ml-100k u1/u2 with MCMC.
 */
function addRaters(builder: TripletBuilder, data: MovieLensData, train: Ratings): void {
  const seen = fromTriplets(data.items.count, data.users.count, train.item, train.user, new Float64Array(train.length));
  const userColumn = new Int32Array(data.users.count).fill(-1);
  for (let row = 0; row < seen.rows; row++) {
    const start = seen.offsets[row];
    const end = seen.offsets[row + 1];
    const weight = 1 / Math.sqrt(end - start);
    for (let entry = start; entry < end; entry++) {
      const user = seen.indices[entry];
      if (userColumn[user] < 0) userColumn[user] = builder.column('raters', String(data.users.rawId[user]));
      builder.add(row, userColumn[user], weight);
    }
  }
}

function itemTriplets(data: MovieLensData, train: Ratings, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  // Id, year and a few genres per film, and one raters entry per training rating.
  const builder = new TripletBuilder(data.items.count * 5 + (enabled.has('raters') ? train.length : 0));
  const { items } = data;
  if (enabled.has('ids')) {
    for (let row = 0; row < items.count; row++) builder.add(row, builder.column('itemId', String(items.rawId[row])), 1);
  }
  if (enabled.has('item')) {
    for (let row = 0; row < items.count; row++) {
      const year = yearBucket(items.year[row]);
      if (year !== undefined) builder.add(row, builder.column('year', year), 1);
      const start = items.genreOffset[row];
      const end = items.genreOffset[row + 1];
      // 1/√count keeps a many-genre film's genre part on the same scale as a one-genre film's.
      const weight = 1 / Math.sqrt(Math.max(1, end - start));
      for (let entry = start; entry < end; entry++) {
        const genre = items.genreIndex[entry];
        builder.add(row, builder.column('genre', items.genreNames[genre] ?? String(genre)), weight);
      }
    }
  }
  if (enabled.has('title')) addTitleWords(builder, data);
  if (enabled.has('raters')) addRaters(builder, data, train);
  return builder;
}

function addTitleWords(builder: TripletBuilder, data: MovieLensData): void {
  const wordsPerItem = data.items.title.map(titleWords);
  const filmCount = new Map<string, number>();
  for (const words of wordsPerItem) for (const word of words) filmCount.set(word, (filmCount.get(word) ?? 0) + 1);
  wordsPerItem.forEach((words, row) => {
    const frequent = words.filter((word) => (filmCount.get(word) ?? 0) >= MIN_TITLE_WORD_FILMS);
    const weight = 1 / Math.sqrt(Math.max(1, frequent.length));
    for (const word of frequent) builder.add(row, builder.column('title', word), weight);
  });
}

/** CSR + transpose, dropping features that no training rating reaches. */
function finish(side: 'user' | 'item', builder: TripletBuilder, rows: number, ratingsPerRow: Float64Array): FeatureBlock {
  const full = fromTriplets(rows, builder.names.length, builder.rows.view(), builder.columns.view(), builder.values.view());
  const support = new Float64Array(full.columns);
  for (let row = 0; row < rows; row++) {
    if (ratingsPerRow[row] === 0) continue;
    for (let entry = full.offsets[row]; entry < full.offsets[row + 1]; entry++) support[full.indices[entry]] += 1;
  }
  const keep = Array.from(support, (count) => count > 0);
  const { matrix, kept } = selectColumns(full, keep);
  const featureGroup = new Int32Array(kept.length);
  const featureNames: string[] = [];
  for (let column = 0; column < kept.length; column++) {
    featureGroup[column] = builder.groups[kept[column]];
    featureNames.push(builder.names[kept[column]]);
  }
  return { side, matrix, byFeature: transpose(matrix), featureGroup, featureNames };
}
