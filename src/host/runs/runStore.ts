import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataCatalog } from '../../shared/catalog';
import type { SerializedModel } from '../../shared/run';
import { decodeModel, encodeModel } from './modelFile';
import { RUN_FORMAT_VERSION } from './runRecord';
import type { RunRecord, StoredModel } from './runRecord';

const RECORD_FILE = 'run.json';
const MODEL_FILE = 'model.bin';
const CATALOG_FILE = 'catalog.json';

/** A run folder that could not be read as a run of this version; kept on disk untouched. */
export interface SkippedRun {
  readonly folder: string;
  readonly reason: string;
}

/**
 * Runs on disk: `<root>/runs/<runId>/{run.json, model.bin, catalog.json}`. Every write goes to a
 * temporary name first and is renamed into place, so a crash leaves the previous version or
 * nothing, never half a file; a run only ever writes its own folder, so a failed or cancelled run
 * cannot touch earlier runs. Folders of another format version are skipped, never deleted.
 */
export class RunStore {
  private readonly runsFolder: string;

  constructor(readonly root: string) {
    this.runsFolder = join(root, 'runs');
  }

  /** Records a new run (status running) as a whole folder renamed into place. */
  async create(record: RunRecord): Promise<void> {
    const runId = safeRunId(record.request.runId);
    await mkdir(this.runsFolder, { recursive: true });
    const staging = join(this.runsFolder, `.staging-${runId}-${randomUUID()}`);
    await mkdir(staging);
    try {
      await writeFile(join(staging, RECORD_FILE), JSON.stringify(record));
      await rename(staging, join(this.runsFolder, runId));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** Replaces a run's record. */
  async update(record: RunRecord): Promise<void> {
    await writeAtomic(join(this.folderOf(record.request.runId), RECORD_FILE), JSON.stringify(record));
  }

  /** Stores a run's model and the catalogue that maps its rows to ids (before the record says hasModel). */
  async saveModel(runId: string, model: SerializedModel, catalog: DataCatalog): Promise<void> {
    const folder = this.folderOf(runId);
    await writeAtomic(join(folder, MODEL_FILE), encodeModel(model));
    await writeAtomic(join(folder, CATALOG_FILE), JSON.stringify(catalog));
  }

  /** All readable runs, newest first, and the folders that were skipped with the reason. */
  async list(): Promise<{ runs: RunRecord[]; skipped: SkippedRun[] }> {
    let names: string[];
    try {
      names = await readdir(this.runsFolder);
    } catch {
      return { runs: [], skipped: [] };
    }
    const runs: RunRecord[] = [];
    const skipped: SkippedRun[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const folder = join(this.runsFolder, name);
      try {
        const value: unknown = JSON.parse(await readFile(join(folder, RECORD_FILE), 'utf8'));
        const version = (value as { formatVersion?: unknown }).formatVersion;
        if (version !== RUN_FORMAT_VERSION) {
          skipped.push({ folder, reason: `format version ${String(version)} is not ${RUN_FORMAT_VERSION}` });
          continue;
        }
        runs.push(value as RunRecord);
      } catch (error) {
        skipped.push({ folder, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    runs.sort((left, right) => right.startedAt.localeCompare(left.startedAt));
    return { runs, skipped };
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    try {
      const value = JSON.parse(await readFile(join(this.folderOf(runId), RECORD_FILE), 'utf8')) as RunRecord;
      return value.formatVersion === RUN_FORMAT_VERSION ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** A completed run's model and catalogue; undefined when the run has none. */
  async loadModel(record: RunRecord): Promise<StoredModel | undefined> {
    if (!record.hasModel) return undefined;
    const folder = this.folderOf(record.request.runId);
    const model = decodeModel(await readFile(join(folder, MODEL_FILE)));
    const catalog = JSON.parse(await readFile(join(folder, CATALOG_FILE), 'utf8')) as DataCatalog;
    return { record, model, catalog };
  }

  /** Removes a run: renamed out of the listing first, so a half-deleted run never shows. */
  async delete(runId: string): Promise<void> {
    const folder = this.folderOf(runId);
    const trash = join(this.runsFolder, `.deleted-${safeRunId(runId)}-${randomUUID()}`);
    await rename(folder, trash);
    await rm(trash, { recursive: true, force: true });
  }

  private folderOf(runId: string): string {
    return join(this.runsFolder, safeRunId(runId));
  }
}

/** Run ids become folder names: refuse anything that could leave the runs folder. */
function safeRunId(runId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(runId)) throw new Error(`Invalid run id "${runId}".`);
  return runId;
}

async function writeAtomic(file: string, content: string | Buffer): Promise<void> {
  const temporary = `${file}.tmp-${randomUUID()}`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
