import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SpotCheckState } from '../../shared/spotCheckPanelState';
import { RequestError } from '../../threads/queryClient';
import type { Services } from '../services';
import type { UserNode } from '../views/usersView';
import { parseUserFilter, USER_FILTER_HELP } from '../../shared/userQuery';
import type { UserOrder } from '../../shared/userQuery';
import { openFileAtLine, showRunError } from '../ui/dataErrors';

export interface SpotCheckOptions {
  readonly userId?: number;
  readonly dataFolder?: string;
  /** The run whose model is used (default: the selected run, else the latest completed one). */
  readonly runId?: string;
  readonly unseenCount?: number;
}

/** Open Spot Check (a user's history and recommendations), and the Users view's filter, order and paging. */
export function registerUserCommands(services: Services): vscode.Disposable[] {
  const { users, usersView, dataFolders, library, queryClient, spotCheckPanel } = services;
  return [
    vscode.commands.registerCommand('recommenderLab.openSpotCheck', async (value?: SpotCheckOptions | UserNode | number) => {
      const options = toOptions(value);
      const folder = options.dataFolder ?? dataFolders.current ?? (await dataFolders.resolve(undefined));
      if (folder === undefined) return undefined;
      const userId = options.userId ?? (await askUserId());
      if (userId === undefined) return undefined;
      users.selected = { folder, userId };
      const record = options.runId === undefined ? undefined : await library.get(options.runId);
      const stored = record === undefined ? await library.modelFor(folder) : await library.model(record);
      if (stored === undefined) {
        const choice = await vscode.window.showInformationMessage(
          'A spot check needs a trained model for this data: train one first.',
          'Train FM',
        );
        if (choice !== undefined) await vscode.commands.executeCommand('recommenderLab.trainFm', { dataFolder: folder });
        return undefined;
      }
      try {
        const state: SpotCheckState = await queryClient.computeSpotCheck(
          stored.record.request,
          stored.model,
          userId,
          options.unseenCount ?? 10,
        );
        spotCheckPanel.show(state);
        return state;
      } catch (error) {
        const info = error instanceof RequestError ? error.info : { message: error instanceof Error ? error.message : String(error) };
        void showRunError('Spot check failed', info);
        return undefined;
      }
    }),
    // The view's title button passes the focused row: only a string is a filter.
    vscode.commands.registerCommand('recommenderLab.filterUsers', async (filter?: unknown) => {
      const text =
        (typeof filter === 'string' ? filter : undefined) ??
        (await vscode.window.showInputBox({
          title: 'Filter Users',
          prompt: `${USER_FILTER_HELP} Empty clears the filter.`,
          value: users.filter,
          placeHolder: 'e.g. "F programmer", "age:25-34 ratings:>=100" or "25"',
          validateInput: (value) => {
            const parsed = parseUserFilter(value);
            return 'problem' in parsed ? parsed.problem : undefined;
          },
        }));
      if (text === undefined) return users.filter;
      users.setFilter(text);
      usersView.description = users.description;
      return users.filter;
    }),
    vscode.commands.registerCommand('recommenderLab.sortUsers', async (order?: UserOrder) => {
      const chosen =
        order ??
        (
          await vscode.window.showQuickPick(
            [
              { label: 'By id', order: 'id' as const, picked: users.order === 'id' },
              {
                label: 'Most active first',
                description: 'the top users by number of ratings',
                order: 'activity' as const,
                picked: users.order === 'activity',
              },
            ],
            { title: 'Sort Users' },
          )
        )?.order;
      if (chosen === undefined) return users.order;
      users.setOrder(chosen);
      usersView.description = users.description;
      return users.order;
    }),
    vscode.commands.registerCommand('recommenderLab.showMoreUsers', () => users.showMore()),
    spotCheckPanel.onDidRequestOpenFilm(async (itemId) => {
      const state = spotCheckPanel.current;
      const record = state === undefined ? undefined : await library.get(state.runId);
      const folder = record?.request.dataFolder ?? dataFolders.current;
      if (folder === undefined) return;
      const { catalog } = await services.catalogs.get(folder);
      const line = findIdLine(catalog.itemsFile, itemId);
      await openFileAtLine(catalog.itemsFile, line);
    }),
  ];
}

function toOptions(value: SpotCheckOptions | UserNode | number | undefined): SpotCheckOptions {
  if (typeof value === 'number') return { userId: value };
  if (value === undefined) return {};
  if ('kind' in value) return value.kind === 'user' ? { userId: value.user.id, dataFolder: value.folder } : {};
  return value;
}

async function askUserId(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Spot Check',
    prompt: 'User id',
    validateInput: (value) => (/^\d+$/.test(value.trim()) ? undefined : 'A user id is a whole number.'),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** The 1-based line of a film in its file (the id is the first field in every format). */
function findIdLine(file: string, itemId: number): number | undefined {
  const lines = readFileSync(file, 'latin1').split('\n');
  // The id is an integer (the panel's message is validated); compared as text, never as a pattern.
  const prefixes = ['|', '::', ','].map((separator) => `${itemId}${separator}`);
  const index = lines.findIndex((line) => prefixes.some((prefix) => line.startsWith(prefix)));
  return index < 0 ? undefined : index + 1;
}
