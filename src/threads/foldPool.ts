/**
 * Runs a run's folds side by side on a pool of worker threads (the CLI, the bench and the
 * extension all use it). One worker loads the data once, into shared memory; every fold of every
 * model of the run is then a task, handed to the next idle worker with the data (no copy: its
 * arrays are SharedArrayBuffers). Progress from all workers merges into one stream per run;
 * cancel stops every worker at once; a crashed worker fails the run naming the fold it was on.
 * Each fold is trained from its own seed, so the numbers are the same for any number of threads.
 * No `vscode` import.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { validateModelConfig } from '../core/config/modelConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { validateProtocolConfig } from '../core/config/protocolConfig';
import type { ValidProtocolConfig } from '../core/config/protocolConfig';
import { describeFailure } from '../core/data/errors';
import { summarizeComparison, summarizeEvaluation } from '../core/eval/evaluate';
import { plannedFoldCount } from '../core/eval/protocols';
import { requireFeatureData } from '../core/features/availability';
import { modelLabel } from '../shared/labels';
import { Listeners } from '../shared/listeners';
import { createMessage, createRequest, isMessage } from '../shared/protocol/messages';
import {
  CancelTrainingCommand,
  DidCancelFoldTaskNotification,
  DidFailFoldTaskNotification,
  DidFinishFoldTaskNotification,
  DidProgressFoldNotification,
  LoadDataRequest,
  TrainFoldCommand,
} from '../shared/protocol/workerProtocol';
import type { LoadedData, SharedData } from '../shared/protocol/workerProtocol';
import type {
  DataLoadedParams,
  ErrorInfo,
  FoldDoneParams,
  FoldResult,
  ModelRole,
  ProgressParams,
  RunRequest,
  RunResult,
  SerializedModel,
} from '../shared/run';
import type { RunHandle, RunOutcome } from './runHandle';
import { WorkerConnection } from './workerConnection';
import { workerEntry } from './workerEntry';

export interface FoldPoolOptions {
  /** Worker threads; 0: one per available core. */
  readonly threads: number;
  /** The worker's code (default: workerEntry()). */
  readonly workerPath?: string;
  readonly execArgv?: readonly string[];
  /** Heap limits of each worker thread (tests use small ones to make it crash). */
  readonly resourceLimits?: ResourceLimits;
  /** The workers yield the cores to the rest of the process (the extension: the editor), see WorkerOptions. */
  readonly background?: boolean;
}

/** The number of threads a setting asks for: 0 means one per available core. */
export function resolveThreads(threads: number): number {
  return threads > 0 ? threads : Math.max(1, availableParallelism());
}

interface RoleModel {
  readonly role: ModelRole;
  readonly config: ValidModelConfig;
  readonly label: string;
}

type Task =
  | { readonly kind: 'load'; readonly taskId: string; readonly run: ActiveRun }
  | {
      readonly kind: 'fold';
      readonly taskId: string;
      readonly run: ActiveRun;
      readonly model: RoleModel;
      readonly foldIndex: number;
    };

interface Slot {
  readonly connection: WorkerConnection;
  task: Task | undefined;
  /** Runs whose data this worker already holds (a run's first task on it carries the data). */
  readonly runsWithData: Set<string>;
}

interface ActiveRun {
  readonly request: RunRequest;
  readonly handle: RunHandle;
  readonly protocol: ValidProtocolConfig;
  readonly models: readonly RoleModel[];
  /** The role whose first fold's model the run keeps (compare: the candidate). */
  readonly modelRole: ModelRole;
  readonly loadedListeners: Listeners<DataLoadedParams>;
  readonly progressListeners: Listeners<ProgressParams>;
  readonly foldListeners: Listeners<FoldDoneParams>;
  readonly settle: (outcome: RunOutcome) => void;
  /** Yields to any other run: not listed, its parse not shared, cancelled when another starts (see startRun). */
  readonly yielding: boolean;
  status: 'running' | 'cancelling' | 'done';
  loaded: LoadedData | undefined;
  readonly queue: Task[];
  readonly running: Set<Slot>;
  readonly results: Map<ModelRole, (FoldResult | undefined)[]>;
  model: SerializedModel | undefined;
}

