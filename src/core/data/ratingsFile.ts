import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdIndex, RatingsBuilder } from './columns';
import { DataError, isDataError } from './errors';
import { MAX_LINE_BYTES, readLines } from './lines';
import type { ByteRange } from './lines';
import { firstRepeat, keepLatestRatings } from './repeats';
import { MAX_ID } from './tables';
import type { LoadOptions, Ratings, RatingsPartResult, RatingsPartTask, RatingsSoFar } from './types';

/** How one release writes its ratings file. */
export interface RatingsLayout {
  /** Field separator: '\t' (100K), '::' (1M), ',' (CSV). */
  readonly separator: string;
  /** The header line the file must start with, if any. */
  readonly header?: string;
  /** Half stars 0.5..5 (CSV releases) instead of whole stars 1..5. */
  readonly halfStars: boolean;
  /** Typical bytes per line, to preallocate the columns from the file size. */
  readonly bytesPerLine: number;
  /**
   * A (user, film) pair rated twice: refused (100K, 1M: one rating per pair) or the latest
   * rating kept and a note made (CSV releases, where a user may re-rate a film).
   */
  readonly repeats: 'refuse' | 'keep-latest';
}

/** u.data and the u1..u5/ua/ub split files. */
export const LAYOUT_100K: RatingsLayout = { separator: '\t', halfStars: false, bytesPerLine: 19, repeats: 'refuse' };
/** ratings.dat. */
export const LAYOUT_1M: RatingsLayout = { separator: '::', halfStars: false, bytesPerLine: 22, repeats: 'refuse' };
/** ratings.csv of the latest/20M/25M/32M releases. */
export const LAYOUT_CSV: RatingsLayout = {
  separator: ',',
  header: 'userId,movieId,rating,timestamp',
  halfStars: true,
  bytesPerLine: 25,
  repeats: 'keep-latest',
};

/** Where ratings' ids are looked up. */
export interface RatingsIds {
  readonly users: IdIndex;
  /** Users are added on first appearance (CSV: no users file) instead of refused. */
  readonly addUnknownUsers: boolean;
  /** Named in the message for a user id not in `users`. */
  readonly usersFile: string;
  readonly items: IdIndex;
  readonly itemsFile: string;
}

/** A ratings file's table and what was changed under the layout's policy. */
export interface ParsedRatings {
  readonly ratings: Ratings;
  readonly notes: readonly string[];
}

const FIELD_COUNT = 4;
const MAX_FIELDS = 16;

/**
 * Parses a ratings file (user, film, rating, timestamp per line) straight from bytes into typed
 * columns, refusing the first bad line with file:line and what is wrong, a file without ratings
 * (`use` says what they were needed for) and repeated (user, film) pairs per `layout.repeats`.
 */
export function readRatingsFile(
  file: string,
  layout: RatingsLayout,
  ids: RatingsIds,
  use: string,
  options: LoadOptions = {},
): ParsedRatings {
  const ratings =
    options.parseInParallel !== undefined && layout === LAYOUT_CSV && ids.addUnknownUsers
      ? parseInParts(file, layout, ids, options)
      : parseRatings(file, layout, ids, options);
  if (ratings.length === 0) throw new DataError(file, 0, `no ratings (${emptyReason(file, layout)}): ${use}`);
  return applyRepeatPolicy(file, layout, ratings, ids);
}

function parseRatings(file: string, layout: RatingsLayout, ids: RatingsIds, options: LoadOptions): Ratings {
  const builder = new RatingsBuilder(estimateLines(file, layout.bytesPerLine), options.sharedMemory === true);
  const { onProgress } = options;
  const soFar = ratingsSoFar(ids, builder);
  const onRead =
    onProgress === undefined ? undefined : (bytesRead: number, totalBytes: number) => onProgress({ file, bytesRead, totalBytes, soFar });
  parseRatingLines(file, layout, ids, builder, onRead);
  return builder.finish();
}

/** What the reading from the file's start has parsed, when the file is where its users come from (CSV). */
function ratingsSoFar(ids: RatingsIds, builder: RatingsBuilder): RatingsSoFar | undefined {
  if (!ids.addUnknownUsers) return undefined;
  return { users: () => builder.usersSoFar(), userRawId: (user) => ids.users.rawIdOf(user) };
}

