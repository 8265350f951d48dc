import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredDataFolder } from '../settings';

/** File names that mark a MovieLens folder (100K, 1M, the CSV releases). */
export const RATINGS_FILE_GLOB = '**/{u.data,ratings.dat,ratings.csv}';

export const DOWNLOAD_ACTION = 'Download MovieLens 100K';
export const SELECT_ACTION = 'Select Folder';

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
      // A failed search is not kept.
      search.catch(() => {
        if (this.found === search) this.found = undefined;
      });
    }
    return this.found;
  }

  /** The chosen folder, or the setting's. */
  get current(): string | undefined {
    return configuredDataFolder() ?? this.memento.get<string>(DataFolderState.KEY);
  }

  async set(folder: string): Promise<void> {
    if (folder === this.current) return;
    await this.memento.update(DataFolderState.KEY, folder);
    this.changed.fire(folder);
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
      await this.set(explicit);
      return explicit;
    }
    const configured = configuredDataFolder();
    if (configured !== undefined) return configured;
    let folders = await this.find();
    // Kept searches can be stale (a watcher may miss a change): search again unless it still holds.
    if (!folders.every((folder) => existsSync(folder))) {
      this.found = undefined;
      folders = await this.find();
    }
    if (folders.length === 1) {
      await this.set(folders[0]);
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
