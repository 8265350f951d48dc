/**
 * One-off questions to a worker of their own (a data catalogue, a page of users, a spot check), so
 * they never wait for a run: each request gets exactly one typed reply, or a RequestError; the
 * worker's parse of a data folder is reported as it goes. No `vscode` import.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { CatalogUser, DataCatalog } from '../shared/catalog';
import { createMessage, createRequest, isMessage } from '../shared/protocol/messages';
import type { RequestType } from '../shared/protocol/messages';
import {
  AdoptDataCommand,
  ComputeSpotCheckRequest,
  ComputeWhatIfRequest,
  DescribeDataRequest,
  DidParseDataNotification,
  DidPreviewUsersNotification,
  DidProgressLoadNotification,
  QueryUsersRequest,
  RatingPartRequest,
} from '../shared/protocol/workerProtocol';
import type { LoadProgressParams, RatingPart, SharedData } from '../shared/protocol/workerProtocol';
import { Listeners } from '../shared/listeners';
import type { UserPage, UserQuery } from '../shared/userQuery';
import type { ErrorInfo, RunRequest, SerializedModel } from '../shared/run';
import type { SpotCheckState } from '../shared/spotCheckPanelState';
import type { NewUser, WhatIfState } from '../shared/whatIfState';
import { WorkerConnection } from './workerConnection';
import type { WorkerOptions } from './workerConnection';

/** A request the worker could not answer (its ErrorInfo kept for file:line). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

interface PendingRequest {
  /** Settles the request if `message` is its reply; returns whether it was. */
  readonly settle: (message: unknown) => boolean;
  readonly fail: (error: ErrorInfo) => void;
  readonly worker: Worker;
}

export class QueryClient {
  private readonly connection: WorkerConnection;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly loadProgress = new Listeners<LoadProgressParams>();
  private readonly parsed = new Listeners<SharedData>();
  /** Users queries that want their page's preview, by request id. */
  private readonly previews = new Map<string, (users: readonly CatalogUser[]) => void>();
  /**
   * A data set offered while the worker was not running, handed over when a request starts it:
   * starting a thread only to adopt data would put a third thread on the cores while a window's
   * first run starts its folds. One only (the latest), like FoldPool.offerData.
   */
  private offered: SharedData | undefined;
  private disposed = false;

  constructor(options: WorkerOptions) {
    this.connection = new WorkerConnection(options, {
      onMessage: (message) => this.receive(message),
      onCrash: (worker, message) => this.failAll(worker, { message }),
    });
  }

  /** The user ids and films of a data folder (parsed in the worker). */
  describeData(dataFolder: string): Promise<DataCatalog> {
    return this.request(DescribeDataRequest, { dataFolder });
  }

  /**
   * A page of a data folder's users, filtered and ordered in the worker. `onPreview` hears the
   * page's first users before the reply when the worker must first read a large ratings file
   * sorted by user (an unfiltered first page by id only; see DidPreviewUsersNotification).
   */
  queryUsers(dataFolder: string, query: UserQuery, onPreview?: (users: readonly CatalogUser[]) => void): Promise<UserPage> {
    const requestId = randomUUID();
    if (onPreview === undefined) return this.request(QueryUsersRequest, { dataFolder, query }, requestId);
    this.previews.set(requestId, onPreview);
    return this.request(QueryUsersRequest, { dataFolder, query }, requestId).finally(() => this.previews.delete(requestId));
  }

  /** Hears the worker's parse of a data folder (whichever request needed it), at most once per percent. */
  onDidProgressLoad(listener: (progress: LoadProgressParams) => void): { dispose(): void } {
    return this.loadProgress.add(listener);
  }

  /**
   * Hands the worker a data set another thread parsed (shared memory, nothing copied): its next
   * request on that folder reads no file but the fingerprint, unless the files changed since.
   */
  offerData(shared: SharedData): void {
    if (this.disposed) return;
    if (!this.connection.started) {
      this.offered = shared;
      return;
    }
    this.connection.post(this.connection.ensure(), createMessage(AdoptDataCommand, shared));
  }

  /** Whether the worker thread is running (it starts with the first request). */
  get started(): boolean {
    return this.connection.started;
  }

  /** Hears each data set the worker parsed (for the pool: see FoldPool.offerData). */
  onDidParseData(listener: (shared: SharedData) => void): { dispose(): void } {
    return this.parsed.add(listener);
  }

  /** A user's spot check under a run's model. */
  computeSpotCheck(run: RunRequest, model: SerializedModel, userId: number, unseenCount = 10): Promise<SpotCheckState> {
    return this.request(ComputeSpotCheckRequest, { run, model, userId, unseenCount });
  }

  /** A new user's top films under a run's model (cold-start what-if). */
  computeWhatIf(run: RunRequest, model: SerializedModel, user: NewUser, count = 10): Promise<WhatIfState> {
    return this.request(ComputeWhatIfRequest, { run, model, user, count });
  }

  /** Whether a user's rating of a film was in the training or the test part of a run's fold. */
  ratingPart(run: RunRequest, foldName: string, userId: number, itemId: number): Promise<RatingPart> {
    return this.request(RatingPartRequest, { run, foldName, userId, itemId });
  }

  /** Stops the worker; pending requests fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.offered = undefined;
    this.loadProgress.clear();
    this.parsed.clear();
    this.failAll(undefined, { message: 'The extension was deactivated.' });
    await this.connection.dispose();
  }

  private request<Method extends string, Params, Result>(
    type: RequestType<Method, Params, Result, ErrorInfo>,
    params: Params,
    requestId = randomUUID(),
  ): Promise<Result> {
    if (this.disposed) return Promise.reject(new RequestError({ message: 'The query client is disposed.' }));
    const worker = this.startedWorker();
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(requestId, {
        worker,
        settle: (message) => {
          if (!isMessage(type.reply, message) || message.params.requestId !== requestId) return false;
          const reply = message.params;
          if (reply.ok) resolve(reply.result);
          else reject(new RequestError(reply.error));
          return true;
        },
        fail: (error) => reject(new RequestError(error)),
      });
      this.connection.setBusy(this.pending.size);
      this.connection.post(worker, createRequest(type, requestId, params));
    });
  }

  /** The running worker; one started now first gets the data offered meanwhile. */
  private startedWorker(): Worker {
    const wasRunning = this.connection.started;
    const worker = this.connection.ensure();
    const offered = this.offered;
    this.offered = undefined;
    if (!wasRunning && offered !== undefined) this.connection.post(worker, createMessage(AdoptDataCommand, offered));
    return worker;
  }

  private receive(message: unknown): void {
    if (isMessage(DidProgressLoadNotification, message)) {
      this.loadProgress.fire(message.params);
      return;
    }
    if (isMessage(DidParseDataNotification, message)) {
      this.parsed.fire(message.params);
      return;
    }
    if (isMessage(DidPreviewUsersNotification, message)) {
      this.previews.get(message.params.requestId)?.(message.params.users);
      return;
    }
    const requestId = (message as { params?: { requestId?: unknown } } | null)?.params?.requestId;
    if (typeof requestId !== 'string') return;
    const pending = this.pending.get(requestId);
    if (pending === undefined || !pending.settle(message)) return;
    this.pending.delete(requestId);
    this.connection.setBusy(this.pending.size);
  }

  private failAll(worker: Worker | undefined, error: ErrorInfo): void {
    for (const [requestId, pending] of [...this.pending]) {
      if (worker !== undefined && pending.worker !== worker) continue;
      this.pending.delete(requestId);
      pending.fail(error);
    }
    this.connection.setBusy(this.pending.size);
  }
}
