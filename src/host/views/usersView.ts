import * as vscode from 'vscode';
import { DisposableStore } from '../lifecycle';
import type { CatalogUser } from '../../shared/catalog';
import type { UserOrder, UserPage, UserQuery } from '../../shared/userQuery';
import { UserPageRequest } from './userPageRequest';
import type { CatalogService } from '../data/catalogService';
import type { DataFolderState } from '../data/dataFolders';
import type { LoadProgressReporter } from '../data/loadProgress';
import type { LoadProgressParams } from '../../shared/protocol/workerProtocol';
import { loadProgressText } from '../data/loadProgress';
import { userLabel } from './userFilter';
import type { DataDiagnostics } from '../ui/dataDiagnostics';
import { RequestError } from '../../threads/queryClient';
import { folderKey } from '../runs/runLibrary';
import * as path from 'node:path';

/**
 * Users asked of the worker at first, and how many more each "Show more" adds: a page the tree
 * draws at once (ml-100k's 943 fit in one), never ml-25m's 162 000.
 */
export const USERS_PAGE = 1000;

/** The least time between two reading messages of the view (see setReadingMessage). */
export const MESSAGE_SPACING_MS = 250;

export type UserNode =
  | { readonly kind: 'user'; readonly folder: string; readonly user: CatalogUser }
  | { readonly kind: 'more'; readonly folder: string; readonly shown: number; readonly matching: number }
  | { readonly kind: 'message'; readonly text: string; readonly detail?: string; readonly error?: boolean };

/**
 * The Users view: a page of the current data folder's users, filtered and ordered by the worker
 * that holds the data (by id, or the most active first), "Show more" for the next page; a click
 * opens the spot check. Nothing is asked of the worker before the view first shows.
 */
