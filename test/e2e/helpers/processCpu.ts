import * as fs from 'node:fs';

/**
 * CPU seconds used so far by the session's processes, by the part of the run they stand for, read
 * from /proc (Linux; empty elsewhere). On 2 cores a run's wall time is about everyone's CPU over
 * two, so these say whether our threads or the window took a run's seconds.
 */
export interface CpuSeconds {
  /** The extension host's worker threads: the fold pool (and the query worker). */
  readonly workers: number;
  /** V8's own threads in code-server's processes: compiling (TurboFan) and GC. */
  readonly v8Threads: number;
  /** Main threads of code-server's processes: the server and the extension host. */
  readonly codeServerMain: number;
  /** Chromium's renderer: the workbench and its webviews (one process here). */
  readonly renderer: number;
  readonly gpu: number;
  /** Chromium's browser and utility processes. */
  readonly browser: number;
}

const PARTS: readonly (keyof CpuSeconds)[] = ['workers', 'v8Threads', 'codeServerMain', 'renderer', 'gpu', 'browser'];

/** Ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The CPU seconds used so far (see CpuSeconds); every part 0 without /proc. */
export function cpuSeconds(): CpuSeconds {
  const totals: Record<keyof CpuSeconds, number> = { workers: 0, v8Threads: 0, codeServerMain: 0, renderer: 0, gpu: 0, browser: 0 };
  for (const pid of listProc()) {
    const kind = processKind(readText(`/proc/${pid}/cmdline`).replace(/\0/g, ' '));
    if (kind === undefined) continue;
    for (const tid of listProc(`/proc/${pid}/task`)) {
      const times = threadTimes(`/proc/${pid}/task/${tid}/stat`);
      if (times === undefined) continue;
      const part = kind === 'codeServer' ? codeServerPart(times.name) : kind;
      if (part !== undefined) totals[part] += times.seconds;
    }
  }
  return totals;
}

/** What each part used between two readings. */
export function cpuSecondsBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  const used: { -readonly [Part in keyof CpuSeconds]: number } = { ...after };
  for (const part of PARTS) used[part] -= before[part];
  return used;
}

/** One line: each part's CPU seconds. */
export function describeCpuSeconds(used: CpuSeconds): string {
  const labels: Record<keyof CpuSeconds, string> = {
    workers: 'worker threads',
    v8Threads: "code-server's V8 threads (compile, GC)",
    codeServerMain: "code-server's main threads",
    renderer: 'renderer',
    gpu: 'GPU process',
    browser: 'browser and utilities',
  };
  return PARTS.map((part) => `${labels[part]} ${used[part].toFixed(1)}`).join(', ');
}

function processKind(cmdline: string): 'codeServer' | 'renderer' | 'gpu' | 'browser' | undefined {
  if (/chrom/i.test(cmdline)) {
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
    if (type === 'renderer') return 'renderer';
    if (type === 'gpu-process') return 'gpu';
    return 'browser';
  }
  return /code-server|bootstrap-fork|extensionHost/.test(cmdline) ? 'codeServer' : undefined;
}

/** Node 24 (code-server's) names its threads: WorkerThread, V8Worker (V8's platform threads), MainThread. */
function codeServerPart(threadName: string): keyof CpuSeconds | undefined {
  if (threadName === 'WorkerThread') return 'workers';
  if (threadName === 'V8Worker') return 'v8Threads';
  if (threadName === 'MainThread') return 'codeServerMain';
  return undefined;
}

function threadTimes(statFile: string): { name: string; seconds: number } | undefined {
  const stat = readText(statFile);
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const name = stat.slice(stat.indexOf('(') + 1, close);
  // After the name: state is field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(close + 2).split(' ');
  return { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

function listProc(folder = '/proc'): string[] {
  try {
    return fs.readdirSync(folder).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // the process or thread ended
  }
}
