import type { MovieLensData, Ratings } from '../data/types';
import { fromTriplets, selectColumns, transpose, type SparseMatrix } from '../sparse/sparseMatrix';
import type { FeatureGroup } from './groups';
import { requireFeatureData } from './availability';
import { ageBucket, titleWords, yearBucket, zipBucket } from './buckets';
import { contextLayout, contextTriplets, type ContextLayout } from './contextBlock';
import { itemContextRows, ownerRatings } from './contextFeatures';
import { contextRowsOf } from './contextRows';
import { fineGroupIndex } from './groups';
import { CONTEXT_GROUPS, contextKey } from './timeContext';
import { TripletBuilder } from './tripletBuilder';

/**
 * The FM design matrix in relational form (Rendle, "Scaling Factorization Machines to Relational
 * Data", VLDB 2013; libFM's block structure): a rating case is the concatenation of one row of
 * the user block, one row of the item block and, with the user's time groups on, one row of the
 * context block (contextBlock.ts), so each side's features are stored once per user, film or
 * (user, day) instead of once per rating.
 */
export interface FeatureBlock {
  readonly side: 'user' | 'item' | 'context';
  /** rows (all users or all films of the data) × features, CSR. */
  readonly matrix: SparseMatrix;
  /** The transpose (features × rows), for loops over one feature's rows. */
  readonly byFeature: SparseMatrix;
  /** Index into FINE_GROUPS per feature. */
  readonly featureGroup: Int32Array;
  /** Readable feature names ("age=25-34", "genre=Drama"), for inspection and tests. */
  readonly featureNames: readonly string[];
}

/** The context block: (user, time) rows, and which row each training and test rating has. */
export interface ContextBlock extends FeatureBlock {
  readonly side: 'context';
  readonly layout: ContextLayout;
  /**
   * Per user: the row the user's embedding folds in (its latest training day or month: "now"
   * for hovers, spot checks and ranking); −1 for a user without training ratings.
   */
  readonly nowRow: Int32Array;
  /**
   * Rows without training ratings and the fine group of each time feature they lack (left out
   * for want of training data): (coldRow[n], coldGroup[n]) pairs, for the groups' prior means.
   */
  readonly coldRow: Int32Array;
  readonly coldGroup: Int32Array;
}

export interface FeatureBlocks {
  readonly user: FeatureBlock;
  readonly item: FeatureBlock;
  /** Null unless a user time group (ratingDate, userDay, ratingMonth) is on. */
  readonly context: ContextBlock | null;
}

/** Minimum number of films a title word must appear in to become a feature. */
const MIN_TITLE_WORD_FILMS = 2;

/**
 * Builds the blocks for one fold. Implicit feedback uses only `train`, never test ratings; the
 * context block has rows for the test ratings' (user, time) pairs too (`test`: none if absent).
 * A feature that no training rating touches (the id of a cold user, a film nobody rated in
 * training) is left out: it could only be learned from its prior, and an MCMC draw from the
 * prior would add noise to cold-start predictions. Cold rows keep their other features.
 * A group the data cannot fill (user without a users file) is a DataError.
 */
export function buildFeatureBlocks(data: MovieLensData, train: Ratings, groups: readonly FeatureGroup[], test?: Ratings): FeatureBlocks {
  requireFeatureData(data, groups);
  const enabled = new Set(groups);
  const userRatings = new Float64Array(data.users.count);
  const itemRatings = new Float64Array(data.items.count);
  for (let index = 0; index < train.length; index++) {
    userRatings[train.user[index]]++;
    itemRatings[train.item[index]]++;
  }
  // Derived data of filmAge: its films are (film, age) rows, whose film features are built per
  // film from the films' data, then copied to each row.
  const filmRows = contextRowsOf(data);
  const owners = filmRows?.data ?? data;
  const ownerTrain = filmRows === undefined ? train : ownerRatings(filmRows, train);
  // The builders are passed on, not held: each (16 bytes an entry) is garbage once finished, before
  // the next block is built.
  const user = finish('user', userTriplets(owners, ownerTrain, enabled), data.users.count, userRatings);
  const itemBuilder = (): TripletBuilder => {
    const films = itemTriplets(owners, ownerTrain, enabled);
    return filmRows === undefined ? films : itemContextRows(films, filmRows, enabled);
  };
  const item = finish('item', itemBuilder(), data.items.count, itemRatings);
  const key = contextKey(groups);
  // The films of dayImplicit are the films themselves, not their (film, age or month) rows.
  const context = key === null ? null : contextBlock(owners, ownerTrain, test, key, enabled);
  return { user, item, context };
}

function contextBlock(
  data: MovieLensData,
  train: Ratings,
  test: Ratings | undefined,
  key: 'day' | 'month',
  enabled: ReadonlySet<FeatureGroup>,
): ContextBlock {
  const none: Ratings = {
    length: 0,
    user: new Int32Array(0),
    item: new Int32Array(0),
    rating: new Float32Array(0),
    timestamp: new Float64Array(0),
  };
  const layout = contextLayout(data.users.count, key, train, test ?? none);
  const rowRatings = new Float64Array(layout.count);
  for (let index = 0; index < train.length; index++) rowRatings[layout.trainRow[index]]++;
  const block = finish('context', contextTriplets(data, layout, train, enabled), layout.count, rowRatings);
  const nowRow = new Int32Array(data.users.count).fill(-1);
  for (let row = 0; row < layout.count; row++) if (rowRatings[row] > 0) nowRow[layout.owner[row]] = row;
  // Every row is built with one feature of each of these groups (the month is always known).
  const rowGroups = CONTEXT_GROUPS.filter((group) => enabled.has(group) && (key === 'day' || group === 'ratingMonth')).map(fineGroupIndex);
  const coldRow: number[] = [];
  const coldGroup: number[] = [];
  const { offsets, indices } = block.matrix;
  for (let row = 0; row < layout.count; row++) {
    if (rowRatings[row] > 0) continue;
    for (const group of rowGroups) {
      let present = false;
      for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) if (block.featureGroup[indices[entry]] === group) present = true;
      if (present) continue;
      coldRow.push(row);
      coldGroup.push(group);
    }
  }
  // Every field named, not spread from `block`: V8 gives an object spread from one with this many
  // fields a map of its own each time, so each fold's block had a new one, and the code reading
  // context blocks and states (refreshing, predicting, the priors, the model) was deoptimized and
  // compiled again every fold.
  return {
    side: 'context',
    matrix: block.matrix,
    byFeature: block.byFeature,
    featureGroup: block.featureGroup,
    featureNames: block.featureNames,
    layout,
    nowRow,
    coldRow: Int32Array.from(coldRow),
    coldGroup: Int32Array.from(coldGroup),
  };
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
function finish(side: FeatureBlock['side'], builder: TripletBuilder, rows: number, ratingsPerRow: Float64Array): FeatureBlock {
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