export class UsersTreeProvider implements vscode.TreeDataProvider<UserNode>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<UserNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly messageChanged = this.disposables.add(new vscode.EventEmitter<string | undefined>());
  /** The view's message (the parse's progress, then how many users match and are shown). */
  readonly onDidChangeMessage = this.messageChanged.event;
  private readonly usersProvided = this.disposables.add(
    new vscode.EventEmitter<{ readonly folder: string; readonly users: number; readonly preview: boolean }>(),
  );
  /** getChildren is handing users to the tree: a preview while the file is read, or a page (what tests time). */
  readonly onDidProvideUsers = this.usersProvided.event;
  private filterText = '';
  private userOrder: UserOrder = 'id';
  private shown = USERS_PAGE;
  /** The folder whose page is being asked for (its parse's progress goes to the message). */
  private pending: string | undefined;
  /** The page last asked for. */
  private request: UserPageRequest | undefined;
  private messageSetAt = Number.NEGATIVE_INFINITY;
  private deferredMessage: ReturnType<typeof setTimeout> | undefined;
  private messageText: string | undefined;
  /** The user last picked in the view (hovers in film files predict for them). */
  selected: { readonly folder: string; readonly userId: number } | undefined;

  constructor(
    private readonly catalogs: CatalogService,
    private readonly dataFolders: DataFolderState,
    private readonly diagnostics: DataDiagnostics,
    private readonly loadProgress: LoadProgressReporter,
  ) {
    this.disposables.add(dataFolders.onDidChange(() => this.refresh()));
    this.disposables.add(
      loadProgress.onDidChange((progress) => {
        const pending = this.pending;
        if (pending !== undefined && folderKey(pending) === folderKey(progress.dataFolder))
          this.setReadingMessage(this.readingMessage(progress));
      }),
    );
  }

  get filter(): string {
    return this.filterText;
  }

  get order(): UserOrder {
    return this.userOrder;
  }

  get message(): string | undefined {
    return this.messageText;
  }

  /** The view's description: the filter and the order when not the default. */
  get description(): string | undefined {
    const parts: string[] = [];
    if (this.filterText !== '') parts.push(`filter: ${this.filterText}`);
    if (this.userOrder === 'activity') parts.push('most active first');
    return parts.length === 0 ? undefined : parts.join(' · ');
  }

  setFilter(filter: string): void {
    this.filterText = filter.trim();
    this.shown = USERS_PAGE;
    this.refresh();
  }

  setOrder(order: UserOrder): void {
    this.userOrder = order;
    this.shown = USERS_PAGE;
    this.refresh();
  }

  /** One more page of users. */
  showMore(): void {
    this.shown += USERS_PAGE;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: UserNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.tooltip = node.detail;
      item.iconPath =
        node.error === true ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('info');
      return item;
    }
    if (node.kind === 'more') {
      const next = Math.min(USERS_PAGE, node.matching - node.shown);
      const item = new vscode.TreeItem(`Show ${count(next)} more (${count(node.shown)} of ${count(node.matching)} shown)`);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'recommenderLab.showMoreUsers', title: 'Show More Users' };
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

  /** The page of the current folder's users that pass the filter, in the view's order (also what tests count). */
  async getChildren(parent?: UserNode): Promise<UserNode[]> {
    if (parent !== undefined) return [];
    const folder = this.dataFolders.current ?? (await this.discover());
    // No folder: the view's welcome content offers to pick or download one. It is keyed on a
    // context value set only now, so it does not flash while the first answer is pending.
    void vscode.commands.executeCommand('setContext', 'recommenderLab.noDataFolder', folder === undefined);
    if (folder === undefined) {
      this.setMessage(undefined);
      return [];
    }
    const query: UserQuery = { filter: this.filterText, order: this.userOrder, offset: 0, limit: this.shown };
    const key = JSON.stringify([folderKey(folder), query]);
    // A look while the same page is on its way (or its reply is due after a preview) waits for that one.
    let request = this.request;
    if (request === undefined || !request.serves(key)) request = this.ask(folder, key, query);
    await request.firstNews;
    const { outcome, preview } = request;
    if (outcome === undefined && preview !== undefined) {
      request.previewShown = true;
      const progress = this.loadProgress.current(folder);
      if (progress !== undefined) this.setReadingMessage(this.readingMessage(progress));
      const nodes: UserNode[] = preview.map((user) => ({ kind: 'user', folder, user }));
      nodes.push({ kind: 'message', text: `More users, filters and orders once ${this.readingFile(folder)} is read` });
      this.usersProvided.fire({ folder, users: preview.length, preview: true });
      return nodes;
    }
    if (request.previewShown) request.consumed = true;
    if (outcome === undefined) return [];
    if ('error' in outcome) {
      const { error } = outcome;
      const message = error instanceof Error ? error.message : String(error);
      // The reason in the item itself (a tooltip is easy to miss); the line also goes to Problems.
      if (error instanceof RequestError) this.diagnostics.report(error.info);
      this.setMessage(undefined);
      return [
        { kind: 'message', text: `Cannot read ${path.basename(folder)}: ${message}`, detail: `${folder}\n\n${message}`, error: true },
      ];
    }
    const { page } = outcome;
    this.setMessage(pageMessage(page, this.userOrder));
    const nodes: UserNode[] = page.users.map((user) => ({ kind: 'user', folder, user }));
    if (page.problem !== undefined) nodes.unshift({ kind: 'message', text: `Filter not applied: ${page.problem}`, error: true });
    if (page.matching > page.users.length) nodes.push({ kind: 'more', folder, shown: page.users.length, matching: page.matching });
    if (page.matching === 0) nodes.push({ kind: 'message', text: `No user matches "${this.filterText}"` });
    this.usersProvided.fire({ folder, users: page.users.length, preview: false });
    return nodes;
  }

  /** Asks the worker for a page; while it reads the folder, its progress (and a preview) go to the message. */
  private ask(folder: string, key: string, query: UserQuery): UserPageRequest {
    const request = new UserPageRequest(folder, key, this.catalogs, query);
    this.request = request;
    this.pending = folder;
    void request.settled.then(() => {
      if (this.request !== request) return;
      if (this.pending === folder) this.pending = undefined;
      // The view shows the preview: its reply replaces it.
      if (request.previewShown) this.refresh();
    });
    return request;
  }

  /** "Reading ratings.csv… 37 %", and " · first 1,000 users shown" while a preview is shown. */
  private readingMessage(progress: LoadProgressParams): string {
    const request = this.request;
    const shown = request?.previewShown === true && request.outcome === undefined ? request.preview : undefined;
    const reading = loadProgressText(progress);
    return shown === undefined ? reading : `${reading} · first ${count(shown.length)} users shown`;
  }

  private readingFile(folder: string): string {
    const progress = this.loadProgress.current(folder);
    return progress === undefined ? 'the ratings file' : path.basename(progress.file);
  }

  /**
   * A reading's message, at most one per MESSAGE_SPACING_MS: the extension host sends a view's
   * message only once it has not changed for 200 ms, so a percent changing faster (a 25M parse)
   * would show none of its steps until the end.
   */
  private setReadingMessage(text: string): void {
    clearTimeout(this.deferredMessage);
    const wait = this.messageSetAt + MESSAGE_SPACING_MS - performance.now();
    if (wait <= 0) this.setMessage(text);
    else this.deferredMessage = setTimeout(() => this.setMessage(text), wait);
  }

  private setMessage(text: string | undefined): void {
    clearTimeout(this.deferredMessage);
    this.deferredMessage = undefined;
    if (text === this.messageText) return;
    this.messageText = text;
    this.messageChanged.fire(text);
    // Counted from after the listeners: one that ran late (a busy host, a GC) must not shorten
    // how long the tree view shows this message.
    this.messageSetAt = performance.now();
  }

  /** The workspace's only MovieLens folder becomes the current one; several need a choice. */
  private async discover(): Promise<string | undefined> {
    const folders = await this.dataFolders.available();
    if (folders.length !== 1) return undefined;
    await this.dataFolders.set(folders[0]);
    return folders[0];
  }

  dispose(): void {
    clearTimeout(this.deferredMessage);
    this.disposables.dispose();
  }
}

/** "162,338 users · 1,000 shown, most active first"; nothing for a page that shows every user. */
function pageMessage(page: UserPage, order: UserOrder): string | undefined {
  if (page.matching === page.users.length && page.matching === page.userCount) return undefined;
  const of =
    page.matching === page.userCount ? `${count(page.userCount)} users` : `${count(page.matching)} of ${count(page.userCount)} users match`;
  return `${of} · ${count(page.users.length)} shown${order === 'activity' ? ', most active first' : ''}`;
}

/** 162338 → "162,338". */
function count(value: number): string {
  return value.toLocaleString('en-US');
}
