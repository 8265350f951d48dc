import * as vscode from 'vscode';
import type { Services } from '../services';
import * as path from 'node:path';
import { layoutOf } from '../hover/dataLine';
import { panelStateOf } from '../runs/runRecord';
import { shownRunIds } from '../../shared/trainingPanelState';
import { runStoreAt, runsHome } from '../runs/runWatcher';
import { getLog } from '../ui/log';

const SIDE_FILES = new Set(['u.user', 'users.dat', 'u.genre', 'u.occupation']);

function isMovieLensFile(name: string): boolean {
  return layoutOf(name) !== undefined || SIDE_FILES.has(name.toLowerCase());
}

/** Keeps selections, settings and restored panels in step with the runs and data. */
export function registerViewEvents(services: Services): vscode.Disposable[] {
  const { users, usersView, runsView, library, runWatcher, dataFolders, catalogs, trainingPanel, spotCheckPanel, context } = services;
  let moving: Promise<void> = Promise.resolve();
  const showSkipped = (): void => {
    const count = library.skipped.length;
    runsView.message =
      count === 0
        ? undefined
        : `${count} stored run${count === 1 ? '' : 's'} could not be read (left on disk): see Output › Recommender Lab.`;
  };
  return [
    library.onDidChange(async () => {
      // A run deleted (here, or from disk by another window) while a panel shows it: the panel says so.
      const training = trainingPanel.current;
      if (training !== undefined && training.status !== 'running') {
        const gone = await missingRuns(services, shownRunIds(training));
        if (gone.length > 0) trainingPanel.markDeleted(gone);
      }
      const spotCheck = spotCheckPanel.current;
      if (spotCheck !== undefined && (await missingRuns(services, [spotCheck.runId])).length > 0)
        spotCheckPanel.markDeleted(spotCheck.runId);
    }),
    users.onDidChangeMessage((text) => (usersView.message = text)),
    usersView.onDidChangeSelection((event) => {
      const node = event.selection[0];
      if (node?.kind === 'user') users.selected = { folder: node.folder, userId: node.user.id };
    }),
    runsView.onDidChangeSelection((event) => {
      // One selected run is the one hovers and spot checks use; several are a comparison in the making.
      if (event.selection.length === 1) library.select(event.selection[0].request.runId);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('recommenderLab.dataFolder')) dataFolders.refresh();
      if (event.affectsConfiguration('recommenderLab.runsLocation')) {
        // One switch after another, each reading the setting when its turn comes: a settings file
        // saved in two steps must not leave the watcher on one place and the views on the other.
        moving = moving
          .then(async () => {
            const home = runsHome(context);
            await library.useStore(runStoreAt(home));
            await runWatcher.watch(home);
          })
          .catch((error: unknown) => getLog().error(`Cannot move to the runs location now set: ${String(error)}`));
      }
    }),
    vscode.window.onDidChangeWindowState((state) => {
      // Back in this window: catch up with what other windows did meanwhile, whatever a watcher missed.
      if (state.focused) void library.catchUp().catch(() => undefined);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      // An edited data file changes the catalogue; the worker re-reads only the files that changed.
      if (!isMovieLensFile(path.basename(document.fileName))) return;
      catalogs.invalidate(path.dirname(document.fileName));
      users.refresh();
    }),
    trainingPanel.onDidRestore(async (state) => {
      // A panel restored after a reload shows the stored outcome of its run.
      const record = await library.get(state.request.runId);
      if (record !== undefined) trainingPanel.update(panelStateOf(record));
    }),
    library.onDidSkip((skipped) => {
      // Once per folder (until it changes): a watcher refresh does not repeat it.
      for (const entry of skipped) getLog().warn(`Skipped the stored run ${entry.folder}, left on disk as it is: ${entry.reason}`);
      showSkipped();
    }),
    library.onDidChange(showSkipped),
  ];
}

/** Which of these runs the library no longer has. */
async function missingRuns(services: Services, runIds: readonly string[]): Promise<string[]> {
  const found = await Promise.all(runIds.map(async (runId) => ((await services.library.get(runId)) === undefined ? runId : undefined)));
  return found.filter((runId): runId is string => runId !== undefined);
}