/**
 * Parses the ratings file's lines (those of `range` only, if given) into `builder`; returns the
 * number of lines read. A bad line is refused with its line number (counted in the range).
 */
function parseRatingLines(
  file: string,
  layout: RatingsLayout,
  ids: RatingsIds,
  builder: RatingsBuilder,
  onRead?: (bytesRead: number, totalBytes: number) => void,
  range?: ByteRange,
): number {
  const separator = Buffer.from(layout.separator, 'latin1');
  const separatorName = describeSeparator(layout.separator);
  const first = separator[0];
  const second = separator.length > 1 ? separator[1] : -1;
  const starts = new Int32Array(MAX_FIELDS);
  const ends = new Int32Array(MAX_FIELDS);
  const { users, items, addUnknownUsers } = ids;
  const usersName = path.basename(ids.usersFile);
  const itemsName = path.basename(ids.itemsFile);
  const valueRange = layout.halfStars ? '0.5..5 in half stars' : 'a whole number 1..5';
  const step = layout.halfStars ? 'a whole or half star' : 'a whole number';
  const minimum = layout.halfStars ? 0.5 : 1;
  let expectHeader = layout.header !== undefined && (range === undefined || range.start === 0);
  const plain = new PlainLineParser(first, second, layout.halfStars, users, items, builder);

  return readLines(
    file,
    (bytes, start, end, line) => {
      if (expectHeader) {
        expectHeader = false;
        const text = bytes.toString('utf8', start, end).trim();
        if (text !== layout.header) throw new DataError(file, line, `expected the header '${layout.header}', found '${clip(text)}'`);
        return;
      }
      if (plain.parse(bytes, start, end)) return;
      // Not a plain line (or a new user, an unknown id, a value out of range): the careful way, which
      // accepts it (the same values) or refuses it naming what is wrong. Split into fields on the separator.
      let count = 0;
      let fieldStart = start;
      for (let position = start; position < end; position++) {
        if (bytes[position] !== first) continue;
        if (second >= 0 && (position + 1 >= end || bytes[position + 1] !== second)) continue;
        if (count < MAX_FIELDS) {
          starts[count] = fieldStart;
          ends[count] = position;
        }
        count++;
        position += separator.length - 1;
        fieldStart = position + 1;
      }
      if (count < MAX_FIELDS) {
        starts[count] = fieldStart;
        ends[count] = end;
      }
      count++;
      if (count !== FIELD_COUNT) {
        throw new DataError(
          file,
          line,
          `expected ${FIELD_COUNT} fields (user, film, rating, timestamp) separated by ${separatorName}, found ${count}`,
        );
      }
      const rawUser = parseId(bytes, starts[0], ends[0]);
      if (rawUser < 0 || rawUser > MAX_ID)
        throw new DataError(file, line, `user id '${text(bytes, starts[0], ends[0])}' is not a whole number`);
      const rawItem = parseId(bytes, starts[1], ends[1]);
      if (rawItem < 0 || rawItem > MAX_ID)
        throw new DataError(file, line, `film id '${text(bytes, starts[1], ends[1])}' is not a whole number`);
      const rating = parseRating(bytes, starts[2], ends[2]);
      if (Number.isNaN(rating)) throw new DataError(file, line, `rating '${text(bytes, starts[2], ends[2])}' is not a number`);
      if (rating === NOT_HALF || (!layout.halfStars && !Number.isInteger(rating))) {
        throw new DataError(file, line, `rating ${text(bytes, starts[2], ends[2])} is not ${step} (expected ${valueRange})`);
      }
      if (rating < minimum || rating > 5)
        throw new DataError(file, line, `rating ${text(bytes, starts[2], ends[2])} is out of range (expected ${valueRange})`);
      const timestamp = parseId(bytes, starts[3], ends[3]);
      if (timestamp < 0) throw new DataError(file, line, `timestamp '${text(bytes, starts[3], ends[3])}' is not a whole number`);
      let user = users.get(rawUser);
      if (user < 0) {
        if (!addUnknownUsers) throw new DataError(file, line, `user ${rawUser} is not in ${usersName}`);
        user = users.add(rawUser);
      }
      const item = items.get(rawItem);
      if (item < 0) throw new DataError(file, line, `film ${rawItem} is not in ${itemsName}`);
      builder.push(user, item, rating, timestamp);
      plain.refresh();
    },
    undefined,
    onRead,
    range,
  );
}

