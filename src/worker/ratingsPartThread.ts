/**
 * The second thread of a large ratings.csv's parse (LoadOptions.parseInParallel): a worker of the
 * same bundle, started with the part as its workerData, parses it while the loading thread reads
 * the first half, and hands its columns back in shared memory. The loading thread waits for it
 * synchronously (the load is synchronous): a flag in shared memory, then the message read off the
 * port directly.
 */
import * as os from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { parseRatingsPart } from '../core/data/ratingsFile';
import type { RatingsPartHandle, RatingsPartResult, RatingsPartTask } from '../core/data/types';

interface PartThreadData {
  readonly ratingsPart: RatingsPartTask;
  readonly port: MessagePort;
  /** Shared: [0] becomes 1 once the result is posted. */
  readonly done: Int32Array;
}

/** How long the loading thread sleeps between looks at the part's progress (ms). */
const POLL_MS = 50;
/**
 * A part thread that neither finishes nor reads a byte for this long is taken for dead (it
 * could not start, or died): the load fails instead of waiting for ever. It reads 4 MB at a time.
 */
const STALL_MS = 30_000;

/** Whether this thread was started to parse a part (its workerData is a part's). */
export function isRatingsPartThread(data: unknown): data is PartThreadData {
  return typeof data === 'object' && data !== null && 'ratingsPart' in data;
}

/** The part thread's whole life: parse, post, flag. parseRatingsPart never throws. */
export function runRatingsPartThread(data: PartThreadData): void {
  const result = parseRatingsPart(data.ratingsPart);
  data.port.postMessage(result);
  Atomics.store(data.done, 0, 1);
  Atomics.notify(data.done, 0);
}

/** How long idleCore watches the cores (ms): short beside a large file's parse (seconds). */
const IDLE_WINDOW_MS = 50;
/** The idle share of one core idleCore asks for. */
const IDLE_SHARE = 0.75;

/**
 * Whether a core is idle now: the cores' idle time over a short window, not the load average,
 * which lags by a minute (after a busy minute it kept the halves off on an idle machine: 25M
 * first page 3.5 s, where the halves take 2.0–2.2 s against one reading's 2.3–3.4 s). A second
 * thread only pays on a free core: with two busy processes of other jobs on the 2-core machine
 * the halves took 1.15–1.45× one reading's time (they add ~0.5 s of CPU: the thread's start, the
 * second half's own columns and their copy into the first's).
 */
export function idleCore(): boolean {
  const before = os.cpus();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, IDLE_WINDOW_MS);
  const after = os.cpus();
  let idle = 0;
  let total = 0;
  after.forEach((cpu, index) => {
    const earlier = before[index]?.times;
    if (earlier === undefined) return;
    const times = cpu.times;
    idle += times.idle - earlier.idle;
    total +=
      times.user +
      times.nice +
      times.sys +
      times.idle +
      times.irq -
      (earlier.user + earlier.nice + earlier.sys + earlier.idle + earlier.irq);
  });
  // Idle time as cores: the share of all the cores' time, times their number.
  return total > 0 && (idle / total) * after.length >= IDLE_SHARE;
}

/** LoadOptions.parseInParallel for a worker whose bundle is `script`. */
export function ratingsPartsOn(script: string): (task: RatingsPartTask) => RatingsPartHandle {
  return (task) => {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const workerData: PartThreadData = { ratingsPart: task, port: port2, done };
    const worker = new Worker(script, { workerData, transferList: [port2] });
    const stop = (): void => {
      port1.close();
      void worker.terminate();
    };
    return {
      result(poll: () => void): RatingsPartResult {
        let read = Atomics.load(task.progress, 0);
        let lastChange = performance.now();
        while (Atomics.load(done, 0) === 0) {
          Atomics.wait(done, 0, 0, POLL_MS);
          poll();
          const now = performance.now();
          if (Atomics.load(task.progress, 0) !== read) {
            read = Atomics.load(task.progress, 0);
            lastChange = now;
          } else if (now - lastChange > STALL_MS) {
            stop();
            return {
              error: { line: 0, problem: `The thread reading the second half of ${task.file} stopped answering.`, dataError: false },
            };
          }
        }
        const message = receiveMessageOnPort(port1);
        stop();
        if (message === undefined) return { error: { line: 0, problem: 'The ratings part thread sent no result.', dataError: false } };
        return message.message as RatingsPartResult;
      },
      cancel: stop,
    };
  };
}
