import * as vscode from 'vscode';
import { RequestError } from '../../threads/queryClient';
import { isNewUser } from '../../shared/whatIfState';
import type { NewUser, WhatIfState } from '../../shared/whatIfState';
import type { Services } from '../services';
import type { StoredModel } from '../runs/runRecord';
import { askNewUser, pickFilms } from '../whatIf/newUserPrompts';
import { showRunError } from '../ui/dataErrors';

export interface NewUserOptions {
  readonly dataFolder?: string;
  /** The run whose model scores the user (default: the selected run, else the latest completed one). */
  readonly runId?: string;
  /** The new user; asked for step by step when absent. */
  readonly user?: NewUser;
  /** How many films to recommend (default 10). */
  readonly count?: number;
}

const DEFAULT_COUNT = 10;

/**
 * New User… (the Users view's title button): a cold-start what-if. Asks for a new user's inputs,
 * opens the Spot Check panel with the top films the run's FM gives them, and scores them again
 * whenever the panel's form changes, so the person sees how the list moves.
 */
export function registerWhatIfCommands(services: Services): vscode.Disposable[] {
  const { dataFolders, library, spotCheckPanel, catalogs } = services;
  // Form changes can come faster than answers: only the latest request's answer is shown.
  let latest = 0;

  const score = async (stored: StoredModel, user: NewUser, count: number): Promise<WhatIfState | undefined> => {
    try {
      return await services.queryClient.computeWhatIf(stored.record.request, stored.model, user, count);
    } catch (error) {
      const info = error instanceof RequestError ? error.info : { message: error instanceof Error ? error.message : String(error) };
      void showRunError('What-if failed', info);
      return undefined;
    }
  };

  /** Scores the shown what-if's run again with new inputs; the list before goes along as `previous`. */
  const rescore = async (user: NewUser): Promise<WhatIfState | undefined> => {
    const shown = spotCheckPanel.current;
    if (shown?.kind !== 'whatIf') return undefined;
    const request = ++latest;
    const record = await library.get(shown.runId);
    const stored = record === undefined ? undefined : await library.model(record);
    if (stored === undefined) {
      void vscode.window.showWarningMessage('The run behind this what-if is gone: open New User… again to use another run.');
      return undefined;
    }
    const state = await score(stored, user, shown.recommendations.length || DEFAULT_COUNT);
    if (state === undefined || request !== latest) return undefined;
    const next: WhatIfState = { ...state, previous: shown.recommendations };
    spotCheckPanel.update(next);
    return next;
  };

  return [
    vscode.commands.registerCommand('recommenderLab.newUser', async (argument?: unknown) => {
      // The view's title button passes the focused user's row: the new user is asked for, not taken from it.
      const options: NewUserOptions = isNewUserOptions(argument) ? argument : {};
      const folder = options.dataFolder ?? dataFolders.current ?? (await dataFolders.resolve(undefined));
      if (folder === undefined) return undefined;
      const record = options.runId === undefined ? undefined : await library.get(options.runId);
      const stored = record === undefined ? await library.modelFor(folder) : await library.model(record);
      if (stored === undefined) {
        const choice = await vscode.window.showInformationMessage(
          'A what-if needs a trained model for this data: train one first.',
          'Train FM',
        );
        if (choice !== undefined) await vscode.commands.executeCommand('recommenderLab.trainFm', { dataFolder: folder });
        return undefined;
      }
      const user = options.user ?? (await askNewUser((await catalogs.get(folder)).catalog));
      if (user === undefined) return undefined;
      latest++;
      const state = await score(stored, user, options.count ?? DEFAULT_COUNT);
      if (state !== undefined) spotCheckPanel.show(state);
      return state;
    }),
    // For tests and other extensions: what the panel's form does.
    vscode.commands.registerCommand('recommenderLab.changeNewUser', (user: unknown) => (isNewUser(user) ? rescore(user) : undefined)),
    spotCheckPanel.onDidRequestWhatIf((user) => void rescore(user)),
    spotCheckPanel.onDidRequestLikedFilm(async () => {
      const shown = spotCheckPanel.current;
      if (shown?.kind !== 'whatIf') return;
      const record = await library.get(shown.runId);
      if (record === undefined) return;
      const liked = await pickFilms(
        (await catalogs.get(record.request.dataFolder)).catalog,
        'Films the new user liked',
        shown.inputs.liked ?? [],
      );
      if (liked === undefined) return;
      const { liked: _before, ...rest } = shown.inputs;
      await rescore(liked.length === 0 ? rest : { ...rest, liked });
    }),
  ];
}

/** Options given by a test or another extension (a tree row passed by the view is not). */
function isNewUserOptions(value: unknown): value is NewUserOptions {
  if (typeof value !== 'object' || value === null || 'kind' in value) return false;
  const { user, dataFolder, runId, count } = value as Record<string, unknown>;
  return (
    (user === undefined || isNewUser(user)) &&
    (dataFolder === undefined || typeof dataFolder === 'string') &&
    (runId === undefined || typeof runId === 'string') &&
    (count === undefined || (typeof count === 'number' && Number.isInteger(count) && count > 0))
  );
}