/** Digits a plain id or timestamp may have (parseId accepts up to 15; longer ones go the careful way). */
const PLAIN_DIGITS = 10;
const ZERO = 48;
const DOT = 46;

/**
 * The common line, parsed in one pass over its bytes: `digits SEP digits SEP d[.d] SEP digits`
 * with known user and film ids, in range, the rating on the layout's grid (d.0, or d.5 with half
 * stars). Pushes it and returns true; returns false, having pushed nothing, for any other line,
 * which the careful parser then reads (so every line this accepts, that one accepts with the same
 * values). Ids are looked up in the indices' dense tables, read again after the careful parser
 * added a user. One function, no calls but the push: at 25M lines, the parse's time halves.
 */
class PlainLineParser {
  private userLookup: Int32Array;
  private readonly itemLookup: Int32Array;
  private readonly minimum: number;

  constructor(
    private readonly first: number,
    private readonly second: number,
    private readonly halfStars: boolean,
    private readonly users: IdIndex,
    items: IdIndex,
    private readonly builder: RatingsBuilder,
  ) {
    this.userLookup = users.denseLookup();
    this.itemLookup = items.denseLookup();
    this.minimum = halfStars ? 0.5 : 1;
  }

  /** After the careful parser read a line (it may have added a user). */
  refresh(): void {
    this.userLookup = this.users.denseLookup();
  }

  parse(bytes: Buffer, start: number, end: number): boolean {
    const { first, second } = this;
    let position = start;
    let rawUser = 0;
    let digits = 0;
    for (; position < end; position++, digits++) {
      const digit = bytes[position] - ZERO;
      if (digit < 0 || digit > 9) break;
      rawUser = rawUser * 10 + digit;
    }
    if (digits === 0 || digits > PLAIN_DIGITS || position >= end || bytes[position] !== first) return false;
    position++;
    if (second >= 0) {
      if (position >= end || bytes[position] !== second) return false;
      position++;
    }
    let rawItem = 0;
    digits = 0;
    for (; position < end; position++, digits++) {
      const digit = bytes[position] - ZERO;
      if (digit < 0 || digit > 9) break;
      rawItem = rawItem * 10 + digit;
    }
    if (digits === 0 || digits > PLAIN_DIGITS || position >= end || bytes[position] !== first) return false;
    position++;
    if (second >= 0) {
      if (position >= end || bytes[position] !== second) return false;
      position++;
    }
    if (position >= end) return false;
    let rating = bytes[position] - ZERO;
    if (rating < 0 || rating > 9) return false;
    position++;
    if (position < end && bytes[position] === DOT) {
      const fraction = position + 1 < end ? bytes[position + 1] - ZERO : -1;
      if (fraction === 5 && this.halfStars) rating += 0.5;
      else if (fraction !== 0) return false;
      position += 2;
    }
    if (rating < this.minimum || rating > 5 || position >= end || bytes[position] !== first) return false;
    position++;
    if (second >= 0) {
      if (position >= end || bytes[position] !== second) return false;
      position++;
    }
    let timestamp = 0;
    digits = 0;
    for (; position < end; position++, digits++) {
      const digit = bytes[position] - ZERO;
      if (digit < 0 || digit > 9) return false;
      timestamp = timestamp * 10 + digit;
    }
    if (digits === 0 || digits > PLAIN_DIGITS) return false;
    const userLookup = this.userLookup;
    const itemLookup = this.itemLookup;
    // Ids past the dense tables (or above MAX_ID) are left to the careful parser.
    const user = rawUser < userLookup.length ? userLookup[rawUser] : -1;
    const item = rawItem < itemLookup.length ? itemLookup[rawItem] : -1;
    if (user < 0 || item < 0) return false;
    this.builder.push(user, item, rating, timestamp);
    return true;
  }
}

function emptyReason(file: string, layout: RatingsLayout): string {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    // Read a moment ago; say "empty" below rather than fail differently.
  }
  if (size === 0) return 'the file is empty';
  return layout.header !== undefined ? 'nothing after the header line' : 'the file holds only blank lines';
}

