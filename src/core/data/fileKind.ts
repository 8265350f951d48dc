import * as fs from 'node:fs';
import { DataError } from './errors';

/**
 * What a path names when it is not a regular file: 'is a folder', 'is a named pipe (FIFO)', a
 * dangling or looping symbolic link… undefined for a regular file (or a link to one), 'absent'
 * when nothing is there at all. Reads no file: a FIFO must never be opened for reading (it
 * would block until some other process writes to it).
 */
export function fileKindProblem(file: string): string | 'absent' | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    return unreachableProblem(file, error);
  }
  return kindOf(stats);
}

/**
 * Opens a regular file for reading, or throws a DataError (line 0) saying what the path is
 * instead. Non-blocking open, then fstat of the descriptor: no window in which a FIFO swapped in
 * after a check could hang the reader.
 */
export function openRegularFile(file: string): number {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const problem = unreachableProblem(file, error);
    throw new DataError(file, 0, problem === 'absent' ? 'cannot open: no such file' : problem);
  }
  const problem = kindOf(fs.fstatSync(descriptor));
  if (problem !== undefined) {
    fs.closeSync(descriptor);
    throw new DataError(file, 0, problem);
  }
  return descriptor;
}

function kindOf(stats: fs.Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder, not a file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a file';
  if (stats.isCharacterDevice()) return 'is a character device, not a file';
  if (stats.isBlockDevice()) return 'is a block device, not a file';
  if (stats.isSocket()) return 'is a socket, not a file';
  return 'is not a regular file';
}

/** Why stat or open failed, in words; 'absent' when nothing (not even a link) is there. */
function unreachableProblem(file: string, error: unknown): string | 'absent' {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'is a symbolic link that loops (too many levels of links)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ENOTDIR') return 'absent';
  if (code !== 'ENOENT') return `cannot be opened: ${error instanceof Error ? error.message : String(error)}`;
  try {
    if (fs.lstatSync(file).isSymbolicLink()) return `is a symbolic link to '${fs.readlinkSync(file)}', which does not exist`;
  } catch {
    // Nothing there at all.
  }
  return 'absent';
}
