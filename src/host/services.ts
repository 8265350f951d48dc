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
import { DisposableStore, toDisposable } from './lifecycle';
import { runOptions } from './settings';
import type { UserNode } from './views/usersView';
import type { RunRecord } from './runs/runRecord';
import { QueryClient } from '../threads/queryClient';
import { RunLog } from './ui/runLog';
import { DataDiagnostics } from './ui/dataDiagnostics';
import { DataContextKey } from './data/dataContext';
import { FoldPool } from '../threads/foldPool';

/** The extension's long-lived objects, built once in activate(). Nothing here reads data. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Runs training (one run holds its worker's thread). */
  /** Trains runs' folds side by side on worker threads (as many as the threads setting says). */
  readonly pool: FoldPool;
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
  /** The "Recommender Lab" Output channel. */
  readonly log: RunLog;
  /** Bad data in the Problems panel. */
  readonly diagnostics: DataDiagnostics;
  /** Whether the workspace has MovieLens data (the walkthrough's first step). */
  readonly dataContext: DataContextKey;
}

export function createServices(context: vscode.ExtensionContext): Services {
  // Everything built here is disposed with the extension, in reverse order of creation.
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  const pool = new FoldPool({ workerPath, threads: runOptions({}).threads });
  store.add(toDisposable(() => void pool.dispose()));
  const queryClient = new QueryClient({ workerPath });
  store.add(toDisposable(() => void queryClient.dispose()));
  const storage = context.storageUri ?? context.globalStorageUri;
  const library = new RunLibrary(new RunStore(storage.fsPath));
  const catalogs = new CatalogService(queryClient);
  const dataFolders = store.add(new DataFolderState(context.workspaceState));
  const log = store.add(new RunLog());
  const diagnostics = store.add(
    new DataDiagnostics((folder) => {
      catalogs.invalidate(folder);
      return catalogs.get(folder);
    }),
  );
  const dataContext = store.add(new DataContextKey(dataFolders));
  const trainingPanel = store.add(new TrainingPanelManager(context.extensionUri));
  const spotCheckPanel = store.add(new SpotCheckPanelManager(context.extensionUri));
  const controller = store.add(new TrainingController(pool, library, catalogs, trainingPanel, log, diagnostics));
  const users = store.add(new UsersTreeProvider(catalogs, dataFolders, diagnostics));
  const runs = store.add(new RunsTreeProvider(library));
  const usersView = store.add(vscode.window.createTreeView('recommenderLab.users', { treeDataProvider: users }));
  const runsView = store.add(
    vscode.window.createTreeView('recommenderLab.runs', { treeDataProvider: runs, canSelectMany: true }),
  );
  return {
    context,
    pool,
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
    log,
    diagnostics,
    dataContext,
  };
}