function applyRepeatPolicy(file: string, layout: RatingsLayout, ratings: Ratings, ids: RatingsIds): ParsedRatings {
  const userCount = ids.users.count;
  const itemCount = ids.items.count;
  const name = path.basename(file);
  if (layout.repeats === 'refuse') {
    const repeat = firstRepeat(ratings, userCount, itemCount);
    if (repeat === undefined) return { ratings, notes: [] };
    const [firstLine, secondLine] = lineNumbersOfRows(file, layout, [repeat.first, repeat.second]);
    const user = ids.users.rawId(ratings.user[repeat.second]);
    const item = ids.items.rawId(ratings.item[repeat.second]);
    throw new DataError(
      file,
      secondLine,
      `user ${user} rated film ${item} a second time (first on line ${firstLine}): ${name} has one rating per (user, film)`,
    );
  }
  const latest = keepLatestRatings(ratings, userCount, itemCount);
  if (latest.example === undefined) return { ratings, notes: [] };
  const { user, item, dropped, kept } = latest.example;
  const [droppedLine, keptLine] = lineNumbersOfRows(file, layout, [dropped, kept]);
  const pairs = latest.pairs === 1 ? '1 (user, film) pair was' : `${latest.pairs} (user, film) pairs were`;
  const earlier = latest.dropped === 1 ? '1 earlier rating' : `${latest.dropped} earlier ratings`;
  const note =
    `${name}: ${pairs} rated more than once; kept the latest rating of each (by timestamp) and left out ${earlier} ` +
    `(e.g. user ${ids.users.rawId(user)}, film ${ids.items.rawId(item)}: line ${droppedLine} left out, line ${keptLine} kept)`;
  return { ratings: latest.ratings, notes: [note] };
}

/** The 1-based line of each data row (rows counted from 0, header and blank lines skipped). */
export function lineNumbersOfRows(file: string, layout: RatingsLayout, rows: readonly number[]): number[] {
  const lines = rows.map(() => 0);
  let row = layout.header !== undefined ? -1 : 0;
  let found = 0;
  readLines(file, (_bytes, _start, _end, line) => {
    for (let index = 0; index < rows.length; index++) {
      if (rows[index] === row && lines[index] === 0) {
        lines[index] = line;
        found++;
      }
    }
    row++;
    return found < rows.length;
  });
  return lines;
}