export class FoldPool {
  private readonly slots: Slot[] = [];
  private readonly runs = new Map<string, ActiveRun>();
  /**
   * The data set another thread (the query worker) parsed last, until a run's load takes it (its
   * worker then caches it): a run on its folder uses it if the files are unchanged. One only: it
   * keeps that data set's memory alive while held.
   */
  private offered: SharedData | undefined;
  private readonly parsedListeners = new Listeners<SharedData>();
  private threadCount: number;
  private disposed = false;

  constructor(private readonly options: FoldPoolOptions) {
    this.threadCount = resolveThreads(options.threads);
  }

  /** Workers running now (started and not stopped). */
  get startedWorkers(): number {
    return this.slots.filter((slot) => slot.connection.started).length;
  }

  /** Worker threads the pool uses (for runs started from now on, and tasks not yet handed out). */
  get threads(): number {
    return this.threadCount;
  }

  set threads(value: number) {
    this.threadCount = resolveThreads(value);
    this.schedule();
  }

  /**
   * A data set another thread parsed (in shared memory): a run on its folder reads no file but
   * the fingerprint, unless the files changed since (then it parses them as before).
   */
  offerData(shared: SharedData): void {
    this.offered = shared;
  }

  /** Hears each data set a run's worker parsed (not one it found cached or was offered), before the run's own listeners. */
  onDidParseData(listener: (shared: SharedData) => void): { dispose(): void } {
    return this.parsedListeners.add(listener);
  }

  /** Runs still going (not those started to yield, see startRun). */
  get activeRuns(): readonly RunHandle[] {
    return [...this.runs.values()].filter((run) => !run.yielding).map((run) => run.handle);
  }

  /**
   * Starts a run; workers start (again, after a crash) when needed.
   * @param options.notBefore the run's work (and its workers) waits for it: the run is going and
   *   can be cancelled meanwhile (the extension lets a new panel's page load first).
   * @param options.yielding the run gives way to every other: it is cancelled as soon as another
   *   starts, is not among `activeRuns`, and its data is not announced (the workers' warm-up).
   */
  startRun(request: RunRequest, options: { readonly notBefore?: Promise<unknown>; readonly yielding?: boolean } = {}): RunHandle {
    if (this.disposed) throw new Error('The fold pool is disposed.');
    for (const other of this.runs.values()) if (other.yielding) this.cancel(other.request.runId);
    const loadedListeners = new Listeners<DataLoadedParams>();
    const progressListeners = new Listeners<ProgressParams>();
    const foldListeners = new Listeners<FoldDoneParams>();
    let resolveOutcome: (outcome: RunOutcome) => void = () => undefined;
    const outcome = new Promise<RunOutcome>((resolve) => (resolveOutcome = resolve));
    const handle: RunHandle = {
      runId: request.runId,
      request,
      outcome,
      onDidLoadData: (listener) => loadedListeners.add(listener),
      onProgress: (listener) => progressListeners.add(listener),
      onDidFinishFold: (listener) => foldListeners.add(listener),
      cancel: () => this.cancel(request.runId),
    };
    let models: RoleModel[];
    let protocol: ValidProtocolConfig;
    try {
      models = roleModels(request);
      protocol = validateProtocolConfig(request.protocol);
    } catch (error) {
      resolveOutcome({ status: 'failed', error: { message: error instanceof Error ? error.message : String(error) } });
      return handle;
    }
    const run: ActiveRun = {
      request,
      handle,
      protocol,
      models,
      modelRole: request.kind === 'compare' ? 'candidate' : 'model',
      loadedListeners,
      progressListeners,
      foldListeners,
      settle: (value) => {
        if (run.status === 'done') return;
        run.status = 'done';
        run.queue.length = 0;
        this.runs.delete(request.runId);
        // Tasks of the run still on a worker are stopped; their workers free up when they answer.
        for (const slot of run.running) this.post(slot, createMessage(CancelTrainingCommand, { runId: request.runId }));
        loadedListeners.clear();
        progressListeners.clear();
        foldListeners.clear();
        resolveOutcome(value);
      },
      yielding: options.yielding === true,
      status: 'running',
      loaded: undefined,
      queue: [],
      running: new Set(),
      results: new Map(models.map((model) => [model.role, []])),
      model: undefined,
    };
    this.runs.set(request.runId, run);
    const begin = (): void => {
      if (run.status !== 'running' || this.disposed) return; // cancelled while it waited
      run.queue.push({ kind: 'load', taskId: randomUUID(), run });
      this.schedule();
      this.startIdleWorkers(models.length * plannedFoldCount(protocol));
    };
    if (options.notBefore === undefined) begin();
    else options.notBefore.then(begin, begin);
    return handle;
  }

