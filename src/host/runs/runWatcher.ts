import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredRunsLocation } from '../settings';
import { WORKSPACE_RUNS_FOLDER } from '../settingsSchema';
import type { RunLibrary } from './runLibrary';
import { RECORD_FILE, RunStore } from './runStore';
import { getLog } from '../ui/log';
import { watchedFolderMaker } from './watchedFolders';

/** Where runs are kept now, and the file pattern that covers them. */
export interface RunsHome {
  readonly root: string;
  readonly pattern: vscode.RelativePattern;
  /** How its runs folder is made when missing (in the workspace: so the workspace's watcher follows it). */
  readonly makeRunsFolder?: (folder: string) => Promise<void>;
}

/** The store of runs at a home. */
export function runStoreAt(home: RunsHome): RunStore {
  return new RunStore(home.root, home.makeRunsFolder);
}

/** The runs location the settings ask for: the workspace's `.recommender-lab`, or VS Code's storage. */
export function runsHome(context: vscode.ExtensionContext): RunsHome {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (configuredRunsLocation() === 'workspace' && folder !== undefined) {
    // Relative to the workspace folder, so the workspace's own recursive watcher serves it.
    return {
      root: path.join(folder.uri.fsPath, WORKSPACE_RUNS_FOLDER),
      pattern: new vscode.RelativePattern(folder, `${WORKSPACE_RUNS_FOLDER}/runs/**`),
      makeRunsFolder: watchedFolderMaker(folder.uri),
    };
  }
  const storage = context.storageUri ?? context.globalStorageUri;
  return { root: storage.fsPath, pattern: new vscode.RelativePattern(storage, 'runs/**') };
}

/** Events of a burst (a run folder renamed into place, a deletion) become one refresh. */
const SETTLE_MS = 150;

/**
 * Keeps the run library in step with the disk: another window's new, finished or deleted runs, a
 * run folder edited or copied in by hand. Only run folders and their run.json count; lock
 * heartbeats, models and temporary files do not (the library times out stale locks itself).
 */
export class RunStoreWatcher implements vscode.Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private generation = 0;
  private home: RunsHome | undefined;
  private checkTimer: ReturnType<typeof setInterval> | undefined;
  private readonly pending = new Set<string>();
  private everything = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly library: RunLibrary) {}

  /**
   * Watches this location (replacing the previous one). The runs folder is made first, so the
   * watcher starts on a folder that exists.
   */
  async watch(home: RunsHome): Promise<void> {
    // The latest call wins: the location set at activation and a settings change right after it
    // may both be on their way, and an older one must not finish last.
    const generation = ++this.generation;
    await runStoreAt(home).prepare();
    if (generation !== this.generation) return;
    const watcher = vscode.workspace.createFileSystemWatcher(home.pattern);
    watcher.onDidCreate((uri) => this.onEvent(uri));
    watcher.onDidChange((uri) => this.onEvent(uri));
    watcher.onDidDelete((uri) => this.onEvent(uri));
    this.watcher?.dispose();
    this.watcher = watcher;
    this.home = home;
  }

  /**
   * A safety net under the watchers: every `intervalMs`, while `wanted()` (a view shows runs), the
   * library catches up with folders that came or went. When it finds some the watcher did not
   * report, it says so in the log and starts it again: in code-server on a loaded machine, about
   * one session in four got no file event at all from the start (cause not found; the same code
   * saw every event in the others).
   */
  checkEvery(intervalMs: number, wanted: () => boolean): void {
    if (this.checkTimer !== undefined) clearInterval(this.checkTimer);
    this.checkTimer = setInterval(() => void this.check(wanted), intervalMs);
  }

  private async check(wanted: () => boolean): Promise<void> {
    if (!wanted() || this.timer !== undefined) return; // an event is already on its way
    const missed = await this.library.catchUp().catch(() => 0);
    if (missed === 0 || this.home === undefined) return;
    getLog().info(
      `The file watcher missed ${missed} run folder(s) that came or went in ${this.library.store.runsFolder}; watching it again.`,
    );
    await this.watch(this.home).catch((error: unknown) => getLog().error(`Cannot watch the runs again: ${String(error)}`));
  }

  dispose(): void {
    this.watcher?.dispose();
    if (this.checkTimer !== undefined) clearInterval(this.checkTimer);
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private onEvent(uri: vscode.Uri): void {
    getLog().trace(`Run store event: ${uri.fsPath}`);
    const relative = path.relative(this.library.store.runsFolder, uri.fsPath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return;
    const [name, ...rest] = relative === '' ? [] : relative.split(path.sep);
    if (name === undefined) {
      this.everything = true; // the runs folder itself came or went
    } else if (name.startsWith('.')) {
      return; // staging, trash, .gitignore
    } else if (rest.length === 0 || (rest.length === 1 && rest[0] === RECORD_FILE)) {
      this.pending.add(name);
    } else {
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SETTLE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const names = this.everything ? undefined : [...this.pending];
    this.everything = false;
    this.pending.clear();
    void this.library.refresh(names).catch(() => undefined);
  }
}
