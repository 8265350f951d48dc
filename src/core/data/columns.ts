import type { Ratings } from './types';

/** Raw ids at or above this go to a Map instead of the dense lookup table. */
const DENSE_LIMIT = 1 << 22;

/**
 * Raw id → dense index, in order of `add`. Uses a flat Int32Array while raw ids are small (all
 * MovieLens releases), so a lookup per rating costs an array read, not a hash.
 */
export class IdIndex {
  private lookup = new Int32Array(1024).fill(-1);
  private readonly large = new Map<number, number>();
  private ids = new Int32Array(1024);
  count = 0;

  /** Dense index of `raw`, or -1. */
  get(raw: number): number {
    if (raw < DENSE_LIMIT) return raw < this.lookup.length ? this.lookup[raw] : -1;
    return this.large.get(raw) ?? -1;
  }

  /**
   * The table behind `get` for raw ids below its length (-1: absent); larger ids may be in the
   * index all the same (ask `get`). Replaced when `add` grows it: read it again after an add.
   */
  denseLookup(): Int32Array {
    return this.lookup;
  }

  /** Adds a raw id not yet present and returns its dense index. */
  add(raw: number): number {
    const index = this.count++;
    if (index === this.ids.length) this.ids = grow(this.ids, index * 2, false);
    this.ids[index] = raw;
    if (raw < DENSE_LIMIT) {
      if (raw >= this.lookup.length) {
        let size = this.lookup.length;
        while (size <= raw) size *= 2;
        const bigger = new Int32Array(size).fill(-1);
        bigger.set(this.lookup);
        this.lookup = bigger;
      }
      this.lookup[raw] = index;
    } else {
      this.large.set(raw, index);
    }
    return index;
  }

  /** Raw id of a dense index. */
  rawId(index: number): number {
    return this.ids[index];
  }

  /** The raw id of dense index `index` (< count). */
  rawIdOf(index: number): number {
    return this.ids[index];
  }

  rawIds(): Int32Array {
    return this.ids.slice(0, this.count);
  }

  toMap(): Map<number, number> {
    const map = new Map<number, number>();
    for (let index = 0; index < this.count; index++) map.set(this.ids[index], index);
    return map;
  }

  static fromRawIds(rawIds: ArrayLike<number>): IdIndex {
    const index = new IdIndex();
    for (let position = 0; position < rawIds.length; position++) index.add(rawIds[position]);
    return index;
  }
}

type TypedArray = Int32Array | Float32Array | Float64Array | Uint32Array | Int16Array | Uint8Array;

/**
 * Cap on rows preallocated from a file's size (2.1 GB of address space, 16 bytes a row). Pages of
 * a typed array cost memory only once written, so a generous estimate is free for a valid file
 * and a huge garbage file refused at line 1 touches nothing; the cap keeps a 100 GB file from
 * asking for more address space than the machine will lend. Past it the columns grow.
 */
const MAX_PREALLOCATED_ROWS = 1 << 27;

/** The largest timestamp a Uint32 column holds (2106-02-07); a later one turns the column to doubles. */
const MAX_UINT32_TIMESTAMP = 0xffffffff;

type TypedArrayConstructor<T extends TypedArray> = {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** A zeroed column of `length`, in a SharedArrayBuffer when `shared` (its pages cost memory once written). */
function allocate<T extends TypedArray>(Kind: TypedArrayConstructor<T>, length: number, shared: boolean): T {
  return shared ? new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT)) : new Kind(length);
}

function grow<T extends TypedArray>(array: T, size: number, shared: boolean): T {
  const bigger = allocate(array.constructor as TypedArrayConstructor<T>, size, shared);
  bigger.set(array);
  return bigger;
}

/**
 * Rating columns (16 bytes a rating: timestamps as Uint32 while they fit, every MovieLens file's,
 * 100 MB less than doubles at 25M ratings; doubles from the first that does not) that grow by doubling while a file is parsed. With `shared`,
 * the columns live in SharedArrayBuffers from the start: a worker hands the data to others without
 * the copy into shared memory that would double the peak (500 MB more at 25M ratings).
 */
export class RatingsBuilder {
  length = 0;
  private user: Int32Array;
  private item: Int32Array;
  private rating: Float32Array;
  private timestamp: Uint32Array | Float64Array;

