import * as fs from 'node:fs';
import { DataError } from './errors';

/**
 * Called once per non-blank line with the bytes of the line (no line end) and its 1-based
 * number. `bytes` is a view of a reused buffer: copy or decode what you keep.
 */
export type LineVisitor = (bytes: Buffer, start: number, end: number, line: number) => void;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;

/**
 * Reads a file line by line from a reused buffer, so that a 650 MB ratings file never becomes
 * one string. Accepts CRLF line ends, a UTF-8 BOM and blank lines (skipped, still counted).
 */
export function readLines(file: string, visit: LineVisitor, chunkBytes = 1 << 22): void {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, 'r');
  } catch (error) {
    throw new DataError(file, 0, `cannot open: ${describeError(error)}`);
  }
  try {
    // Small files get a buffer of their own size: five 4 MB buffers per load would cost more than the parsing.
    const size = fs.fstatSync(descriptor).size;
    let buffer = Buffer.allocUnsafe(Math.max(1024, Math.min(chunkBytes, size + 1)));
    let filled = 0;
    let line = 0;
    let firstRead = true;
    for (;;) {
      if (filled === buffer.length) {
        // A single line longer than the buffer: grow, keeping what was read.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      let read: number;
      try {
        read = fs.readSync(descriptor, buffer, filled, buffer.length - filled, null);
      } catch (error) {
        throw new DataError(file, line + 1, `cannot read: ${describeError(error)}`);
      }
      const end = filled + read;
      const view = buffer.subarray(0, end);
      let start = 0;
      if (firstRead) {
        firstRead = false;
        if (end >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) start = 3;
      }
      let scan = Math.max(start, filled);
      for (;;) {
        const newline = view.indexOf(NEWLINE, scan);
        if (newline < 0) break;
        line++;
        emit(view, start, newline, line, visit);
        start = newline + 1;
        scan = start;
      }
      if (read === 0) {
        if (start < end) emit(view, start, end, line + 1, visit);
        return;
      }
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
  } finally {
    fs.closeSync(descriptor);
  }
}

function emit(bytes: Buffer, start: number, end: number, line: number, visit: LineVisitor): void {
  if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
  let first = start;
  while (first < end && (bytes[first] === SPACE || bytes[first] === TAB)) first++;
  if (first === end) return;
  visit(bytes, start, end, line);
}

/** Reads a small text file line by line as decoded strings (blank lines skipped). */
export function readTextLines(
  file: string,
  encoding: 'latin1' | 'utf8',
  visit: (text: string, line: number) => void,
): void {
  readLines(file, (bytes, start, end, line) => visit(bytes.toString(encoding, start, end), line));
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