  /**
   * Stops every worker abruptly, as a crash would: runs on them fail, and the next task starts new
   * workers. For a stuck worker (and the crash tests).
   */
  async terminateWorkers(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.connection.terminate()));
  }

  /** Stops the workers; runs still going are reported cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.offered = undefined;
    this.parsedListeners.clear();
    for (const run of [...this.runs.values()]) run.settle({ status: 'cancelled' });
    await Promise.all(this.slots.map((slot) => slot.connection.dispose()));
  }

  private cancel(runId: string): void {
    const run = this.runs.get(runId);
    if (run === undefined || run.status !== 'running') return;
    run.status = 'cancelling';
    run.queue.length = 0;
    if (run.running.size === 0) {
      run.settle({ status: 'cancelled' });
      return;
    }
    for (const slot of run.running) this.post(slot, createMessage(CancelTrainingCommand, { runId }));
  }

  /** Hands queued tasks (oldest run first) to idle workers among the first `threads`. */
  private schedule(): void {
    if (this.disposed) return;
    for (const run of this.runs.values()) {
      while (run.queue.length > 0) {
        const slot = this.idleSlot();
        if (slot === undefined) return;
        this.start(slot, run.queue.shift() as Task);
      }
    }
  }

  /**
   * Starts the workers a run of `tasks` fold tasks will use while the first one loads the data,
   * so that their start-up (reading and compiling the worker's code) is not paid after it; no
   * more than it has tasks (a holdout fold on two threads starts one). An idle worker holds no
   * reference, so it keeps no process alive.
   */
  private startIdleWorkers(tasks: number): void {
    for (let index = 0; index < Math.min(this.threadCount, tasks); index++) {
      const slot = this.slots[index] ?? this.createSlot(index);
      slot.connection.ensure();
    }
  }

  private idleSlot(): Slot | undefined {
    for (let index = 0; index < this.threadCount; index++) {
      const slot = this.slots[index] ?? this.createSlot(index);
      if (slot.task === undefined) return slot;
    }
    return undefined;
  }

  private createSlot(index: number): Slot {
    const entry =
      this.options.workerPath === undefined ? workerEntry() : { workerPath: this.options.workerPath, execArgv: this.options.execArgv };
    const slot: Slot = {
      connection: new WorkerConnection(
        { ...entry, resourceLimits: this.options.resourceLimits, background: this.options.background },
        {
          onMessage: (message) => this.receive(slot, message),
          onCrash: (_worker, message) => this.crashed(slot, message),
        },
      ),
      task: undefined,
      runsWithData: new Set(),
    };
    this.slots[index] = slot;
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    const run = task.run;
    slot.task = task;
    run.running.add(slot);
    slot.connection.setBusy(1);
    if (task.kind === 'load') {
      const { dataFolder } = run.request;
      const offered = this.offered?.data.folder === resolve(dataFolder) ? this.offered : undefined;
      if (offered !== undefined) this.offered = undefined;
      this.post(slot, createRequest(LoadDataRequest, task.taskId, { dataFolder, protocol: run.protocol, offered }));
      return;
    }
    const loaded = run.loaded as LoadedData;
    const sendData = !slot.runsWithData.has(run.request.runId);
    slot.runsWithData.add(run.request.runId);
    this.post(
      slot,
      createMessage(TrainFoldCommand, {
        taskId: task.taskId,
        runId: run.request.runId,
        role: task.model.role,
        model: task.model.config,
        protocol: run.protocol,
        foldIndex: task.foldIndex,
        foldCount: loaded.foldNames.length,
        dataKey: loaded.dataKey,
        data: sendData ? loaded.data : undefined,
        wantModel: task.model.role === run.modelRole && task.foldIndex === 0,
      }),
    );
  }

  private post(slot: Slot, message: Parameters<WorkerConnection['post']>[1]): void {
    slot.connection.post(slot.connection.ensure(), message);
  }

  /** The task on `slot` ended: the worker is free again. */
  private release(slot: Slot): Task | undefined {
    const task = slot.task;
    slot.task = undefined;
    slot.connection.setBusy(0);
    task?.run.running.delete(slot);
    return task;
  }

  private receive(slot: Slot, message: unknown): void {
    const task = slot.task;
    if (task === undefined) return;
    const run = task.run;
    if (isMessage(DidProgressFoldNotification, message)) {
      if (task.kind !== 'fold' || message.params.taskId !== task.taskId || run.status !== 'running') return;
      run.progressListeners.fire({
        runId: run.request.runId,
        role: task.model.role,
        label: task.model.label,
        foldName: message.params.foldName,
        foldIndex: task.foldIndex,
        foldCount: run.loaded?.foldNames.length ?? 0,
        progress: message.params.progress,
      });
      return;
    }
    if (isMessage(LoadDataRequest.reply, message)) {
      if (message.params.requestId !== task.taskId) return;
      this.release(slot);
      const reply = message.params;
      if (!reply.ok) run.settle({ status: 'failed', error: reply.error });
      else this.loaded(run, slot, reply.result);
    } else if (isMessage(DidFinishFoldTaskNotification, message)) {
      if (message.params.taskId !== task.taskId || task.kind !== 'fold') return;
      this.release(slot);
      this.foldFinished(run, task, message.params.fold, message.params.history, message.params.model);
    } else if (isMessage(DidFailFoldTaskNotification, message)) {
      if (message.params.taskId !== task.taskId) return;
      this.release(slot);
      run.settle({ status: 'failed', error: message.params.error });
    } else if (isMessage(DidCancelFoldTaskNotification, message)) {
      if (message.params.taskId !== task.taskId) return;
      this.release(slot);
      if (run.status === 'cancelling' && run.running.size === 0) run.settle({ status: 'cancelled' });
    } else {
      return;
    }
    this.schedule();
  }

  private loaded(run: ActiveRun, slot: Slot, loaded: LoadedData): void {
    if (run.status === 'cancelling') {
      run.settle({ status: 'cancelled' });
      return;
    }
    if (run.status !== 'running') return;
    run.loaded = loaded;
    slot.runsWithData.add(run.request.runId);
    const { data } = loaded;
    if (loaded.parsed && !run.yielding) this.parsedListeners.fire({ dataKey: loaded.dataKey, data });
    run.loadedListeners.fire({
      runId: run.request.runId,
      folder: data.folder,
      format: data.format,
      users: data.users.count,
      items: data.items.count,
      ratings: data.ratings.length,
      seconds: loaded.seconds,
      notes: data.notes ?? [],
    });
    try {
      // A feature group the data cannot fill fails the run now, not at its first fold.
      for (const model of run.models) requireFeatureData(data, model.config.features);
    } catch (error) {
      run.settle({ status: 'failed', error: describeFailure(error) });
      return;
    }
    // With one thread, baseline folds first, then the candidate's: the order runs always had.
    // With more, the costliest model's folds first, so the cheap ones (SVD-ALS: a fraction of an
    // FM-MCMC fold) fill the workers at the end instead of one long fold running alone.
    const order = this.threadCount > 1 ? [...run.models].sort((first, second) => foldCost(second) - foldCost(first)) : run.models;
    for (const model of order) {
      run.results.set(model.role, new Array<FoldResult | undefined>(loaded.foldNames.length).fill(undefined));
      for (let foldIndex = 0; foldIndex < loaded.foldNames.length; foldIndex++) {
        run.queue.push({ kind: 'fold', taskId: randomUUID(), run, model, foldIndex });
      }
    }
  }

  private foldFinished(
    run: ActiveRun,
    task: Extract<Task, { kind: 'fold' }>,
    fold: FoldResult,
    history: FoldDoneParams['history'],
    model: SerializedModel | undefined,
  ): void {
    if (run.status !== 'running') {
      if (run.status === 'cancelling' && run.running.size === 0) run.settle({ status: 'cancelled' });
      return;
    }
    const results = run.results.get(task.model.role) as (FoldResult | undefined)[];
    results[task.foldIndex] = fold;
    if (model !== undefined) run.model = model;
    run.foldListeners.fire({ runId: run.request.runId, role: task.model.role, label: task.model.label, fold, history });
    if (![...run.results.values()].every((list) => list.every((entry) => entry !== undefined))) return;
    try {
      run.settle({
        status: 'completed',
        completed: { runId: run.request.runId, result: runResult(run), model: run.model as SerializedModel },
      });
    } catch (error) {
      run.settle({ status: 'failed', error: { message: error instanceof Error ? error.message : String(error) } });
    }
  }

  private crashed(slot: Slot, message: string): void {
    slot.runsWithData.clear();
    const task = this.release(slot);
    if (task !== undefined && task.run.status !== 'done') {
      const where =
        task.kind === 'fold'
          ? ` while training ${task.model.label}, fold ${task.run.loaded?.foldNames[task.foldIndex] ?? task.foldIndex + 1}`
          : ' while loading the data';
      const error: ErrorInfo = { message: `${message.replace(/\.$/, '')}${where}.` };
      task.run.settle({ status: 'failed', error });
    }
    this.schedule();
  }
}