  constructor(
    expected = 1024,
    private readonly shared = false,
  ) {
    const capacity = Math.max(16, Math.min(MAX_PREALLOCATED_ROWS, expected));
    this.user = allocate(Int32Array, capacity, shared);
    this.item = allocate(Int32Array, capacity, shared);
    this.rating = allocate(Float32Array, capacity, shared);
    this.timestamp = allocate(Uint32Array, capacity, shared);
  }

  push(user: number, item: number, rating: number, timestamp: number): void {
    const index = this.length;
    if (index === this.user.length) {
      const size = index * 2;
      this.user = grow(this.user, size, this.shared);
      this.item = grow(this.item, size, this.shared);
      this.rating = grow(this.rating, size, this.shared);
      this.timestamp = grow(this.timestamp, size, this.shared);
    }
    if (timestamp > MAX_UINT32_TIMESTAMP && this.timestamp instanceof Uint32Array) this.timestampsAsDoubles();
    this.user[index] = user;
    this.item[index] = item;
    this.rating[index] = rating;
    this.timestamp[index] = timestamp;
    this.length = index + 1;
  }

  private timestampsAsDoubles(): void {
    const doubles = allocate(Float64Array, this.timestamp.length, this.shared);
    doubles.set(this.timestamp.subarray(0, this.length));
    this.timestamp = doubles;
  }

  /** The users of the rows pushed so far, in order: a view, valid until the next push. */
  usersSoFar(): Int32Array {
    return this.user.subarray(0, this.length);
  }

  /** Appends a table's rows, each user `user` of `ratings` written as `userMap[user]`. */
  append(ratings: Ratings, userMap: Int32Array): void {
    const start = this.length;
    const length = start + ratings.length;
    if (length > this.user.length) {
      const size = Math.max(length, start * 2);
      this.user = grow(this.user, size, this.shared);
      this.item = grow(this.item, size, this.shared);
      this.rating = grow(this.rating, size, this.shared);
      this.timestamp = grow(this.timestamp, size, this.shared);
    }
    const { user, item, rating, timestamp } = ratings;
    if (timestamp instanceof Float64Array && this.timestamp instanceof Uint32Array) this.timestampsAsDoubles();
    const target = this.user;
    for (let row = 0; row < ratings.length; row++) target[start + row] = userMap[user[row]];
    this.item.set(item, start);
    this.rating.set(rating, start);
    this.timestamp.set(timestamp, start);
    this.length = length;
  }

  /**
   * The columns trimmed to `length`: copied when much capacity is spare (to free it), viewed
   * otherwise (a copy of a 32M-row column would double the peak memory for little gain).
   */
  finish(): Ratings {
    const length = this.length;
    const copy = this.user.length - length > this.user.length / 8;
    const trim = <T extends TypedArray>(array: T): T => {
      if (!copy) return array.subarray(0, length) as T;
      const trimmed = allocate(array.constructor as TypedArrayConstructor<T>, length, this.shared);
      trimmed.set(array.subarray(0, length) as never);
      return trimmed;
    };
    return {
      length,
      user: trim(this.user),
      item: trim(this.item),
      rating: trim(this.rating),
      timestamp: trim(this.timestamp),
    };
  }
}

/**
 * The ratings at the given row indices, in that order, as fresh typed arrays (a fold's train or
 * test part).
 */
export function subsetRatings(ratings: Ratings, indices: ArrayLike<number>): Ratings {
  const length = indices.length;
  const user = new Int32Array(length);
  const item = new Int32Array(length);
  const rating = new Float32Array(length);
  const timestamp = new Float64Array(length);
  const sourceUser = ratings.user;
  const sourceItem = ratings.item;
  const sourceRating = ratings.rating;
  const sourceTimestamp = ratings.timestamp;
  for (let position = 0; position < length; position++) {
    const row = indices[position];
    if (!(row >= 0 && row < ratings.length)) {
      throw new RangeError(`subsetRatings: row ${row} is outside 0..${ratings.length - 1}`);
    }
    user[position] = sourceUser[row];
    item[position] = sourceItem[row];
    rating[position] = sourceRating[row];
    timestamp[position] = sourceTimestamp[row];
  }
  return { length, user, item, rating, timestamp };
}
