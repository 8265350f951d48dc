import * as vscode from 'vscode';
import { DisposableStore } from '../lifecycle';
import type { CatalogUser } from '../../shared/catalog';
import type { CatalogService } from '../data/catalogService';
import type { DataFolderState } from '../data/dataFolders';
import { matchesFilter, userLabel } from './userFilter';
import type { DataDiagnostics } from '../ui/dataDiagnostics';
import { RequestError } from '../../threads/queryClient';
import * as path from 'node:path';

/** More rows than this make the tree sluggish (ml-32m has 200 000 users): filter to see the rest. */
const MAX_ROWS = 5000;

export type UserNode =
  | { readonly kind: 'user'; readonly folder: string; readonly user: CatalogUser }
  | { readonly kind: 'message'; readonly text: string; readonly detail?: string; readonly error?: boolean };

/**
 * The Users view: the users of the current data folder, filterable, a click opens the spot check.
 * The catalogue is asked of the worker when the view first shows, never at activation.
 */
export class UsersTreeProvider implements vscode.TreeDataProvider<UserNode>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<UserNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** The user last picked in the view (hovers in film files predict for them). */
  selected: { readonly folder: string; readonly userId: number } | undefined;

  constructor(
    private readonly catalogs: CatalogService,
    private readonly dataFolders: DataFolderState,
    private readonly diagnostics: DataDiagnostics,
  ) {
    this.disposables.add(dataFolders.onDidChange(() => this.refresh()));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(filter: string): void {
    this.filterText = filter.trim();
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: UserNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.tooltip = node.detail;
      item.iconPath = node.error === true ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('info');
      return item;
    }
    const item = new vscode.TreeItem(userLabel(node.user));
    item.id = `${node.folder}#${node.user.id}`;
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = 'user';
    item.tooltip = `User ${node.user.id}: click to open the spot check (history, recommendations) under the latest run.`;
    item.command = {
      command: 'recommenderLab.openSpotCheck',
      title: 'Open Spot Check',
      arguments: [{ userId: node.user.id, dataFolder: node.folder }],
    };
    return item;
  }

  /** All users of the current folder that pass the filter (also what tests count). */
  async getChildren(parent?: UserNode): Promise<UserNode[]> {
    if (parent !== undefined) return [];
    const folder = this.dataFolders.current ?? (await this.discover());
    // No folder: the view's welcome content offers to pick or download one. It is keyed on a
    // context value set only now, so it does not flash while the first answer is pending.
    void vscode.commands.executeCommand('setContext', 'recommenderLab.noDataFolder', folder === undefined);
    if (folder === undefined) return [];
    try {
      const { catalog } = await this.catalogs.get(folder);
      const users = this.filterText === '' ? catalog.users : catalog.users.filter((user) => matchesFilter(user, this.filterText));
      const nodes: UserNode[] = users.slice(0, MAX_ROWS).map((user) => ({ kind: 'user', folder, user }));
      if (users.length > MAX_ROWS) {
        nodes.push({ kind: 'message', text: `… ${users.length - MAX_ROWS} more users: use Filter Users to narrow the list` });
      }
      if (users.length === 0) nodes.push({ kind: 'message', text: `No user matches "${this.filterText}"` });
      return nodes;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The reason in the item itself (a tooltip is easy to miss); the line also goes to Problems.
      if (error instanceof RequestError) this.diagnostics.report(error.info);
      return [{ kind: 'message', text: `Cannot read ${path.basename(folder)}: ${message}`, detail: `${folder}\n\n${message}`, error: true }];
    }
  }

  /** The workspace's only MovieLens folder becomes the current one; several need a choice. */
  private async discover(): Promise<string | undefined> {
    const folders = await this.dataFolders.find();
    if (folders.length !== 1) return undefined;
    await this.dataFolders.set(folders[0]);
    return folders[0];
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
