/**
 * A worker thread that trains in the editor's process yields the cores to the editor: on Linux it
 * lowers its own thread's priority (nice 10, os.constants.priority.PRIORITY_BELOW_NORMAL). The
 * workers still take every core nobody else wants, so a run takes the same CPU; the workbench's
 * renderer and extension host, at normal priority, get a core as soon as they need one (a new
 * panel's page, live charts, typing) instead of a share of two busy ones.
 *
 * Linux only: there the nice value belongs to each thread, and setpriority on a thread id changes
 * that thread alone (its own threads, started later, inherit it). Elsewhere the same call would
 * lower the whole process, the extension host with it, so nothing is done.
 */
import { readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { constants, getPriority, setPriority } from 'node:os';

/** What the thread's creator passes as workerData to ask for it. */
export interface BackgroundWorkerData {
  readonly background: true;
}

export function isBackgroundWorker(data: unknown): data is BackgroundWorkerData {
  return typeof data === 'object' && data !== null && (data as { background?: unknown }).background === true;
}

/** This thread's id (Linux: /proc/thread-self links to /proc/<pid>/task/<tid>), or undefined. */
export function currentThreadId(): number | undefined {
  try {
    const id = Number(basename(readlinkSync('/proc/thread-self')));
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers the calling thread's priority where it is per thread (Linux); returns the thread id it lowered. */
export function lowerThreadPriority(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const id = currentThreadId();
  if (id === undefined) return undefined;
  try {
    // Only ever lower: a process already below that priority (run under `nice`) stays where it is.
    if (getPriority(id) >= constants.priority.PRIORITY_BELOW_NORMAL) return undefined;
    setPriority(id, constants.priority.PRIORITY_BELOW_NORMAL);
    return id;
  } catch {
    // Not permitted here (a sandbox): the thread keeps its priority, the run works the same.
    return undefined;
  }
}
