/**
 * One worker thread started on first use (and again after a crash): posts messages to it, hands
 * every message it posts back to `onMessage`, and reports a crash once. The worker is kept
 * referenced only while its owner has work on it, so an idle worker never keeps a process alive.
 * No `vscode` import: the worker tests drive it in plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { Message } from '../shared/protocol/messages';
import type { BackgroundWorkerData } from '../shared/protocol/workerProtocol';

export interface WorkerOptions {
  /** Absolute path of the bundled worker (dist/worker.js); see workerEntry.ts. */
  readonly workerPath: string;
  /** Node options of the worker (running from sources: a TypeScript loader). */
  readonly execArgv?: readonly string[];
  /** Heap limits of the worker thread (tests use small ones to make it crash). */
  readonly resourceLimits?: ResourceLimits;
  /**
   * The worker yields the cores to the rest of its process and machine (Linux: it lowers its own
   * thread's priority, src/worker/threadPriority.ts): the extension's run pool, beside the editor.
   */
  readonly background?: boolean;
}

const BACKGROUND: BackgroundWorkerData = { background: true };

export interface WorkerHandlers {
  readonly onMessage: (message: unknown) => void;
  /** The worker died (error or exit) with work on it or not; `worker` is the one that died. */
  readonly onCrash: (worker: Worker, message: string) => void;
}

export class WorkerConnection {
  private worker: Worker | undefined;
  private busyCount = 0;

  constructor(
    private readonly options: WorkerOptions,
    private readonly handlers: WorkerHandlers,
  ) {}

  /** Whether a worker is running (started, not stopped or crashed). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** The running worker, started if there is none. */
  ensure(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: this.options.resourceLimits,
      execArgv: this.options.execArgv === undefined ? undefined : [...this.options.execArgv],
      workerData: this.options.background === true ? BACKGROUND : undefined,
    });
    worker.on('message', (message: unknown) => this.handlers.onMessage(message));
    worker.on('error', (error: Error) => this.crashed(worker, `The training worker crashed: ${error.message}`));
    worker.on('exit', (code: number) => this.crashed(worker, `The training worker stopped unexpectedly (exit code ${code}).`));
    this.worker = worker;
    this.updateRef();
    return worker;
  }

  post(worker: Worker, message: Message): void {
    worker.postMessage(message);
  }

  /** How many runs or requests are on the worker: it is referenced while this is above 0. */
  setBusy(count: number): void {
    this.busyCount = count;
    this.updateRef();
  }

  /** Stops the worker abruptly, as a crash would; the next `ensure` starts a new one. */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Stops the worker without reporting a crash. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      await worker.terminate();
    }
  }

  private updateRef(): void {
    if (this.worker === undefined) return;
    if (this.busyCount > 0) this.worker.ref();
    else this.worker.unref();
  }

  private crashed(worker: Worker, message: string): void {
    if (this.worker === worker) this.worker = undefined;
    this.handlers.onCrash(worker, message);
  }
}
