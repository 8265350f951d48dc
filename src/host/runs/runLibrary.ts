import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Listeners } from '../../shared/listeners';
import type { DataCatalog } from '../../shared/catalog';
import type { SerializedModel } from '../../shared/run';
import type { RunRecord, StoredModel } from './runRecord';
import { HEARTBEAT_MS, localLockHost, lockLiveness, newLock } from './runLock';
import type { LockHost, RunLock } from './runLock';
import type { RunStore, SkippedRun } from './runStore';

/** How often the runs folder is checked under the file watcher while runs are on screen (see catchUp). */
export const CATCH_UP_MS = 30_000;

/** What a run stored as "running" but not run by this window is shown as once its owner is gone. */
export const INTERRUPTED_MESSAGE = 'The window closed while this run was going.';

interface Loaded {
  /** As read from disk (a run of another window keeps status running here). */
  readonly records: Map<string, RunRecord>;
  readonly locks: Map<string, RunLock>;
}

/**
 * The runs the views, hovers and spot checks see: the store's records kept in memory, a change
 * event, and the models of completed runs loaded once. The store is read lazily (first use), so
 * activation stays light; `refresh` re-reads what changed on disk (another window's runs, a
 * deletion), called by the file watcher. Runs this library started hold a lock file with a
 * heartbeat, so other windows show them as going rather than interrupted.
 *
 * No `vscode` import: the unit tests drive it over real folders.
 */
export class RunLibrary {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private readonly models = new Map<string, Promise<StoredModel | undefined>>();
  private readonly changed = new Listeners<void>();
  private readonly skippedListeners = new Listeners<readonly SkippedRun[]>();
  /** Folders already reported as unreadable, with the reason: each is reported once. */
  private readonly reported = new Map<string, string>();
  /** Runs this library is running: heartbeat timers, and the store they were created in. */
  private readonly owned = new Map<string, { readonly store: RunStore; readonly timer: ReturnType<typeof setInterval> }>();
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Refreshes run one after another, so an older read never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();
  private selectedRunId: string | undefined;
  /** The shown statuses when onDidChange last fired. */
  private lastShown = '';
  private currentStore: RunStore;
  readonly lockHost: LockHost;
  private readonly heartbeatMs: number;

  /** @param options.lockHost who this library is (tests pose as other windows); options.heartbeatMs how often its locks beat. */
  constructor(store: RunStore, options: { readonly lockHost?: LockHost; readonly heartbeatMs?: number } = {}) {
    this.currentStore = store;
    this.lockHost = options.lockHost ?? localLockHost(randomUUID());
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  }

  get store(): RunStore {
    return this.currentStore;
  }

  /** Folders that could not be read (another format version, damaged, not a run). */
  get skipped(): readonly SkippedRun[] {
    return [...this.reported].map(([folder, reason]) => ({ folder, reason }));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.changed.add(listener);
  }

  /** Fires with the run folders newly found unreadable (each folder once, until it changes). */
  onDidSkip(listener: (skipped: readonly SkippedRun[]) => void): { dispose(): void } {
    return this.skippedListeners.add(listener);
  }

  /** All runs, newest first, as the views show them (an abandoned run reads as failed). */
  async list(): Promise<RunRecord[]> {
    const loaded = await this.load();
    return [...loaded.records.values()]
      .map((record) => this.shown(record, loaded))
      .sort((left, right) => right.startedAt.localeCompare(left.startedAt));
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const loaded = await this.load();
    const record = loaded.records.get(runId);
    return record === undefined ? undefined : this.shown(record, loaded);
  }

  /** Whether a run is going in another window (its owner's heartbeat is fresh). */
  isRunningElsewhere(runId: string): boolean {
    const loaded = this.loaded;
    const record = loaded?.records.get(runId);
    if (loaded === undefined || record?.status !== 'running' || this.owned.has(runId)) return false;
    return lockLiveness(loaded.locks.get(runId), this.lockHost, Date.now()).live;
  }

  /** Records a new run; a running one gets a lock whose heartbeat goes on until `update` ends it. */
  async create(record: RunRecord): Promise<void> {
    const runId = record.request.runId;
    const store = this.currentStore;
    const running = record.status === 'running';
    await store.create(record, running ? newLock(this.lockHost) : undefined);
    if (running) {
      const timer = setInterval(() => void store.writeLock(runId, newLock(this.lockHost)).catch(() => undefined), this.heartbeatMs);
      timer.unref?.();
      this.owned.set(runId, { store, timer });
    }
    const loaded = await this.load();
    loaded.records.set(runId, record);
    this.notify(loaded, true);
  }

