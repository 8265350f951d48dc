/**
 * Host side of the training worker for runs: starts the worker, sends a run, turns the worker's
 * notifications into a handle per run (events, cancel, outcome). One-off questions go through
 * QueryClient on a worker of their own. No `vscode` import: the worker tests drive it in Node.
 */
import type { Worker } from 'node:worker_threads';
import { createMessage, isMessage } from '../shared/protocol/messages';
import {
  CancelTrainingCommand,
  DidCancelNotification,
  DidCompleteNotification,
  DidFailNotification,
  DidFinishFoldNotification,
  DidLoadDataNotification,
  DidProgressNotification,
  StartTrainingCommand,
} from '../shared/protocol/workerProtocol';
import { Listeners } from '../shared/listeners';
import type { CompletedParams, DataLoadedParams, ErrorInfo, FoldDoneParams, ProgressParams, RunRequest } from '../shared/run';
import { WorkerConnection } from './workerConnection';
import type { WorkerOptions } from './workerConnection';

/** How a run ended. */
export type RunOutcome =
  | { readonly status: 'completed'; readonly completed: CompletedParams }
  | { readonly status: 'failed'; readonly error: ErrorInfo }
  | { readonly status: 'cancelled' };

/** A run in the worker: its events, a way to stop it, and its outcome. */
export interface RunHandle {
  readonly runId: string;
  readonly request: RunRequest;
  /** Resolves (never rejects) when the run completed, failed or was cancelled. */
  readonly outcome: Promise<RunOutcome>;
  onDidLoadData(listener: (params: DataLoadedParams) => void): { dispose(): void };
  onProgress(listener: (params: ProgressParams) => void): { dispose(): void };
  onDidFinishFold(listener: (params: FoldDoneParams) => void): { dispose(): void };
  /** Asks the worker to stop at its next iteration; the outcome then becomes 'cancelled'. */
  cancel(): void;
}

interface ActiveRun {
  readonly handle: RunHandle;
  readonly loaded: Listeners<DataLoadedParams>;
  readonly progress: Listeners<ProgressParams>;
  readonly folds: Listeners<FoldDoneParams>;
  readonly settle: (outcome: RunOutcome) => void;
  readonly worker: Worker;
}

export class RunClient {
  private readonly connection: WorkerConnection;
  private readonly runs = new Map<string, ActiveRun>();
  private disposed = false;

  constructor(options: WorkerOptions) {
    this.connection = new WorkerConnection(options, {
      onMessage: (message) => this.receive(message),
      onCrash: (worker, message) => this.settleAll(worker, { status: 'failed', error: { message } }),
    });
  }

  /** Starts a run; the worker is started (again, after a crash) when needed. */
  startRun(request: RunRequest): RunHandle {
    if (this.disposed) throw new Error('The run client is disposed.');
    const worker = this.connection.ensure();
    const loaded = new Listeners<DataLoadedParams>();
    const progress = new Listeners<ProgressParams>();
    const folds = new Listeners<FoldDoneParams>();
    let settle: (outcome: RunOutcome) => void = () => undefined;
    const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const handle: RunHandle = {
      runId: request.runId,
      request,
      outcome,
      onDidLoadData: (listener) => loaded.add(listener),
      onProgress: (listener) => progress.add(listener),
      onDidFinishFold: (listener) => folds.add(listener),
      cancel: () => {
        if (this.runs.has(request.runId)) {
          this.connection.post(worker, createMessage(CancelTrainingCommand, { runId: request.runId }));
        }
      },
    };
    this.runs.set(request.runId, {
      handle,
      loaded,
      progress,
      folds,
      worker,
      settle: (value) => {
        if (!this.runs.delete(request.runId)) return;
        loaded.clear();
        progress.clear();
        folds.clear();
        this.connection.setBusy(this.runs.size);
        settle(value);
      },
    });
    this.connection.setBusy(this.runs.size);
    this.connection.post(worker, createMessage(StartTrainingCommand, request));
    return handle;
  }

  /** Runs still going. */
  get activeRuns(): readonly RunHandle[] {
    return [...this.runs.values()].map((run) => run.handle);
  }

  /**
   * Stops the worker abruptly, as a crash would: its runs fail, and the next run starts a new
   * worker. For a stuck worker (and the crash tests).
   */
  async terminateWorker(): Promise<void> {
    await this.connection.terminate();
  }

  /** Stops the worker; runs still going are reported cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.settleAll(undefined, { status: 'cancelled' });
    await this.connection.dispose();
  }

  /** Settles every run that was on this worker (every run when `worker` is undefined). */
  private settleAll(worker: Worker | undefined, outcome: RunOutcome): void {
    for (const run of [...this.runs.values()]) {
      if (worker === undefined || run.worker === worker) run.settle(outcome);
    }
  }

  private receive(message: unknown): void {
    if (isMessage(DidProgressNotification, message)) {
      this.runs.get(message.params.runId)?.progress.fire(message.params);
    } else if (isMessage(DidFinishFoldNotification, message)) {
      this.runs.get(message.params.runId)?.folds.fire(message.params);
    } else if (isMessage(DidLoadDataNotification, message)) {
      this.runs.get(message.params.runId)?.loaded.fire(message.params);
    } else if (isMessage(DidCompleteNotification, message)) {
      this.runs.get(message.params.runId)?.settle({ status: 'completed', completed: message.params });
    } else if (isMessage(DidFailNotification, message)) {
      this.runs.get(message.params.runId)?.settle({ status: 'failed', error: message.params.error });
    } else if (isMessage(DidCancelNotification, message)) {
      this.runs.get(message.params.runId)?.settle({ status: 'cancelled' });
    }
  }
}
