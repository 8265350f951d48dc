import * as fs from 'node:fs';
import { DataError } from './errors';
import { openRegularFile } from './fileKind';

/**
 * Called once per non-blank line with the bytes of the line (no line end) and its 1-based
 * number. `bytes` is a view of a reused buffer: copy or decode what you keep. Returning false
 * stops the reading (the rest of the file is not read).
 */
export type LineVisitor = (bytes: Buffer, start: number, end: number, line: number) => unknown;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;
/** No MovieLens line comes near this; a longer one means a binary or garbage file. */
export const MAX_LINE_BYTES = 1 << 20;

/** Bytes [start, end) of a file, `start` at the beginning of a line: a part read on its own. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a file line by line from a reused buffer, so that a 650 MB ratings file never becomes
 * one string and memory does not grow with the file. Accepts CRLF line ends, a UTF-8 BOM and
 * blank lines (skipped, still counted). Refuses, at the line where it shows and without reading
 * further: UTF-16 text, a NUL byte (binary data), a line longer than MAX_LINE_BYTES. `onRead`
 * hears the bytes read so far (and the file's size) after each chunk's lines were visited.
 * With `range`, only those bytes are read: line numbers then count from the range's first line
 * (1), sizes are the range's, and the BOM and UTF-16 checks belong to the part at byte 0.
 * Returns the number of lines read (blank ones included).
 */
export function readLines(
  file: string,
  visit: LineVisitor,
  chunkBytes = 1 << 22,
  onRead?: (bytesRead: number, totalBytes: number) => void,
  range?: ByteRange,
): number {
  const descriptor = openRegularFile(file);
  try {
    const offset = range?.start ?? 0;
    // Small files get a buffer of their own size: five 4 MB buffers per load would cost more than the parsing.
    const size = range === undefined ? fs.fstatSync(descriptor).size : range.end - range.start;
    const limit = range === undefined ? Number.POSITIVE_INFINITY : size;
    let buffer = Buffer.allocUnsafe(Math.max(1024, Math.min(chunkBytes, size + 1)));
    let filled = 0;
    let line = 0;
    let firstRead = offset === 0;
    let bytesRead = 0;
    for (;;) {
      if (filled === buffer.length) {
        // A single line longer than the buffer: grow, keeping what was read.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      let read: number;
      try {
        read = fs.readSync(descriptor, buffer, filled, Math.min(buffer.length - filled, limit - bytesRead), offset + bytesRead);
      } catch (error) {
        throw new DataError(file, line + 1, `cannot read: ${describeError(error)}`);
      }
      bytesRead += read;
      const end = filled + read;
      const view = buffer.subarray(0, end);
      let start = 0;
      if (firstRead) {
        firstRead = false;
        if (isUtf16(view)) throw new DataError(file, 1, 'UTF-16 is not supported; save as UTF-8');
        if (end >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) start = 3;
      }
      // Re-scans at most the carried-over part of one line.
      const nul = view.indexOf(0, start);
      let scan = Math.max(start, filled);
      for (;;) {
        const newline = view.indexOf(NEWLINE, scan);
        if (newline < 0) break;
        line++;
        if (nul >= 0 && nul < newline) throw nulError(file, line, nul - start);
        if (newline - start > MAX_LINE_BYTES) throw longLineError(file, line);
        if (emit(view, start, newline, line, visit) === false) return line;
        start = newline + 1;
        scan = start;
      }
      if (nul >= start) throw nulError(file, line + 1, nul - start);
      if (end - start > MAX_LINE_BYTES) throw longLineError(file, line + 1);
      if (read === 0) {
        if (start < end) {
          line++;
          emit(view, start, end, line, visit);
        }
        onRead?.(bytesRead, Math.max(size, bytesRead));
        return line;
      }
      // After the chunk's lines: a progress bar never counts bytes whose lines are still unread.
      onRead?.(bytesRead, Math.max(size, bytesRead));
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
  } finally {
    fs.closeSync(descriptor);
  }
}

function longLineError(file: string, line: number): DataError {
  return new DataError(file, line, `line is longer than ${MAX_LINE_BYTES} bytes: not a MovieLens text file`);
}

function nulError(file: string, line: number, column: number): DataError {
  return new DataError(file, line, `NUL byte at column ${column + 1}: binary data, not MovieLens text`);
}

/**
 * A UTF-16 byte order mark, or ASCII text in UTF-16 (every other byte NUL) over the first
 * characters: the MovieLens files are UTF-8 or latin-1, and such a file would otherwise be
 * refused with a message full of NULs.
 */
export function isUtf16(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const pairs = Math.min(32, bytes.length >> 1);
  if (pairs < 2) return false;
  let littleEndian = true;
  let bigEndian = true;
  for (let pair = 0; pair < pairs; pair++) {
    const low = bytes[2 * pair];
    const high = bytes[2 * pair + 1];
    littleEndian &&= low !== 0 && high === 0;
    bigEndian &&= low === 0 && high !== 0;
  }
  return littleEndian || bigEndian;
}

function emit(bytes: Buffer, start: number, end: number, line: number, visit: LineVisitor): unknown {
  if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
  let first = start;
  while (first < end && (bytes[first] === SPACE || bytes[first] === TAB)) first++;
  if (first === end) return;
  return visit(bytes, start, end, line);
}

/** Reads a small text file line by line as decoded strings (blank lines skipped). */
export function readTextLines(file: string, encoding: 'latin1' | 'utf8', visit: (text: string, line: number) => void): void {
  readLines(file, (bytes, start, end, line) => {
    visit(bytes.toString(encoding, start, end), line);
  });
}

/** A short reason for a failed file operation ("no such file" rather than an errno dump). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'is a folder, not a file';
    return error.message;
  }
  return String(error);
}