  /** Replaces a run's record; a run that ended lets go of its lock. */
  async update(record: RunRecord): Promise<void> {
    const runId = record.request.runId;
    const owner = this.owned.get(runId);
    const store = owner?.store ?? this.currentStore;
    await store.update(record);
    if (owner !== undefined && record.status !== 'running') {
      clearInterval(owner.timer);
      this.owned.delete(runId);
      await store.removeLock(runId).catch(() => undefined);
    }
    const loaded = await this.load();
    if (store === this.currentStore) loaded.records.set(runId, record);
    this.notify(loaded, true);
  }

  async saveModel(runId: string, model: SerializedModel, catalog: DataCatalog): Promise<void> {
    await (this.owned.get(runId)?.store ?? this.currentStore).saveModel(runId, model, catalog);
    this.models.delete(runId);
  }

  async delete(runId: string): Promise<void> {
    await this.currentStore.delete(runId);
    const loaded = await this.load();
    this.forget(loaded, runId);
    this.notify(loaded, true);
  }

  select(runId: string | undefined): void {
    this.selectedRunId = runId;
    this.changed.fire();
  }

  get selected(): string | undefined {
    return this.selectedRunId;
  }

  /** A run's model and catalogue, loaded once; a failure is not kept (the next call tries again). */
  model(record: RunRecord): Promise<StoredModel | undefined> {
    const runId = record.request.runId;
    let model = this.models.get(runId);
    if (model === undefined) {
      const loading = this.currentStore.loadModel(record).catch(() => {
        if (this.models.get(runId) === loading) this.models.delete(runId);
        return undefined;
      });
      model = loading;
      this.models.set(runId, model);
    }
    return model;
  }

  /** The model for a data folder: the selected run's if it was trained there, else the latest completed one's. */
  async modelFor(folder: string): Promise<StoredModel | undefined> {
    const key = folderKey(folder);
    const runs = (await this.list()).filter(
      (record) => record.status === 'completed' && record.hasModel && folderKey(record.request.dataFolder) === key,
    );
    const chosen = runs.find((record) => record.request.runId === this.selectedRunId) ?? runs[0];
    return chosen === undefined ? undefined : this.model(chosen);
  }

