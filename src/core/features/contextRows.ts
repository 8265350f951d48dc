/**
 * Per-rating time features in the FM's two-block design, without a third block: the user block's
 * rows become (user, day) pairs — or (user, month) — and the film block's (film, age bucket)
 * pairs, each row holding its owner's features plus the time features of its pair. A case still
 * points to one row of each block, so the relational kernels run unchanged (Rendle, VLDB 2013, §4:
 * any grouping of cases whose rows repeat works); the price is that the owner's features,
 * implicit feedback included, are stored once per pair instead of once per owner.
 *
 * Rows exist only for pairs with training ratings (a row without cases would be taken for a cold
 * user or film by the MCMC solver, which gives cold rows the id group's prior mean), plus one
 * row per owner without training ratings. A test rating whose pair has no training rating uses
 * its owner's row of the nearest time (ties: the earlier). The solvers train on derived data
 * whose users and films are these rows; `buildFeatureBlocks` recognises it through
 * `contextRowsOf` and the trained model is folded back to one row per user and film, each
 * owner's latest one (its "now"), for ranking, spot checks and stored models.
 *
 * What this design changes beyond the features: MCMC's per-user noise precision is drawn per
 * row, i.e. per (user, day); and a feature's update costs per row, so implicit feedback costs
 * (rows per user) times more. A third block keyed by the pair would avoid both (see the report).
 */
import type { Fold, MovieLensData, Ratings } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import type { FeatureGroup } from './groups';
import { dayOf, filmAgeBucket, monthOfDay, rowKeys, yearOfDay, type RowKeys } from './timeContext';

/** One block's rows: owner and time of each, grouped by owner and ascending in time. */
export interface SideRows {
  readonly count: number;
  /** Per row: its user or film. */
  readonly owner: Int32Array;
  /** Per row: its day, month or film-age bucket; −1 for none (an owner without training ratings, an unknown release year). */
  readonly time: Int32Array;
  /** Owner o's rows are ownerStart[o] .. ownerStart[o+1]. */
  readonly ownerStart: Int32Array;
}

export interface ContextRows {
  /** The data the owners come from (their side information, raw ids, titles). */
  readonly data: MovieLensData;
  readonly keys: RowKeys;
  readonly user: SideRows;
  readonly item: SideRows;
}

/** Derived data and fold whose users and films are the context rows. */
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

/** The rows of `fold` for the time groups among `groups`, and the data and fold re-indexed by them. */
export function buildContextProblem(data: MovieLensData, fold: Fold, groups: readonly FeatureGroup[]): ContextProblem {
  const keys = rowKeys(groups);
  const times = new RatingTimes(data, keys);
  const trainUserTime = times.user(fold.train);
  const trainItemTime = times.item(fold.train);
  const user = sideRows(data.users.count, fold.train.user, trainUserTime);
  const item = sideRows(data.items.count, fold.train.item, trainItemTime);
  const rows: ContextRows = { data, keys, user, item };
  const reindex = (ratings: Ratings, userTime: Int32Array, itemTime: Int32Array): Ratings => ({
    ...ratings,
    user: Int32Array.from(ratings.user, (owner, index) => rowOf(user, owner, userTime[index])),
    item: Int32Array.from(ratings.item, (owner, index) => rowOf(item, owner, itemTime[index])),
  });
  const derivedFold: Fold = {
    name: fold.name,
    train: reindex(fold.train, trainUserTime, trainItemTime),
    test: reindex(fold.test, times.user(fold.test), times.item(fold.test)),
  };
  const derived: MovieLensData = { ...data, users: { ...data.users, count: user.count }, items: { ...data.items, count: item.count } };
  contextRowsByData.set(derived, rows);
  return { data: derived, fold: derivedFold, rows };
}

/** Each rating's time key per block; days, months and years cached per day (one Date per distinct day). */
class RatingTimes {
  private readonly monthByDay = new Map<number, number>();
  private readonly yearByDay = new Map<number, number>();

  constructor(
    private readonly data: MovieLensData,
    private readonly keys: RowKeys,
  ) {}

  user(ratings: Ratings): Int32Array {
    const out = new Int32Array(ratings.length).fill(-1);
    if (this.keys.user === null) return out;
    for (let index = 0; index < ratings.length; index++) {
      const day = dayOf(ratings.timestamp[index]);
      out[index] = this.keys.user === 'day' ? day : cached(this.monthByDay, day, monthOfDay);
    }
    return out;
  }

  item(ratings: Ratings): Int32Array {
    const out = new Int32Array(ratings.length).fill(-1);
    if (this.keys.item === null) return out;
    const releaseYear = this.data.items.year;
    for (let index = 0; index < ratings.length; index++) {
      const year = cached(this.yearByDay, dayOf(ratings.timestamp[index]), yearOfDay);
      out[index] = filmAgeBucket(year, releaseYear[ratings.item[index]]);
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
 * The model trained on context rows as one row per user and film: each owner's latest row (its
 * last training day or month, its film's oldest age), which is what it would be scored with now.
 */
export function foldContextModel(model: EmbeddingModel, rows: ContextRows): EmbeddingModel {
  const { dimension } = model;
  const pick = (side: SideRows, bias: Float32Array, factors: Float32Array): { bias: Float32Array; factors: Float32Array } => {
    const owners = side.ownerStart.length - 1;
    const ownerBias = new Float32Array(owners);
    const ownerFactors = new Float32Array(owners * dimension);
    for (let owner = 0; owner < owners; owner++) {
      const row = side.ownerStart[owner + 1] - 1;
      ownerBias[owner] = bias[row];
      ownerFactors.set(factors.subarray(row * dimension, (row + 1) * dimension), owner * dimension);
    }
    return { bias: ownerBias, factors: ownerFactors };
  };
  const users = pick(rows.user, model.userBias, model.userFactors);
  const items = pick(rows.item, model.itemBias, model.itemFactors);
  return {
    ...model,
    userCount: users.bias.length,
    itemCount: items.bias.length,
    userBias: users.bias,
    userFactors: users.factors,
    itemBias: items.bias,
    itemFactors: items.factors,
  };
}
