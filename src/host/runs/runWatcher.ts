import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredRunsLocation } from '../settings';
import { WORKSPACE_RUNS_FOLDER } from '../settingsSchema';
import type { RunLibrary } from './runLibrary';
import { RECORD_FILE } from './runStore';

/** Where runs are kept now, and the file pattern that covers them. */
export interface RunsHome {
  readonly root: string;
  readonly pattern: vscode.RelativePattern;
  /**
   * VS Code's storage, outside the workspace: the runs folder is made before it is watched (a
   * watcher on a folder that does not exist yet polls for it and misses what happens meanwhile).
   */
  readonly private: boolean;
}

/** The runs location the settings ask for: the workspace's `.recommender-lab`, or VS Code's storage. */
export function runsHome(context: vscode.ExtensionContext): RunsHome {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (configuredRunsLocation() === 'workspace' && folder !== undefined) {
    // Relative to the workspace folder, so the workspace's own recursive watcher serves it.
    return {
      root: path.join(folder.uri.fsPath, WORKSPACE_RUNS_FOLDER),
      pattern: new vscode.RelativePattern(folder, `${WORKSPACE_RUNS_FOLDER}/runs/**`),
      private: false,
    };
  }
  const storage = context.storageUri ?? context.globalStorageUri;
  return { root: storage.fsPath, pattern: new vscode.RelativePattern(storage, 'runs/**'), private: true };
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
  private readonly pending = new Set<string>();
  private everything = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly library: RunLibrary) {}

  /** Watches this location (replacing the previous one). */
  async watch(home: RunsHome): Promise<void> {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (home.private) await mkdir(path.join(home.root, 'runs'), { recursive: true });
    const watcher = vscode.workspace.createFileSystemWatcher(home.pattern);
    watcher.onDidCreate((uri) => this.onEvent(uri));
    watcher.onDidChange((uri) => this.onEvent(uri));
    watcher.onDidDelete((uri) => this.onEvent(uri));
    this.watcher = watcher;
  }

  dispose(): void {
    this.watcher?.dispose();
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private onEvent(uri: vscode.Uri): void {
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
