import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataCatalog } from '../../shared/catalog';
import type { SerializedModel } from '../../shared/run';
import { decodeModel, encodeModel } from './modelFile';
import type { RunRecord, StoredModel } from './runRecord';
import { parseLock } from './runLock';
import type { RunLock } from './runLock';
import { RUN_ID_PATTERN, validateCatalog, validateRunRecord } from './runValidation';

export const RECORD_FILE = 'run.json';
export const LOCK_FILE = 'run.lock';
const MODEL_FILE = 'model.bin';
const CATALOG_FILE = 'catalog.json';

/** Kept out of git when runs live in the workspace: per-window locks and half-done writes. */
const GITIGNORE = `# Written by Recommender Lab: run folders are meant to be committed; these are not.
*/${LOCK_FILE}
*/*.tmp-*
.staging-*
.deleted-*
`;

/** A run folder that could not be read as a run of this version; kept on disk untouched. */
export interface SkippedRun {
  readonly folder: string;
  readonly reason: string;
}

/** What one run folder holds: a valid run (and its lock, if any), something unreadable, or nothing. */
export type RunEntry =
  | { readonly kind: 'run'; readonly record: RunRecord; readonly lock?: RunLock }
  | { readonly kind: 'skipped'; readonly skipped: SkippedRun }
  | { readonly kind: 'missing' };

/**
 * Runs on disk: `<root>/runs/<runId>/{run.json, run.lock, model.bin, catalog.json}`. Every write
 * goes to a temporary name first and is renamed into place, so a crash leaves the previous version
 * or nothing, never half a file; a run only ever writes its own folder, so a failed or cancelled
 * run cannot touch earlier runs. run.json is pretty-printed (one field a line: readable diffs when
 * runs are kept in a git workspace). Folders that are not valid runs of this format are skipped,
 * never deleted.
 */
export class RunStore {
  readonly runsFolder: string;

  /**
   * @param makeRunsFolder how the runs folder is made when missing (default: mkdir -p); in the
   *   workspace, one level at a time so the workspace's file watcher follows it (see watchedFolders).
   */
  constructor(
    readonly root: string,
    private readonly makeRunsFolder: (folder: string) => Promise<void> = makeFolder,
  ) {
    this.runsFolder = join(root, 'runs');
  }

  /** Records a new run (status running) as a whole folder renamed into place, with its lock if given. */
  async create(record: RunRecord, lock?: RunLock): Promise<void> {
    const runId = safeRunId(record.request.runId);
    await this.prepare();
    const staging = join(this.runsFolder, `.staging-${runId}-${randomUUID()}`);
    await mkdir(staging);
    try {
      await writeFile(join(staging, RECORD_FILE), recordText(record));
      if (lock !== undefined) await writeFile(join(staging, LOCK_FILE), JSON.stringify(lock));
      await rename(staging, join(this.runsFolder, runId));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** Replaces a run's record (the folder is made again if it went: a finished run is never lost). */
  async update(record: RunRecord): Promise<void> {
    const folder = this.folderOf(record.request.runId);
    await mkdir(folder, { recursive: true });
    await writeAtomic(join(folder, RECORD_FILE), recordText(record));
  }

  /** Stores a run's model and the catalogue that maps its rows to ids (before the record says hasModel). */
  async saveModel(runId: string, model: SerializedModel, catalog: DataCatalog): Promise<void> {
    const folder = this.folderOf(runId);
    await mkdir(folder, { recursive: true });
    await writeAtomic(join(folder, MODEL_FILE), encodeModel(model));
    await writeAtomic(join(folder, CATALOG_FILE), JSON.stringify(catalog));
  }

  async writeLock(runId: string, lock: RunLock): Promise<void> {
    await writeAtomic(join(this.folderOf(runId), LOCK_FILE), JSON.stringify(lock));
  }

  async removeLock(runId: string): Promise<void> {
    await rm(join(this.folderOf(runId), LOCK_FILE), { force: true });
  }

  /** The names of the run folders (hidden staging and trash folders left out). */
  async runNames(): Promise<string[]> {
    try {
      return (await readdir(this.runsFolder)).filter((name) => !name.startsWith('.'));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  /** One run folder, validated; a missing folder or run.json is 'missing' (deleted meanwhile). */
  async read(name: string): Promise<RunEntry> {
    const folder = join(this.runsFolder, name);
    let text: string;
    try {
      text = await readFile(join(folder, RECORD_FILE), 'utf8');
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      return { kind: 'skipped', skipped: { folder, reason: reasonOf(error) } };
    }
    let record: RunRecord;
    try {
      record = validateRunRecord(JSON.parse(text), name);
    } catch (error) {
      return { kind: 'skipped', skipped: { folder, reason: reasonOf(error) } };
    }
    const lock = record.status === 'running' ? await this.readLock(name) : undefined;
    return lock === undefined ? { kind: 'run', record } : { kind: 'run', record, lock };
  }

  /** All valid runs, newest first, their locks, and the folders that were skipped with the reason. */
  async list(): Promise<{ runs: RunRecord[]; locks: Map<string, RunLock>; skipped: SkippedRun[] }> {
    const runs: RunRecord[] = [];
    const locks = new Map<string, RunLock>();
    const skipped: SkippedRun[] = [];
    for (const name of await this.runNames()) {
      const entry = await this.read(name);
      if (entry.kind === 'run') {
        runs.push(entry.record);
        if (entry.lock !== undefined) locks.set(name, entry.lock);
      } else if (entry.kind === 'skipped') {
        skipped.push(entry.skipped);
      }
    }
    runs.sort((left, right) => right.startedAt.localeCompare(left.startedAt));
    return { runs, locks, skipped };
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    if (!RUN_ID_PATTERN.test(runId)) return undefined;
    const entry = await this.read(runId);
    return entry.kind === 'run' ? entry.record : undefined;
  }

  /** A completed run's model and catalogue; undefined when the run has none. */
  async loadModel(record: RunRecord): Promise<StoredModel | undefined> {
    if (!record.hasModel) return undefined;
    const folder = this.folderOf(record.request.runId);
    const model = decodeModel(await readFile(join(folder, MODEL_FILE)));
    const catalog = validateCatalog(JSON.parse(await readFile(join(folder, CATALOG_FILE), 'utf8')));
    return { record, model, catalog };
  }

  /**
   * Removes a run: renamed out of the listing first, so a half-deleted run never shows. A run that
   * is already gone (another window deleted it) is not an error: the user wanted it gone.
   */
  async delete(runId: string): Promise<void> {
    const folder = this.folderOf(runId);
    const trash = join(this.runsFolder, `.deleted-${safeRunId(runId)}-${randomUUID()}`);
    try {
      await rename(folder, trash);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
  }

  private async readLock(runId: string): Promise<RunLock | undefined> {
    try {
      return parseLock(JSON.parse(await readFile(join(this.folderOf(runId), LOCK_FILE), 'utf8')));
    } catch {
      // No lock, or one cut short: either way nobody provably holds the run.
      return undefined;
    }
  }

  /** Makes the runs folder, with a .gitignore for what must not be committed (written once, never overwritten). */
  async prepare(): Promise<void> {
    await this.makeRunsFolder(this.runsFolder);
    await writeFile(join(this.runsFolder, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }

  private folderOf(runId: string): string {
    return join(this.runsFolder, safeRunId(runId));
  }
}

async function makeFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
}

/** Pretty, with a final newline: one field a line, so a changed run reads as a small diff. */
function recordText(record: RunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Run ids become folder names: refuse anything that could leave the runs folder. */
function safeRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new Error(`Invalid run id "${runId}".`);
  return runId;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
