import * as path from 'node:path';
import * as vscode from 'vscode';
import { TrainingController } from './training/trainingController';
import { CatalogService } from './data/catalogService';
import { LoadProgressReporter } from './data/loadProgress';
import { DataFolderState } from './data/dataFolders';
import { TrainingPanelManager } from './panels/trainingPanel';
import { SpotCheckPanelManager } from './panels/spotCheckPanel';
import { ExperimentsPanelManager } from './panels/experimentsPanel';
import { CATCH_UP_MS, RunLibrary } from './runs/runLibrary';
import { RunStoreWatcher, runStoreAt, runsHome } from './runs/runWatcher';
import { disposeLog, getLog } from './ui/log';
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
import { shareParsedData } from '../threads/dataSharing';
import { WorkerWarmUp } from './training/warmUpWorkers';

/** The extension's long-lived objects, built once in activate(). Nothing here reads data. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Trains runs' folds side by side on worker threads (as many as the threads setting says). */
  readonly pool: FoldPool;
  /** Answers catalogue and spot-check requests on its own worker, so they never wait for a run. */
  readonly queryClient: QueryClient;
  readonly library: RunLibrary;
  /** Follows the run store on disk (other windows, hand edits). */
  readonly runWatcher: RunStoreWatcher;
  readonly catalogs: CatalogService;
  readonly dataFolders: DataFolderState;
  readonly trainingPanel: TrainingPanelManager;
  readonly spotCheckPanel: SpotCheckPanelManager;
  readonly experimentsPanel: ExperimentsPanelManager;
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
  /** Warms the pool's workers once the workspace shows data, before the first run. */
  readonly warmUp: WorkerWarmUp;
}

export function createServices(context: vscode.ExtensionContext): Services {
  // Everything built here is disposed with the extension, in reverse order of creation.
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  // Below the editor's priority: a run takes the cores nobody else wants (see threadPriority.ts).
  const pool = new FoldPool({ workerPath, threads: runOptions({}).threads, background: true });
  store.add(toDisposable(() => void pool.dispose()));
  const queryClient = new QueryClient({ workerPath });
  store.add(toDisposable(() => void queryClient.dispose()));
  store.add(shareParsedData(pool, queryClient));
  store.add(toDisposable(disposeLog));
  const home = runsHome(context);
  const library = new RunLibrary(runStoreAt(home));
  store.add(toDisposable(() => library.dispose()));
  const runWatcher = store.add(new RunStoreWatcher(library));
  runWatcher.watch(home).catch((error: unknown) => getLog().error(`Cannot watch the runs in ${home.root}: ${String(error)}`));
  const catalogs = new CatalogService(queryClient);
  store.add(catalogs.learnFromRuns(pool));
  const dataFolders = store.add(new DataFolderState(context.workspaceState));
  const log = new RunLog();
  const diagnostics = store.add(
    new DataDiagnostics((folder) => {
      catalogs.invalidate(folder);
      return catalogs.get(folder);
    }),
  );
  const dataContext = store.add(new DataContextKey(dataFolders));
  const warmUp = store.add(new WorkerWarmUp(pool, dataContext));
  const trainingPanel = store.add(new TrainingPanelManager(context.extensionUri));
  const spotCheckPanel = store.add(new SpotCheckPanelManager(context.extensionUri));
  const experimentsPanel = store.add(new ExperimentsPanelManager(context.extensionUri));
  const controller = store.add(new TrainingController(pool, library, catalogs, trainingPanel, log, diagnostics));
  const loadProgress = store.add(new LoadProgressReporter(queryClient));
  const users = store.add(new UsersTreeProvider(catalogs, dataFolders, diagnostics, loadProgress));
  const runs = store.add(new RunsTreeProvider(library));
  const usersView = store.add(vscode.window.createTreeView('recommenderLab.users', { treeDataProvider: users }));
  const runsView = store.add(vscode.window.createTreeView('recommenderLab.runs', { treeDataProvider: runs, canSelectMany: true }));
  // Under the file watcher, a check now and then while runs are on screen (see checkEvery).
  runWatcher.checkEvery(CATCH_UP_MS, () => runsView.visible || experimentsPanel.isOpen);
  return {
    context,
    pool,
    queryClient,
    library,
    runWatcher,
    catalogs,
    dataFolders,
    trainingPanel,
    spotCheckPanel,
    experimentsPanel,
    controller,
    users,
    runs,
    usersView,
    runsView,
    log,
    diagnostics,
    dataContext,
    warmUp,
  };
}
