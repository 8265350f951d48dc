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

/** This thread's id (Linux: /proc/thread-self links to /proc/<pid>/task/<tid>), or undefined. */
export function currentThreadId(): number | undefined {
  try {
    const id = Number(basename(readlinkSync('/proc/thread-self')));
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers the calling thread's priority where it is per thread (Linux). */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  const id = currentThreadId();
  if (id === undefined) return;
  try {
    // Only ever lower: a process already below that priority (run under `nice`) stays where it is.
    if (getPriority(id) >= constants.priority.PRIORITY_BELOW_NORMAL) return;
    setPriority(id, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here (a sandbox): the thread keeps its priority, the run works the same.
  }
}
