/**
 * Who is running a run: a lock file (run.lock) beside run.json while the run goes, holding the
 * owner's id, process id, host name and a heartbeat time the owner refreshes. Another window that
 * reads a run stored as "running" tells a run going elsewhere (a fresh heartbeat from a live
 * process) from one whose window closed mid-run (no lock, a stale heartbeat, or a dead process).
 */
import { hostname } from 'node:os';

/** How often the owner refreshes its heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this means the owner is gone (three missed beats). */
export const STALE_MS = 30_000;

export interface RunLock {
  /** The owning run library (one per extension host), so a reused process id is not mistaken for the owner. */
  readonly owner: string;
  readonly pid: number;
  readonly hostname: string;
  /** ISO time of the last heartbeat. */
  readonly heartbeatAt: string;
}

/** The process and machine this code runs in, and how to ask whether a process lives. */
export interface LockHost {
  readonly owner: string;
  readonly pid: number;
  readonly hostname: string;
  isAlive(pid: number): boolean;
}

/** Signal 0 checks existence only; EPERM means it exists but belongs to another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function localLockHost(owner: string): LockHost {
  return { owner, pid: process.pid, hostname: hostname(), isAlive: isProcessAlive };
}

export function newLock(host: LockHost, now = new Date()): RunLock {
  return { owner: host.owner, pid: host.pid, hostname: host.hostname, heartbeatAt: now.toISOString() };
}

/** A lock file's content if it has the shape of one; undefined otherwise (treated as no lock). */
export function parseLock(value: unknown): RunLock | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const valid =
    typeof fields.owner === 'string' &&
    typeof fields.pid === 'number' &&
    Number.isSafeInteger(fields.pid) &&
    fields.pid > 0 &&
    typeof fields.hostname === 'string' &&
    typeof fields.heartbeatAt === 'string' &&
    !Number.isNaN(Date.parse(fields.heartbeatAt));
  return valid ? (value as RunLock) : undefined;
}

/**
 * Whether the lock's owner is still running the run, and until when that holds without a new
 * heartbeat (ms since the epoch). On this machine a dead process ends it at once; on another
 * machine (a workspace shared over a network drive or git) only the heartbeat can tell.
 */
export function lockLiveness(lock: RunLock | undefined, host: LockHost, now: number): { live: boolean; until?: number } {
  if (lock === undefined) return { live: false };
  const until = Date.parse(lock.heartbeatAt) + STALE_MS;
  if (until <= now) return { live: false };
  // A lock of this very library that it does not hold any more is from a run that ended badly.
  if (lock.owner === host.owner) return { live: false };
  if (lock.hostname === host.hostname && !host.isAlive(lock.pid)) return { live: false };
  return { live: true, until };
}
