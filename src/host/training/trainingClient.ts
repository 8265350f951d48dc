/**
 * Host side of the training worker: starts it, sends typed commands, turns its notifications into
 * one promise per request and a handle per run. Has no `vscode` import, so the worker tests drive
 * it in plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import {
  CancelTrainingCommand,
  ComputeSpotCheckCommand,
  createMessage,
  DescribeDataCommand,
  DidCancelNotification,
  DidCompleteNotification,
  DidComputeSpotCheckNotification,
  DidDescribeDataNotification,
  DidFailNotification,
  DidFailRequestNotification,
  DidFinishFoldNotification,
  DidLoadDataNotification,
  DidProgressNotification,
  StartTrainingCommand,
} from '../../shared/protocol';
import { isMessage } from '../../shared/protocol';
import type {
  CompletedParams,
  DataCatalog,
  DataLoadedParams,
  ErrorInfo,
  FoldDoneParams,
  HostToWorkerMessage,
  ProgressParams,
  RunRequest,
  SerializedModel,
  SpotCheckRequest,
  SpotCheckState,
} from '../../shared/protocol';
import { Listeners } from '../../shared/listeners';

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

export interface TrainingClientOptions {
  /** Absolute path of the bundled worker (dist/worker.js). */
  readonly workerPath: string;
  /** Heap limits of the worker thread (tests use small ones to make it crash). */
  readonly resourceLimits?: ResourceLimits;
}

interface ActiveRun {
  readonly handle: RunHandle;
  readonly loaded: Listeners<DataLoadedParams>;
  readonly progress: Listeners<ProgressParams>;
  readonly folds: Listeners<FoldDoneParams>;
  readonly settle: (outcome: RunOutcome) => void;
  readonly worker: Worker;
}

interface PendingRequest {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: RequestError) => void;
  readonly worker: Worker;
}

/** A request the worker could not answer (its ErrorInfo kept for file:line). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export class TrainingClient {
  private worker: Worker | undefined;
  private readonly runs = new Map<string, ActiveRun>();
  private readonly requests = new Map<string, PendingRequest>();
  private disposed = false;

  constructor(private readonly options: TrainingClientOptions) {}

  /** Starts a run; the worker is started (again, after a crash) when needed. */
  startRun(request: RunRequest): RunHandle {
    if (this.disposed) throw new Error('The training client is disposed.');
    const worker = this.ensureWorker();
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
        if (this.runs.has(request.runId)) this.send(worker, createMessage(CancelTrainingCommand, { runId: request.runId }));
      },
    };
    const active: ActiveRun = {
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
        this.updateRef();
        settle(value);
      },
    };
    this.runs.set(request.runId, active);
    this.updateRef();
    this.send(worker, createMessage(StartTrainingCommand, request));
    return handle;
  }

  /** The users and films of a data folder (parsed in the worker). */
  describeData(dataFolder: string): Promise<DataCatalog> {
    const requestId = randomUUID();
    return this.request<DataCatalog>(requestId, createMessage(DescribeDataCommand, { requestId, dataFolder }));
  }

  /** A user's spot check under a run's model. */
  computeSpotCheck(run: RunRequest, model: SerializedModel, userId: number, unseenCount = 10): Promise<SpotCheckState> {
    const requestId = randomUUID();
    const params: SpotCheckRequest = { requestId, run, model, userId, unseenCount };
    return this.request<SpotCheckState>(requestId, createMessage(ComputeSpotCheckCommand, params));
  }

  /** Runs still going. */
  get activeRuns(): readonly RunHandle[] {
    return [...this.runs.values()].map((run) => run.handle);
  }

  /**
   * Stops the worker abruptly, as a crash would: its runs and requests fail, and the next run or
   * request starts a new worker. For a stuck worker (and the crash tests).
   */
  async terminateWorker(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Stops the worker; runs still going are reported cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(worker, { status: 'cancelled' }, { message: 'The extension was deactivated.' });
    if (worker !== undefined) await worker.terminate();
  }

  private request<T>(requestId: string, message: HostToWorkerMessage): Promise<T> {
    if (this.disposed) return Promise.reject(new RequestError({ message: 'The training client is disposed.' }));
    const worker = this.ensureWorker();
    return new Promise<T>((resolve, reject) => {
      this.requests.set(requestId, { resolve: (value) => resolve(value as T), reject, worker });
      this.updateRef();
      this.send(worker, message);
    });
  }

  private send(worker: Worker, message: HostToWorkerMessage): void {
    worker.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.options.workerPath, { resourceLimits: this.options.resourceLimits });
    worker.on('message', (message: unknown) => this.receive(message));
    worker.on('error', (error: Error) => this.crashed(worker, `The training worker crashed: ${error.message}`));
    worker.on('exit', (code: number) => this.crashed(worker, `The training worker stopped unexpectedly (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }

  /** An idle worker must not keep a process (a test run, the host's shutdown) alive; a busy one must. */
  private updateRef(): void {
    const worker = this.worker;
    if (worker === undefined) return;
    if (this.runs.size > 0 || this.requests.size > 0) worker.ref();
    else worker.unref();
  }

  private crashed(worker: Worker, message: string): void {
    if (this.worker === worker) this.worker = undefined;
    this.failAll(worker, { status: 'failed', error: { message } }, { message });
  }

  /** Settles every run and request that was on this worker. */
  private failAll(worker: Worker | undefined, outcome: RunOutcome, error: ErrorInfo): void {
    for (const run of [...this.runs.values()]) {
      if (worker === undefined || run.worker === worker) run.settle(outcome);
    }
    for (const [requestId, pending] of [...this.requests]) {
      if (worker === undefined || pending.worker === worker) {
        this.requests.delete(requestId);
        pending.reject(new RequestError(error));
      }
    }
    this.updateRef();
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
    } else if (isMessage(DidDescribeDataNotification, message)) {
      this.settleRequest(message.params.requestId, message.params.catalog);
    } else if (isMessage(DidComputeSpotCheckNotification, message)) {
      this.settleRequest(message.params.requestId, message.params.state);
    } else if (isMessage(DidFailRequestNotification, message)) {
      const pending = this.requests.get(message.params.requestId);
      this.requests.delete(message.params.requestId);
      this.updateRef();
      pending?.reject(new RequestError(message.params.error));
    }
  }

  private settleRequest(requestId: string, value: unknown): void {
    const pending = this.requests.get(requestId);
    this.requests.delete(requestId);
    this.updateRef();
    pending?.resolve(value);
  }
}