  /**
   * Reads again what changed on disk: the named run folders, or everything. Fires onDidChange
   * when what the views show changed. Runs this library is running are kept as it holds them.
   */
  refresh(runIds?: Iterable<string>): Promise<void> {
    const names = runIds === undefined ? undefined : [...runIds];
    const next = this.queue.then(() => (names === undefined || this.loaded === undefined ? this.reloadAll() : this.reloadSome(names)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Cheap catch-up (a window back in focus, a periodic check): re-reads only run folders that came
   * or went since the last read, and runs of other windows that were going; not every run.json.
   * Returns how many folders came or went (what a working file watcher would have reported).
   */
  async catchUp(): Promise<number> {
    if (this.loaded === undefined) return 0;
    const names = new Set(await this.currentStore.runNames());
    const runsFolder = this.currentStore.runsFolder;
    const known = new Set([
      ...this.loaded.records.keys(),
      ...[...this.reported.keys()].map((folder) => folder.slice(runsFolder.length + 1)),
    ]);
    const cameOrWent = [...names].filter((name) => !known.has(name));
    for (const name of known) if (!names.has(name)) cameOrWent.push(name);
    const going = [...this.loaded.records]
      .filter(([runId, record]) => record.status === 'running' && !this.owned.has(runId))
      .map(([runId]) => runId);
    if (cameOrWent.length + going.length > 0) await this.refresh([...cameOrWent, ...going]);
    return cameOrWent.length;
  }

  /** Switches to another store (the runs location setting changed); the runs going stay in theirs. */
  async useStore(store: RunStore): Promise<void> {
    if (store.root === this.currentStore.root) return;
    this.currentStore = store;
    this.loaded = undefined;
    this.loading = undefined;
    this.models.clear();
    this.reported.clear();
    this.selectedRunId = undefined;
    if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
    this.notify(await this.load(), true);
  }

  dispose(): void {
    for (const { timer } of this.owned.values()) clearInterval(timer);
    this.owned.clear();
    if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
    this.changed.clear();
    this.skippedListeners.clear();
  }

  private load(): Promise<Loaded> {
    if (this.loaded !== undefined) return Promise.resolve(this.loaded);
    this.loading ??= this.readAll().then(
      (loaded) => {
        this.loaded ??= loaded;
        this.lastShown = this.statusKey(this.loaded);
        return this.loaded;
      },
      (error: unknown) => {
        // A failed read is not kept: the next call reads again.
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  private async readAll(): Promise<Loaded & { readonly skipsChanged: boolean }> {
    const { runs, locks, skipped } = await this.currentStore.list();
    const skipsChanged = this.report(skipped, undefined);
    const loaded = { records: new Map(runs.map((record) => [record.request.runId, record])), locks, skipsChanged };
    this.scheduleStaleCheck(loaded);
    return loaded;
  }

  private async reloadAll(): Promise<void> {
    const previous = this.loaded;
    const fresh = await this.readAll();
    // Runs this library is running stay as it holds them (its writes may be on their way to disk).
    for (const [runId, { store }] of this.owned) {
      const mine = previous?.records.get(runId);
      if (mine !== undefined && store === this.currentStore) fresh.records.set(runId, mine);
    }
    let contentChanged = previous === undefined || previous.records.size !== fresh.records.size || fresh.skipsChanged;
    for (const [runId, record] of previous?.records ?? []) {
      const now = fresh.records.get(runId);
      if (now === undefined || JSON.stringify(now) !== JSON.stringify(record)) {
        this.models.delete(runId);
        contentChanged = true;
      }
    }
    this.loaded = fresh;
    this.loading = undefined;
    this.notify(fresh, contentChanged);
  }

  private async reloadSome(names: readonly string[]): Promise<void> {
    const loaded = await this.load();
    const skipped: SkippedRun[] = [];
    const read = new Set<string>();
    let contentChanged = false;
    for (const name of new Set(names)) {
      if (this.owned.has(name)) continue;
      read.add(name);
      const entry = await this.currentStore.read(name);
      const previous = loaded.records.get(name);
      if (entry.kind === 'run') {
        if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(entry.record)) {
          this.models.delete(name);
          contentChanged = true;
        }
        loaded.records.set(name, entry.record);
        if (entry.lock === undefined) loaded.locks.delete(name);
        else loaded.locks.set(name, entry.lock);
      } else {
        if (previous !== undefined) contentChanged = true;
        this.forget(loaded, name);
        if (entry.kind === 'skipped') skipped.push(entry.skipped);
      }
    }
    const skipsChanged = this.report(skipped, read);
    this.scheduleStaleCheck(loaded);
    this.notify(loaded, contentChanged || skipsChanged);
  }

  /** Fires onDidChange when records changed or a run's shown status did (e.g. its owner went stale). */
  private notify(loaded: Loaded, contentChanged: boolean): void {
    const key = this.statusKey(loaded);
    if (!contentChanged && key === this.lastShown) return;
    this.lastShown = key;
    this.changed.fire();
  }

  private forget(loaded: Loaded, runId: string): void {
    loaded.records.delete(runId);
    loaded.locks.delete(runId);
    this.models.delete(runId);
    if (this.selectedRunId === runId) this.selectedRunId = undefined;
  }

  /**
   * Remembers unreadable folders and fires for the new ones. `within`: the run names that were
   * read (a partial refresh); folders not read keep their report. Returns whether the set changed.
   */
  private report(skipped: readonly SkippedRun[], within: ReadonlySet<string> | undefined): boolean {
    const now = new Map(skipped.map((entry) => [entry.folder, entry.reason]));
    let changed = false;
    for (const folder of [...this.reported.keys()]) {
      const name = folder.slice(this.currentStore.runsFolder.length + 1);
      if (!now.has(folder) && (within === undefined || within.has(name))) changed = this.reported.delete(folder);
    }
    const fresh = skipped.filter((entry) => this.reported.get(entry.folder) !== entry.reason);
    for (const entry of fresh) this.reported.set(entry.folder, entry.reason);
    if (fresh.length > 0) this.skippedListeners.fire(fresh);
    return changed || fresh.length > 0;
  }

  /** A record as the views show it: running only while this window or a live owner runs it. */
  private shown(record: RunRecord, loaded: Loaded): RunRecord {
    if (record.status !== 'running' || this.owned.has(record.request.runId)) return record;
    if (lockLiveness(loaded.locks.get(record.request.runId), this.lockHost, Date.now()).live) return record;
    return { ...record, status: 'failed', error: { message: INTERRUPTED_MESSAGE } };
  }

  /** Each run's shown status (and whether it goes elsewhere): what time alone can change. */
  private statusKey(loaded: Loaded): string {
    return [...loaded.records.values()]
      .map((record) => `${record.request.runId}:${this.shown(record, loaded).status}:${this.isRunningElsewhere(record.request.runId)}`)
      .join('|');
  }

  /** When a run of another window would go stale without a new heartbeat, read its folder again. */
  private scheduleStaleCheck(loaded: Loaded): void {
    if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    const now = Date.now();
    const watched: string[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    for (const [runId, record] of loaded.records) {
      if (record.status !== 'running' || this.owned.has(runId)) continue;
      const { live, until } = lockLiveness(loaded.locks.get(runId), this.lockHost, now);
      if (!live || until === undefined) continue;
      watched.push(runId);
      earliest = Math.min(earliest, until);
    }
    if (watched.length === 0) return;
    this.staleTimer = setTimeout(() => void this.refresh(watched).catch(() => undefined), Math.max(0, earliest - now) + 100);
    this.staleTimer.unref?.();
  }
}

/** Compares folders through symlinks (a workspace may link to the data). */
export function folderKey(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return resolve(folder);
  }
}
