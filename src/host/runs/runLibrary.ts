import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Listeners } from '../../shared/listeners';
import type { DataCatalog } from '../../shared/catalog';
import type { SerializedModel } from '../../shared/run';
import type { RunRecord, StoredModel } from './runRecord';
import type { RunStore, SkippedRun } from './runStore';

/**
 * The runs the views, hovers and spot checks see: the store's records kept in memory, a change
 * event, and the models of completed runs loaded once. The store is read lazily (first use), so
 * activation stays light.
 */
export class RunLibrary {
  private records: Map<string, RunRecord> | undefined;
  private loading: Promise<Map<string, RunRecord>> | undefined;
  private readonly models = new Map<string, Promise<StoredModel | undefined>>();
  private readonly changed = new Listeners<void>();
  private readonly skippedListeners = new Listeners<readonly SkippedRun[]>();
  /** Run chosen in the Runs view; hovers and spot checks use it when it fits the data folder. */
  private selectedRunId: string | undefined;
  /** Folders that could not be read (another format version, damaged); reported once. */
  skipped: readonly SkippedRun[] = [];

  constructor(readonly store: RunStore) {}

  onDidChange(listener: () => void): { dispose(): void } {
    return this.changed.add(listener);
  }

  /** Fires once, when the store is first read, if some run folders could not be read. */
  onDidSkip(listener: (skipped: readonly SkippedRun[]) => void): { dispose(): void } {
    return this.skippedListeners.add(listener);
  }

  /** All runs, newest first. */
  async list(): Promise<RunRecord[]> {
    const records = await this.load();
    return [...records.values()].sort((left, right) => right.startedAt.localeCompare(left.startedAt));
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    return (await this.load()).get(runId);
  }

  async create(record: RunRecord): Promise<void> {
    await this.store.create(record);
    (await this.load()).set(record.request.runId, record);
    this.changed.fire();
  }

  async update(record: RunRecord): Promise<void> {
    await this.store.update(record);
    (await this.load()).set(record.request.runId, record);
    this.changed.fire();
  }

  async saveModel(runId: string, model: SerializedModel, catalog: DataCatalog): Promise<void> {
    await this.store.saveModel(runId, model, catalog);
    this.models.delete(runId);
  }

  async delete(runId: string): Promise<void> {
    await this.store.delete(runId);
    (await this.load()).delete(runId);
    this.models.delete(runId);
    if (this.selectedRunId === runId) this.selectedRunId = undefined;
    this.changed.fire();
  }

  select(runId: string | undefined): void {
    this.selectedRunId = runId;
    this.changed.fire();
  }

  get selected(): string | undefined {
    return this.selectedRunId;
  }

  /** A run's model and catalogue, loaded once. */
  model(record: RunRecord): Promise<StoredModel | undefined> {
    let model = this.models.get(record.request.runId);
    if (model === undefined) {
      model = this.store.loadModel(record).catch(() => undefined);
      this.models.set(record.request.runId, model);
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

  private load(): Promise<Map<string, RunRecord>> {
    if (this.records !== undefined) return Promise.resolve(this.records);
    this.loading ??= this.store.list().then(({ runs, skipped }) => {
      this.skipped = skipped;
      if (skipped.length > 0) this.skippedListeners.fire(skipped);
      // A run still "running" on disk belongs to a window that closed mid-run.
      const records = new Map(runs.map((record) => [record.request.runId, interrupted(record)]));
      this.records = records;
      return records;
    });
    return this.loading;
  }
}

function interrupted(record: RunRecord): RunRecord {
  if (record.status !== 'running') return record;
  return { ...record, status: 'failed', error: { message: 'The window closed while this run was going.' } };
}

/** Compares folders through symlinks (a workspace may link to the data). */
export function folderKey(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return resolve(folder);
  }
}
