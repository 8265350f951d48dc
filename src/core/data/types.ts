/**
 * In-memory MovieLens data. Ids are remapped to dense indices (0..count-1) and every per-rating
 * column is a typed array: 100K ratings cost a few MB, 32M stay feasible.
 */

/** Which MovieLens release a folder holds, detected from its file names. */
export type MovieLensFormat = 'ml-100k' | 'ml-1m' | 'ml-csv';

/** A table of ratings in dense indices; `length` rows, one column per array. */
export interface Ratings {
  readonly length: number;
  /** Dense user index per rating. */
  readonly user: Int32Array;
  /** Dense item (film) index per rating. */
  readonly item: Int32Array;
  readonly rating: Float32Array;
  /**
   * Seconds since the epoch; 0 when the file has none. The loaders store them as Uint32 (to 2106:
   * 100 MB less than doubles at 25M ratings); derived tables may hold doubles.
   */
  readonly timestamp: Float64Array | Uint32Array;
}

/** Gender code in `Users.gender`. */
export const enum Gender {
  Unknown = 0,
  Male = 1,
  Female = 2,
}

export interface Users {
  readonly count: number;
  /** Raw id from the files, per dense index. */
  readonly rawId: Int32Array;
  /** Side information; null when the format has none (the CSV releases). */
  readonly demographics: UserDemographics | null;
}

export interface UserDemographics {
  /** Age in years (100K) or the 1M age-group code; -1 unknown. */
  readonly age: Int16Array;
  readonly gender: Uint8Array;
  /** Index into `occupations`; -1 unknown. */
  readonly occupation: Int16Array;
  readonly occupations: readonly string[];
  /** Zip code as written (may hold letters, e.g. Canadian codes). */
  readonly zip: readonly string[];
}

export interface Items {
  readonly count: number;
  readonly rawId: Int32Array;
  readonly title: readonly string[];
  /** Release year; 0 when unknown. */
  readonly year: Int16Array;
  readonly genreNames: readonly string[];
  /** Genres as CSR: the genres of item i are genreIndex[genreOffset[i] .. genreOffset[i+1]). */
  readonly genreOffset: Int32Array;
  readonly genreIndex: Int16Array;
}

/** A canonical split shipped with the data set (u1..u5, ua, ub): file paths, parsed on demand. */
export interface SplitFiles {
  readonly name: string;
  readonly trainFile: string;
  readonly testFile: string;
}

export interface MovieLensData {
  readonly format: MovieLensFormat;
  /** Absolute path of the folder the data came from. */
  readonly folder: string;
  /** The file that holds all ratings (u.data, ratings.dat, ratings.csv). */
  readonly ratingsFile: string;
  /** The file that holds the films (u.item, movies.dat, movies.csv). */
  readonly itemsFile: string;
  readonly users: Users;
  readonly items: Items;
  readonly ratings: Ratings;
  readonly ratingScale: RatingScale;
  readonly splits: readonly SplitFiles[];
  /** Raw id to dense index. */
  readonly userIndex: ReadonlyMap<number, number>;
  readonly itemIndex: ReadonlyMap<number, number>;
  /**
   * What the loader changed under a stated policy, one sentence each, for the data summary
   * (e.g. re-ratings in a CSV release: the latest kept). Absent or empty: nothing.
   */
  readonly notes?: readonly string[];
}

export interface RatingScale {
  readonly min: number;
  readonly max: number;
}

/** One train/test pair. Same protocol and seed: the same folds. */
export interface Fold {
  readonly name: string;
  readonly train: Ratings;
  readonly test: Ratings;
}

/** How the ratings file's reading goes: bytes read so far of its size. */
export interface LoadProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /**
   * The ratings read so far, in file order, from a file whose users come from it (the CSV
   * releases, read from their start): a look at the first users while the reading goes. Valid
   * during the callback only.
   */
  readonly soFar?: RatingsSoFar;
}

/** The rows a reading has parsed so far (see LoadProgress.soFar). */
export interface RatingsSoFar {
  /** The dense user of each row read so far (a view: read it during the callback only). */
  users(): Int32Array;
  /** The raw id of a dense user seen so far. */
  userRawId(user: number): number;
}

export interface LoadOptions {
  /**
   * The rating columns in SharedArrayBuffers from the start (a worker that hands the data to other
   * threads), instead of a copy into shared memory after the load.
   */
  readonly sharedMemory?: boolean;
  /** Called after each chunk of the ratings file (4 MB) is read, and once when it is all read. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * Starts parsing a part of a large ratings.csv on another thread (core starts none): the
   * loader then reads the file's first half while that thread reads the second, and joins them
   * into the same columns, numbers and messages as one reading (ratingsFile.ts).
   */
  readonly parseInParallel?: (task: RatingsPartTask) => RatingsPartHandle;
  /** The size from which a ratings.csv is parsed in two parts (default 64 MB: a thread's start costs ~50 ms). */
  readonly parallelFromBytes?: number;
  /** Asked only for a file that size: whether to split it now (e.g. whether a core is free). */
  readonly parallelWanted?: () => boolean;
}

/** The second half of a ratings.csv, for another thread: bytes [start, end), `start` at a line's start. */
export interface RatingsPartTask {
  readonly file: string;
  readonly itemsFile: string;
  /** The films' raw ids in dense order (movies.csv's). */
  readonly itemRawIds: Int32Array;
  readonly start: number;
  readonly end: number;
  /** Shared: [0] is the KiB the part has read so far, for the load's progress. */
  readonly progress: Int32Array;
}

/**
 * A part parsed: its ratings with users numbered by first appearance in the part (their raw ids
 * in `userRawIds`) and its number of lines; or what is wrong, at a line counted from the part's
 * first (1), or a failure that is not the data's (`dataError` false).
 */
export type RatingsPartResult =
  | { readonly ratings: Ratings; readonly userRawIds: Int32Array; readonly lines: number }
  | { readonly error: { readonly line: number; readonly problem: string; readonly dataError: boolean } };

/** A part being parsed on another thread. */
export interface RatingsPartHandle {
  /** Waits for the part (calling `poll` now and then meanwhile). */
  result(poll: () => void): RatingsPartResult;
  /** Stops the part's thread (the first half failed). */
  cancel(): void;
}
