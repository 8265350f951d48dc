/**
 * The film's age at rating time (filmAge) in the FM's film block: the block's rows become (film,
 * age bucket) pairs, each holding its film's features plus the age bucket. A case still points to
 * one row of each block, so the relational kernels run unchanged (Rendle, VLDB 2013, §4: any
 * grouping of cases whose rows repeat works); the price is that the film's features, raters
 * included, are stored once per pair instead of once per film. On MovieLens a film has one or two
 * such rows (the ratings span a few years). The user's time groups are a block of their own
 * instead (contextBlock.ts): a user has dozens of days, and copying the user's implicit feedback
 * to each of them cost 1.9x the time per iteration.
 *
 * Rows exist only for pairs with training ratings (a row without cases would be taken for a cold
 * film by the MCMC solver, which gives cold rows the id group's prior mean), plus one row per
 * film without training ratings. A test rating whose pair has no training rating uses its film's
 * row of the nearest age (ties: the younger). The solvers train on derived data whose films are
 * these rows; `buildFeatureBlocks` recognises it through `contextRowsOf` and the trained model is
 * folded back to one row per film, each film's latest one (its "now"), for ranking, spot checks
 * and stored models.
 */
import type { Fold, MovieLensData, Ratings } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import { dayOf, filmAgeBucket, monthOfDay, yearOfDay } from './timeContext';

/** The film block's rows: film and age bucket (or month) of each, grouped by film and ascending in time. */
export interface SideRows {
  readonly count: number;
  /** Per row: its film. */
  readonly owner: Int32Array;
  /**
   * Per row: its film-age bucket, or its month (months since January 1970) when keyed by month;
   * −1 for none (a film without training ratings, an unknown release year).
   */
  readonly time: Int32Array;
  /** Owner o's rows are ownerStart[o] .. ownerStart[o+1]. */
  readonly ownerStart: Int32Array;
}

export interface ContextRows {
  /** The data the films come from (their side information, raw ids, titles). */
  readonly data: MovieLensData;
  /** What a row's time is: the film-age bucket (filmAge alone) or the rating's month (filmMonth, filmAge derived from it). */
  readonly key: 'age' | 'month';
  readonly item: SideRows;
}

/** Derived data and fold whose films are the context rows. */
export interface ContextProblem {
  readonly data: MovieLensData;
  readonly fold: Fold;
  readonly rows: ContextRows;
}

// The derived data carries no field of its own: the rows are found by the object's identity.
const contextRowsByData = new WeakMap<MovieLensData, ContextRows>();

/** The context rows of derived data (undefined for data as loaded). */
export function contextRowsOf(data: MovieLensData): ContextRows | undefined {
  return contextRowsByData.get(data);
}

/** The film rows of `fold` (filmAge, filmMonth), and the data and fold re-indexed by them. */
export function buildContextProblem(data: MovieLensData, fold: Fold, key: 'age' | 'month' = 'age'): ContextProblem {
  const ages = new FilmTimes(data, key);
  const trainItemTime = ages.of(fold.train);
  const item = sideRows(data.items.count, fold.train.item, trainItemTime);
  const rows: ContextRows = { data, key, item };
  const reindex = (ratings: Ratings, itemTime: Int32Array): Ratings => ({
    ...ratings,
    item: Int32Array.from(ratings.item, (owner, index) => rowOf(item, owner, itemTime[index])),
  });
  const derivedFold: Fold = { name: fold.name, train: reindex(fold.train, trainItemTime), test: reindex(fold.test, ages.of(fold.test)) };
  const derived: MovieLensData = { ...data, items: { ...data.items, count: item.count } };
  contextRowsByData.set(derived, rows);
  return { data: derived, fold: derivedFold, rows };
}

/** Each rating's film-age bucket or month; years and months cached per day (one Date per distinct day). */
class FilmTimes {
  private readonly byDay = new Map<number, number>();

  constructor(
    private readonly data: MovieLensData,
    private readonly key: 'age' | 'month',
  ) {}

  of(ratings: Ratings): Int32Array {
    const out = new Int32Array(ratings.length);
    const releaseYear = this.data.items.year;
    for (let index = 0; index < ratings.length; index++) {
      const day = dayOf(ratings.timestamp[index]);
      out[index] =
        this.key === 'month'
          ? cached(this.byDay, day, monthOfDay)
          : filmAgeBucket(cached(this.byDay, day, yearOfDay), releaseYear[ratings.item[index]]);
    }
    return out;
  }
}

function cached(cache: Map<number, number>, key: number, compute: (key: number) => number): number {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

/** The distinct (owner, time) pairs of the training ratings, by owner then time; one untimed row for each owner without any. */
function sideRows(ownerCount: number, trainOwner: Int32Array, trainTime: Int32Array): SideRows {
  let maxTime = 0;
  for (let index = 0; index < trainTime.length; index++) maxTime = Math.max(maxTime, trainTime[index]);
  // time + 1 ≥ 0, so owner · span + time + 1 orders by owner, then time.
  const span = maxTime + 2;
  const pairKeys = new Float64Array(trainOwner.length);
  for (let index = 0; index < trainOwner.length; index++) pairKeys[index] = trainOwner[index] * span + trainTime[index] + 1;
  pairKeys.sort();
  const ownerStart = new Int32Array(ownerCount + 1);
  const owners: number[] = [];
  const times: number[] = [];
  let position = 0;
  for (let owner = 0; owner < ownerCount; owner++) {
    ownerStart[owner] = owners.length;
    let previous = Number.NaN;
    while (position < pairKeys.length && Math.floor(pairKeys[position] / span) === owner) {
      const key = pairKeys[position++];
      if (key === previous) continue;
      previous = key;
      owners.push(owner);
      times.push((key % span) - 1);
    }
    if (owners.length === ownerStart[owner]) {
      owners.push(owner);
      times.push(-1);
    }
  }
  ownerStart[ownerCount] = owners.length;
  return { count: owners.length, owner: Int32Array.from(owners), time: Int32Array.from(times), ownerStart };
}

/** The owner's row for `time`, or its row of the nearest time (ties: the earlier). */
export function rowOf(side: SideRows, owner: number, time: number): number {
  const start = side.ownerStart[owner];
  const end = side.ownerStart[owner + 1];
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (side.time[middle] < time) low = middle + 1;
    else high = middle;
  }
  if (low < end && side.time[low] === time) return low;
  if (low === start) return start;
  if (low === end) return end - 1;
  return time - side.time[low - 1] <= side.time[low] - time ? low - 1 : low;
}

/**
 * The model trained on film rows as one row per film: each film's latest row (its oldest age),
 * which is what it would be scored with now.
 */
export function foldContextModel(model: EmbeddingModel, rows: ContextRows): EmbeddingModel {
  const { dimension } = model;
  const side = rows.item;
  const films = side.ownerStart.length - 1;
  const itemBias = new Float32Array(films);
  const itemFactors = new Float32Array(films * dimension);
  for (let film = 0; film < films; film++) {
    const row = side.ownerStart[film + 1] - 1;
    itemBias[film] = model.itemBias[row];
    itemFactors.set(model.itemFactors.subarray(row * dimension, (row + 1) * dimension), film * dimension);
  }
  return { ...model, itemCount: films, itemBias, itemFactors };
}