/** The models of a run by role, validated here once (the workers check what they receive again). */
function roleModels(request: RunRequest): RoleModel[] {
  const entry = (role: ModelRole, config: RunRequest['model']): RoleModel => {
    const valid = validateModelConfig(config);
    return { role, config: valid, label: modelLabel(valid) };
  };
  if (request.kind !== 'compare') return [entry('model', request.model)];
  if (request.candidate === undefined) throw new Error('A compare run needs a candidate model.');
  const models = [entry('baseline', request.model), entry('candidate', request.candidate)];
  return request.best === undefined ? models : [...models, entry('best', request.best)];
}

/** A rough rank of a model's time per fold, for the order of tasks: SVD-ALS below any FM. */
function foldCost(model: RoleModel): number {
  return model.config.model === 'svd' ? 0 : 1;
}

function runResult(run: ActiveRun): RunResult {
  const evaluation = (model: RoleModel) => summarizeEvaluation(model.config, run.protocol, run.results.get(model.role) as FoldResult[]);
  if (run.request.kind === 'compare') {
    const [baseline, candidate, best] = run.models;
    return {
      kind: 'compare',
      comparison: summarizeComparison(evaluation(baseline), evaluation(candidate), best === undefined ? undefined : evaluation(best)),
    };
  }
  if (run.model === undefined) throw new Error('The run finished without a trained model.');
  return { kind: 'evaluate', evaluation: evaluation(run.models[0]) };
}