/** A non-negative whole number written in ASCII digits, or -1. */
export function parseId(bytes: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let position = start; position < end; position++) {
    const digit = bytes[position] - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** parseRating's answer for a number that is not a multiple of one half (4.25, 4.0000001). */
export const NOT_HALF = -1;

/**
 * `digits[.digits]` read exactly: the value when it is a multiple of 1/2 (3, 3.0, 3.50), NOT_HALF
 * for any other number (no rounding: 4.0000001 is not 4), NaN for what is not a number. Reads
 * the bytes, so a 32M-line file costs no string per rating.
 */
export function parseRating(bytes: Buffer, start: number, end: number): number {
  let value = 0;
  let position = start;
  for (; position < end; position++) {
    const digit = bytes[position] - 48;
    if (digit < 0 || digit > 9) break;
    // Past 7 digits the value is out of every range: stop growing it (it stays an exact integer).
    if (value < 1e7) value = value * 10 + digit;
  }
  if (position === end) return position === start ? Number.NaN : value;
  // A '.' and at least one digit after it.
  if (bytes[position] !== 46 || position === end - 1) return Number.NaN;
  const firstFraction = position + 1;
  let half = 0;
  let offGrid = false;
  for (position = firstFraction; position < end; position++) {
    const digit = bytes[position] - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    if (position === firstFraction && digit === 5) half = 0.5;
    else if (digit !== 0) offGrid = true;
  }
  return offGrid ? NOT_HALF : value + half;
}

function text(bytes: Buffer, start: number, end: number): string {
  return clip(bytes.toString('latin1', start, end));
}

/** A value quoted in a message, cut at 40 characters. */
export function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** The separator as named in a field-count message. */
export function describeSeparator(separator: string): string {
  if (separator === '\t') return 'tabs';
  if (separator === ',') return 'commas';
  return `'${separator}'`;
}

/** Preallocate from the file size so that big files rarely regrow (or waste much). */
function estimateLines(file: string, bytesPerLine: number): number {
  try {
    return Math.ceil(fs.statSync(file).size / bytesPerLine) + 16;
  } catch {
    return 1024;
  }
}

/** Files from this size on are read in two halves at once when the loader is given a second thread. */
export const PARALLEL_MIN_BYTES = 64 << 20;

/**
 * Parses a large ratings.csv in two halves, the second on another thread, into the columns one
 * reading makes: the halves split at a line's start, this thread's half first, then the other's
 * rows appended with its users (numbered in that half by first appearance) renumbered as one
 * reading numbers them (known ones keep theirs, new ones follow in their order of appearance).
 * A bad line of the second half is refused with its line in the file (the first half's lines
 * added); one in the first half is refused first, as one reading would.
 */
function parseInParts(file: string, layout: RatingsLayout, ids: RatingsIds, options: LoadOptions): Ratings {
  const start = options.parseInParallel;
  const size = fileSize(file);
  const middle =
    start !== undefined && size >= (options.parallelFromBytes ?? PARALLEL_MIN_BYTES) && (options.parallelWanted?.() ?? true)
      ? lineStartFrom(file, size >> 1, size)
      : undefined;
  if (start === undefined || middle === undefined) return parseRatings(file, layout, ids, options);
  const progress = new Int32Array(new SharedArrayBuffer(4));
  const second = start({ file, itemsFile: ids.itemsFile, itemRawIds: ids.items.rawIds(), start: middle, end: size, progress });
  const { onProgress } = options;
  const builder = new RatingsBuilder(estimateLines(file, layout.bytesPerLine), options.sharedMemory === true);
  const soFar = ratingsSoFar(ids, builder);
  const report = (firstBytes: number): void =>
    onProgress?.({ file, bytesRead: Math.min(size, firstBytes + Atomics.load(progress, 0) * 1024), totalBytes: size, soFar });
  let firstLines: number;
  try {
    firstLines = parseRatingLines(file, layout, ids, builder, (bytesRead) => report(bytesRead), { start: 0, end: middle });
  } catch (error) {
    second.cancel();
    throw error;
  }
  const part = second.result(() => report(middle));
  if ('error' in part) {
    const { line, problem, dataError } = part.error;
    if (!dataError) throw new Error(problem);
    throw new DataError(file, line > 0 ? firstLines + line : 0, problem);
  }
  const userMap = Int32Array.from(part.userRawIds, (raw) => {
    const known = ids.users.get(raw);
    return known >= 0 ? known : ids.users.add(raw);
  });
  builder.append(part.ratings, userMap);
  onProgress?.({ file, bytesRead: size, totalBytes: size });
  return builder.finish();
}

/**
 * The second half of parseInParts, run on the other thread: the task's bytes of a ratings.csv
 * (no header there) with the films of movies.csv; users numbered by first appearance in the part.
 */
export function parseRatingsPart(task: RatingsPartTask): RatingsPartResult {
  try {
    const users = new IdIndex();
    const ids: RatingsIds = {
      users,
      addUnknownUsers: true,
      usersFile: task.file,
      items: IdIndex.fromRawIds(task.itemRawIds),
      itemsFile: task.itemsFile,
    };
    const builder = new RatingsBuilder(Math.ceil((task.end - task.start) / LAYOUT_CSV.bytesPerLine) + 16, true);
    const range = { start: task.start, end: task.end };
    const onRead = (bytesRead: number): void => void Atomics.store(task.progress, 0, Math.floor(bytesRead / 1024));
    const lines = parseRatingLines(task.file, LAYOUT_CSV, ids, builder, onRead, range);
    return { ratings: builder.finish(), userRawIds: users.rawIds(), lines };
  } catch (error) {
    if (isDataError(error)) return { error: { line: error.line, problem: error.problem, dataError: true } };
    return { error: { line: 0, problem: error instanceof Error ? error.message : String(error), dataError: false } };
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    // Read in one part, which reports the problem with its proper message.
    return 0;
  }
}

/** The first line start at or after `position` (past the newline before it), or undefined within the longest line. */
function lineStartFrom(file: string, position: number, size: number): number | undefined {
  const window = Buffer.allocUnsafe(Math.min(MAX_LINE_BYTES + 1, size - position + 1));
  const descriptor = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(descriptor, window, 0, window.length, position - 1);
    const newline = window.subarray(0, read).indexOf(10);
    const start = newline < 0 ? -1 : position + newline;
    return start > 0 && start < size ? start : undefined;
  } finally {
    fs.closeSync(descriptor);
  }
}
