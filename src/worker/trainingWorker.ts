/**
 * The training worker (bundled to dist/worker.js): runs the engine off the extension host's (or
 * the CLI's) thread. One of these per thread of the pool, plus one for one-off queries. It speaks
 * only the messages of src/shared/protocol/workerProtocol.ts.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { LoadProgress, MovieLensData } from '../core/data/types';
import type { ProtocolConfig } from '../core/config/schema';
import { createMessage, createReply, isMessage } from '../shared/protocol/messages';
import type { Message, RequestType } from '../shared/protocol/messages';
import {
  AdoptDataCommand,
  CancelTrainingCommand,
  ComputeSpotCheckRequest,
  ComputeWhatIfRequest,
  DescribeDataRequest,
  DidFailFoldTaskNotification,
  DidParseDataNotification,
  DidPreviewUsersNotification,
  DidProgressLoadNotification,
  isBackgroundWorkerData,
  LoadDataRequest,
  QueryUsersRequest,
  RatingPartRequest,
  TrainFoldCommand,
} from '../shared/protocol/workerProtocol';
import type { FoldTaskParams, RatingPart, RatingPartParams, SharedData } from '../shared/protocol/workerProtocol';
import type { ErrorInfo } from '../shared/run';
import { buildCatalog } from '../shared/catalogBuilder';
import { lowerThreadPriority } from './threadPriority';
import { DataCache } from './dataCache';
import type { CachedData } from './dataCache';
import { FirstUsersScan, isPreviewable, MAX_PAGE, queryUsers } from './userDirectory';
import { planFolds } from '../core/eval/protocols';
import { toErrorInfo } from './errorInfo';
import { runFoldTask } from './foldTask';
import type { TaskPort } from './foldTask';
import { computeSpotCheck } from './spotCheckBuilder';
import { computeWhatIf } from './whatIfBuilder';
import { ratingPart, userFold } from './foldParts';
import { RunFolds } from './runFolds';
import { idleCore, isRatingsPartThread, ratingsPartsOn, runRatingsPartThread } from './ratingsPartThread';

class TrainingWorker {
  // This bundle also runs the second half of a large ratings.csv's parse, on a thread of its own
  // (when a core is idle).
  private readonly cache = new DataCache(2, ratingsPartsOn(__filename), idleCore);
  /** The folds of the run this worker last trained or answered for (one fold's ratings at a time). */
  private folds: RunFolds | undefined;
  /** Runs asked to stop (a cancel may arrive before a run's task does). */
  private readonly cancelled = new Map<string, AbortController>();
  /** Work that arrived while a task held the thread. */
  private readonly queue: unknown[] = [];
  /** The message being handled (a users query whose parse may preview its page). */
  private current: unknown;
  /** Users queries already previewed (their ids, until answered). */
  private readonly previewed = new Set<string>();
  private busy = false;

  constructor(private readonly port: MessagePort) {}

  receive(message: unknown): void {
    // A cancel is handled at once, even mid-task (from poll), everything else in arrival order.
    if (isMessage(CancelTrainingCommand, message)) {
      this.controllerFor(message.params.runId).abort();
      return;
    }
    this.queue.push(message);
    if (!this.busy) this.drain();
  }

  private drain(): void {
    this.busy = true;
    try {
      for (let message = this.queue.shift(); message !== undefined; message = this.queue.shift()) {
        this.current = message;
        this.handle(message);
      }
    } finally {
      this.current = undefined;
      this.busy = false;
    }
  }

  private handle(message: unknown): void {
    if (isMessage(TrainFoldCommand, message)) {
      this.trainFold(message.params);
    } else if (isMessage(AdoptDataCommand, message)) {
      this.cache.adopt(message.params.dataKey, message.params.data);
    } else if (isMessage(LoadDataRequest.request, message)) {
      const { requestId, dataFolder, protocol, offered } = message.params;
      this.answer(LoadDataRequest, requestId, () => {
        // The reply carries the data: no DidParseData besides.
        const loaded = this.load(dataFolder, { offered, announce: false });
        const folds = this.foldsFor(loaded.key, loaded.data, protocol);
        return { dataKey: loaded.key, data: loaded.data, seconds: loaded.seconds, parsed: loaded.parsed, foldNames: folds.names };
      });
    } else if (isMessage(DescribeDataRequest.request, message)) {
      const { requestId, dataFolder } = message.params;
      this.answer(DescribeDataRequest, requestId, () => buildCatalog(this.load(dataFolder).data));
    } else if (isMessage(QueryUsersRequest.request, message)) {
      const { requestId, dataFolder, query } = message.params;
      this.answer(QueryUsersRequest, requestId, () => queryUsers(this.load(dataFolder).data, query));
      this.previewed.delete(requestId);
    } else if (isMessage(ComputeSpotCheckRequest.request, message)) {
      const params = message.params;
      this.answer(ComputeSpotCheckRequest, params.requestId, () => {
        const loaded = this.load(params.run.dataFolder);
        return computeSpotCheck(params, loaded.data, this.foldsFor(loaded.key, loaded.data, params.run.protocol));
      });
    } else if (isMessage(ComputeWhatIfRequest.request, message)) {
      const params = message.params;
      this.answer(ComputeWhatIfRequest, params.requestId, () => {
        const loaded = this.load(params.run.dataFolder);
        return computeWhatIf(params, loaded.data, this.foldsFor(loaded.key, loaded.data, params.run.protocol));
      });
    } else if (isMessage(RatingPartRequest.request, message)) {
      const params = message.params;
      this.answer(RatingPartRequest, params.requestId, () => this.ratingPart(params));
    }
    // Anything else is not ours: ignored, the host only sends protocol messages.
  }

  /**
   * The folder's data (cached, or `offered` by another thread if its files are unchanged), its
   * parse reported to the host at most once per percent, and the first page of each users query
   * waiting for it previewed as soon as the part read holds it. A parse is then announced
   * (DidParseData, unless `announce` is false) so that the pool need not parse the folder again.
   */
  private load(dataFolder: string, options: { readonly offered?: SharedData; readonly announce?: boolean } = {}): CachedData {
    let reported = -1;
    // Each waiting query's look at this reading's rows, continued at each percent.
    const scans = new Map<string, FirstUsersScan>();
    const loaded = this.cache.load(
      dataFolder,
      (progress) => {
        const { file, bytesRead, totalBytes } = progress;
        const percent = totalBytes > 0 ? Math.floor((100 * bytesRead) / totalBytes) : 100;
        if (percent === reported) return;
        reported = percent;
        this.post(createMessage(DidProgressLoadNotification, { dataFolder, file, bytesRead, totalBytes }));
        if (bytesRead < totalBytes) this.previewUsers(dataFolder, progress, scans);
      },
      options.offered,
    );
    if (loaded.parsed && options.announce !== false) {
      this.post(createMessage(DidParseDataNotification, { dataKey: loaded.key, data: loaded.data }));
    }
    return loaded;
  }

  /** Previews the users queries on `dataFolder`, the one being answered and those queued (read from the port now). */
  private previewUsers(dataFolder: string, progress: LoadProgress, scans: Map<string, FirstUsersScan>): void {
    const { soFar } = progress;
    if (soFar === undefined) return;
    this.taskPort().poll();
    for (const message of [this.current, ...this.queue]) {
      if (!isMessage(QueryUsersRequest.request, message)) continue;
      const { requestId, query } = message.params;
      if (message.params.dataFolder !== dataFolder || this.previewed.has(requestId) || !isPreviewable(query)) continue;
      let scan = scans.get(requestId);
      if (scan === undefined) {
        scan = new FirstUsersScan(Math.min(MAX_PAGE, Math.floor(query.limit)));
        scans.set(requestId, scan);
      }
      const users = scan.advance(soFar);
      if (users === undefined) continue;
      this.previewed.add(requestId);
      this.post(createMessage(DidPreviewUsersNotification, { requestId, users }));
    }
  }

  /** The protocol's fold plans for the data, made once (hovers and spot checks ask again and again). */
  private foldsFor(dataKey: string, data: MovieLensData, protocol: ProtocolConfig): RunFolds {
    const key = foldsKey(dataKey, protocol);
    if (this.folds?.key !== key) {
      // The previous run's fold goes before this run's plans are made.
      this.folds = undefined;
      this.folds = new RunFolds(key, data, planFolds(data, protocol));
    }
    return this.folds;
  }

  /** Which part of the run's fold holds a rating: from the user's ratings and the fold's test mask. */
  private ratingPart(params: RatingPartParams): RatingPart {
    const loaded = this.load(params.run.dataFolder);
    const folds = this.foldsFor(loaded.key, loaded.data, params.run.protocol);
    const index = folds.indexOf(params.foldName);
    if (index < 0) throw new Error(`The run's protocol makes no fold ${params.foldName} on this data.`);
    const user = loaded.data.userIndex.get(params.userId);
    const item = loaded.data.itemIndex.get(params.itemId);
    const part = user === undefined || item === undefined ? undefined : ratingPart(userFold(folds, index, user), item);
    return { foldName: params.foldName, part: part ?? 'none' };
  }

  private trainFold(task: FoldTaskParams): void {
    const controller = this.controllerFor(task.runId);
    if (task.data !== undefined) this.cache.adopt(task.dataKey, task.data);
    const data = this.cache.byKey(task.dataKey);
    if (data === undefined) {
      const error: ErrorInfo = { message: "The worker lost the run's data (the pool sends it with the run's first task)." };
      this.post(createMessage(DidFailFoldTaskNotification, { taskId: task.taskId, runId: task.runId, error }));
      return;
    }
    let folds: RunFolds;
    try {
      folds = this.foldsFor(task.dataKey, data, task.protocol);
    } catch (error) {
      this.post(createMessage(DidFailFoldTaskNotification, { taskId: task.taskId, runId: task.runId, error: toErrorInfo(error) }));
      return;
    }
    runFoldTask(task, { data, folds, signal: controller.signal, port: this.taskPort() });
  }

  /** Replies to a request with what `compute` returns, or with the error it throws. */
  private answer<Method extends string, Params, Result>(
    type: RequestType<Method, Params, Result, ErrorInfo>,
    requestId: string,
    compute: () => Result,
  ): void {
    try {
      this.post(createReply(type, { requestId, ok: true, result: compute() }));
    } catch (error) {
      this.post(createReply(type, { requestId, ok: false, error: toErrorInfo(error) }));
    }
  }

  private controllerFor(runId: string): AbortController {
    let controller = this.cancelled.get(runId);
    if (controller === undefined) {
      controller = new AbortController();
      this.cancelled.set(runId, controller);
      // Only the latest runs' controllers matter; old ones are dropped.
      if (this.cancelled.size > 16) this.cancelled.delete(this.cancelled.keys().next().value as string);
    }
    return controller;
  }

  private taskPort(): TaskPort {
    return {
      post: (message, transfer) => this.post(message, transfer),
      poll: () => {
        // The engine holds the thread, so 'message' events cannot fire: read the port directly.
        for (let entry = receiveMessageOnPort(this.port); entry !== undefined; entry = receiveMessageOnPort(this.port)) {
          const message: unknown = entry.message;
          if (isMessage(CancelTrainingCommand, message)) this.controllerFor(message.params.runId).abort();
          else this.queue.push(message);
        }
      },
    };
  }

  private post(message: Message, transfer?: ArrayBuffer[]): void {
    this.port.postMessage(message, transfer);
  }
}

/** Folds depend on the data and on the protocol (with its seed) alone. */
function foldsKey(dataKey: string, protocol: object): string {
  return `${dataKey}\u0000${JSON.stringify(protocol)}`;
}

if (parentPort === null) throw new Error('trainingWorker.ts runs only as a worker thread.');
if (isBackgroundWorkerData(workerData)) lowerThreadPriority();
if (isRatingsPartThread(workerData)) {
  runRatingsPartThread(workerData);
} else {
  const port = parentPort;
  const worker = new TrainingWorker(port);
  port.on('message', (message: unknown) => worker.receive(message));
}
