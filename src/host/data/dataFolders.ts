import { existsSync, readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredDataFolder } from '../settings';

/** File names that mark a MovieLens folder (100K, 1M, the CSV releases). */
export const RATINGS_FILE_GLOB = '**/{u.data,ratings.dat,ratings.csv}';

export const DOWNLOAD_ACTION = 'Download MovieLens 100K';
export const SELECT_ACTION = 'Select Folder';

const RATINGS_FILES = ['u.data', 'ratings.dat', 'ratings.csv'];

/** MovieLens folders among the workspace folders and their children (a few directory reads). */
export function shallowDataFolders(): string[] {
  const found = new Set<string>();
  const holdsRatings = (folder: string): boolean => RATINGS_FILES.some((name) => existsSync(path.join(folder, name)));
  for (const root of vscode.workspace.workspaceFolders ?? []) {
    if (root.uri.scheme !== 'file') continue;
    const rootPath = root.uri.fsPath;
    if (holdsRatings(rootPath)) found.add(rootPath);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(rootPath, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.join(rootPath, entry.name);
      if (holdsRatings(child)) found.add(child);
    }
  }
  return [...found].sort();
}

/** Folders of the workspace that hold a MovieLens ratings file, at any depth. */
export async function findDataFolders(): Promise<string[]> {
  const files = await vscode.workspace.findFiles(RATINGS_FILE_GLOB, '**/node_modules/**');
  const folders = new Set(files.map((file) => path.dirname(file.fsPath)));
  return [...folders].sort();
}

/**
 * Keeps the data folder the user works with: the one last chosen, so the Users view, hovers and the
 * next run agree. Remembered in workspace state across reloads.
 */
export class DataFolderState implements vscode.Disposable {
  private static readonly KEY = 'recommenderLab.currentDataFolder';
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  /** The last workspace search (see `find`); dropped when a ratings file appears or goes. */
  private found: Promise<string[]> | undefined;
  /** Whether `found` has settled (then a command waits for nothing). */
  private searchDone = false;
  /** The folder chosen in this window (ahead of the workspace state, which is written after). */
  private chosen: string | undefined;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly memento: vscode.Memento) {
    this.watcher = vscode.workspace.createFileSystemWatcher(RATINGS_FILE_GLOB, false, true, false);
    this.watcher.onDidCreate(() => (this.found = undefined));
    this.watcher.onDidDelete(() => (this.found = undefined));
  }

  /**
   * The workspace's MovieLens folders. The search (a second or so in a window that just opened) is
   * made once, at activation, and kept while no ratings file appears or goes, so a command shows
   * its panel at once instead of after a search.
   */
  find(): Promise<string[]> {
    if (this.found === undefined) {
      const search = findDataFolders();
      this.found = search;
      this.searchDone = false;
      void search.then(
        () => {
          if (this.found === search) this.searchDone = true;
        },
        () => undefined,
      );
      // A failed search is not kept.
      search.catch(() => {
        if (this.found === search) this.found = undefined;
      });
    }
    return this.found;
  }

  /**
   * The workspace's MovieLens folders as a command or view offers them. The kept search can be
   * stale: a folder gone is searched again, and the top two levels (a few directory reads) are
   * read again each time, because on Linux the file watcher misses the files of a folder made in
   * one go, as unzip makes it (parcel-bundler/watcher issue 243). Nothing found is searched again.
   */
  async available(): Promise<string[]> {
    let folders: string[];
    const kept = this.searchDone;
    if (kept) {
      folders = [...new Set([...(await this.find()), ...shallowDataFolders()])].sort();
    } else {
      // The first search takes a second or more in a window that just opened, and a command must
      // show its panel within one: meanwhile the top two levels decide when they hold exactly one.
      const searched = this.find();
      const shallow = shallowDataFolders();
      folders = shallow.length === 1 ? shallow : await searched;
    }
    if ((kept && folders.length === 0) || !folders.every((folder) => existsSync(folder))) {
      this.found = undefined;
      folders = await this.find();
    }
    return folders;
  }

  /** The chosen folder, or the setting's. */
  get current(): string | undefined {
    return configuredDataFolder() ?? this.chosen ?? this.memento.get<string>(DataFolderState.KEY);
  }

  /**
   * Makes `folder` the current one at once; remembering it for the next window is written in the
   * background (a workspace-state write is a round trip to the window, hundreds of ms at startup,
   * and a command must not wait for it before showing its panel).
   */
  async set(folder: string): Promise<void> {
    if (folder === this.current) return;
    this.chosen = folder;
    this.changed.fire(folder);
    await this.memento.update(DataFolderState.KEY, folder);
  }

  /** Announces a change made elsewhere (the setting). */
  refresh(): void {
    this.changed.fire(this.current);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }

  /**
   * The folder a command should use: the explicit one, else the setting, else the workspace's
   * (a quick pick when there are several). With none, offers to download or select one and returns
   * undefined (the command then stops).
   */
  async resolve(explicit: string | undefined): Promise<string | undefined> {
    if (explicit !== undefined) {
      void this.set(explicit);
      return explicit;
    }
    const configured = configuredDataFolder();
    if (configured !== undefined) return configured;
    const folders = await this.available();
    if (folders.length === 1) {
      void this.set(folders[0]);
      return folders[0];
    }
    if (folders.length > 1) {
      const remembered = this.memento.get<string>(DataFolderState.KEY);
      const items = folders.map((folder) => ({
        label: path.basename(folder),
        description: vscode.workspace.asRelativePath(folder),
        detail: folder === remembered ? 'last used' : undefined,
        folder,
      }));
      items.sort((left, right) => Number(right.folder === remembered) - Number(left.folder === remembered));
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Which MovieLens folder?' });
      if (picked === undefined) return undefined;
      await this.set(picked.folder);
      return picked.folder;
    }
    const choice = await vscode.window.showInformationMessage(
      'No MovieLens data found in this workspace (u.data, ratings.dat or ratings.csv).',
      DOWNLOAD_ACTION,
      SELECT_ACTION,
    );
    if (choice === undefined) return undefined;
    const command = choice === DOWNLOAD_ACTION ? 'recommenderLab.downloadMovieLens' : 'recommenderLab.selectDataFolder';
    // Both commands return the folder they set up, so the command that asked can go on with it.
    return vscode.commands.executeCommand<string | undefined>(command);
  }
}
