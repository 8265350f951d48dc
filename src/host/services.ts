import * as path from 'node:path';
import * as vscode from 'vscode';
import { TrainingController } from './training/trainingController';
import { CatalogService } from './data/catalogService';
import { DataFolderState } from './data/dataFolders';
import { TrainingPanelManager } from './panels/trainingPanel';
import { SpotCheckPanelManager } from './panels/spotCheckPanel';
import { RunLibrary } from './runs/runLibrary';
import { RunStore } from './runs/runStore';
import { RunsTreeProvider } from './views/runsView';
import { UsersTreeProvider } from './views/usersView';
import type { UserNode } from './views/usersView';
import type { RunRecord } from './runs/runRecord';
import { QueryClient } from './training/queryClient';
import { RunClient } from './training/runClient';

/** The extension's long-lived objects, built once in activate(). Nothing here reads data. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Runs training (one run holds its worker's thread). */
  readonly runClient: RunClient;
  /** Answers catalogue and spot-check requests on its own worker, so they never wait for a run. */
  readonly queryClient: QueryClient;
  readonly library: RunLibrary;
  readonly catalogs: CatalogService;
  readonly dataFolders: DataFolderState;
  readonly trainingPanel: TrainingPanelManager;
  readonly spotCheckPanel: SpotCheckPanelManager;
  readonly controller: TrainingController;
  readonly users: UsersTreeProvider;
  readonly runs: RunsTreeProvider;
  readonly usersView: vscode.TreeView<UserNode>;
  readonly runsView: vscode.TreeView<RunRecord>;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  const runClient = new RunClient({ workerPath });
  const queryClient = new QueryClient({ workerPath });
  const storage = context.storageUri ?? context.globalStorageUri;
  const library = new RunLibrary(new RunStore(storage.fsPath));
  const catalogs = new CatalogService(queryClient);
  const dataFolders = new DataFolderState(context.workspaceState);
  const trainingPanel = new TrainingPanelManager(context.extensionUri);
  const spotCheckPanel = new SpotCheckPanelManager(context.extensionUri);
  const controller = new TrainingController(runClient, library, catalogs, trainingPanel);
  const users = new UsersTreeProvider(catalogs, dataFolders);
  const runs = new RunsTreeProvider(library);
  const usersView = vscode.window.createTreeView('recommenderLab.users', { treeDataProvider: users });
  const runsView = vscode.window.createTreeView('recommenderLab.runs', { treeDataProvider: runs, canSelectMany: true });
  context.subscriptions.push(
    { dispose: () => void runClient.dispose() },
    { dispose: () => void queryClient.dispose() },
    dataFolders,
    trainingPanel,
    spotCheckPanel,
    controller,
    users,
    runs,
    usersView,
    runsView,
  );
  return {
    context,
    runClient,
    queryClient,
    library,
    catalogs,
    dataFolders,
    trainingPanel,
    spotCheckPanel,
    controller,
    users,
    runs,
    usersView,
    runsView,
  };
}
