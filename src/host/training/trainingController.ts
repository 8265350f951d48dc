import * as vscode from 'vscode';
import type { FoldDoneParams, ProgressParams, RunRequest } from '../../shared/run';
import type { TrainingPanelState } from '../../shared/trainingPanelState';
import type { TrainingPanelManager } from '../panels/trainingPanel';
import { applyFoldHistory, applyProgress, withoutHistory } from '../../shared/trainingPanelState';
import type { CatalogService } from '../data/catalogService';
import { runLabel } from '../../shared/labels';
import { newRunRecord, panelStateOf } from '../runs/runRecord';
import type { RunRecord, RunTimings } from '../runs/runRecord';
import type { RunLibrary } from '../runs/runLibrary';
import type { FoldPool } from '../../threads/foldPool';
import type { RunHandle } from '../../threads/runHandle';
import { showRunError } from '../ui/dataErrors';
import { DisposableStore } from '../lifecycle';

/** How long notification updates wait for the Training panel's page to load. */
const PANEL_LOAD_GRACE_MS = 20_000;

/** The run going now, if any: one at a time, since a run already uses a core to its full. */
interface CurrentRun {
  readonly handle: RunHandle;
  readonly record: RunRecord;
  panelState: TrainingPanelState;
}

/**
 * Runs training requests end to end: records the run, starts it in the worker, shows progress
 * (notification with Cancel, status bar item, Training panel), stores the outcome and its model.
 */
export class TrainingController implements vscode.Disposable {
  private current: CurrentRun | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly pool: FoldPool,
    private readonly library: RunLibrary,
    private readonly catalogs: CatalogService,
    private readonly panel: TrainingPanelManager,
  ) {
    this.statusItem = this.disposables.add(
      vscode.window.createStatusBarItem('recommenderLab.run', vscode.StatusBarAlignment.Left, 10),
    );
    this.statusItem.name = 'Recommender Lab run';
    this.statusItem.command = 'recommenderLab.showTrainingPanel';
    this.disposables.add(panel.onDidRequestCancel((runId) => this.cancel(runId)));
  }

  get running(): RunRecord | undefined {
    return this.current?.record;
  }

  /** What the Training panel draws for the run going now. */
  get runningState(): TrainingPanelState | undefined {
    return this.current?.panelState;
  }

  /** Asks the run (the current one, or the one with this id) to stop. */
  cancel(runId?: string): boolean {
    const current = this.current;
    if (current === undefined || (runId !== undefined && runId !== current.handle.runId)) return false;
    current.handle.cancel();
    return true;
  }

  /**
   * Runs a request to its end and returns the stored record (completed, failed or cancelled).
   * @param options.invokedAt `performance.now()` when the user asked for the run: timings count
   * from there, so they include finding the data folder.
   * @param options.threads worker threads for the run's folds (0: one per core).
   */
  async run(request: RunRequest, options: { showPanel?: boolean; invokedAt?: number; threads?: number } = {}): Promise<RunRecord | undefined> {
    if (this.current !== undefined) {
      void vscode.window.showWarningMessage(
        `A run is going (${runLabel(this.current.record.request)}); cancel it or wait for it to finish.`,
      );
      return undefined;
    }
    const started = options.invokedAt ?? performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const timings: { -readonly [K in keyof RunTimings]: RunTimings[K] } = {};
    let record = newRunRecord(request);
    await this.library.create(record);
    if (options.threads !== undefined) this.pool.threads = options.threads;
    const handle = this.pool.startRun(request);
    let panelState = panelStateOf(record);
    const current: CurrentRun = { handle, record, panelState };
    this.current = current;
    if (options.showPanel ?? true) this.panel.show(panelState, { preserveFocus: true });
    this.showStatus(`${runLabel(request)}: loading data`);

    const folds: FoldDoneParams[] = [];
    handle.onDidLoadData(() => (timings.dataLoadedSeconds = seconds()));
    handle.onProgress((params) => {
      timings.firstProgressSeconds ??= seconds();
      panelState = applyProgress(panelState, params);
      current.panelState = panelState;
      this.panel.progress(params);
      this.showStatus(progressText(params));
    });
    handle.onDidFinishFold((params) => {
      // The fold's full history fills its curve's gaps; the stored fold does not repeat it.
      folds.push(withoutHistory(params));
      panelState = { ...applyFoldHistory(panelState, params), folds: [...folds] };
      current.panelState = panelState;
      this.panel.update(panelState);
    });

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${runLabel(request)}`, cancellable: true },
      async (progress, token) => {
        const cancellation = token.onCancellationRequested(() => handle.cancel());
        const totalFolds = request.kind === 'compare' ? 2 : 1;
        let reported = 0;
        const subscription = handle.onProgress((params) => {
          // In code-server, notification updates several times a second held back the webview's
          // service-worker update check, so the panel's page loaded only in a pause (end of a fold).
          // The status bar stays live; the notification waits for the page (at most a few seconds).
          const loading = this.panel.loadingMs;
          if (loading !== undefined && loading < PANEL_LOAD_GRACE_MS) return;
          const done = (folds.length + params.progress.iteration / params.progress.iterations) / (params.foldCount * totalFolds);
          const increment = Math.max(0, done * 100 - reported);
          reported += increment;
          progress.report({ message: progressText(params), increment });
        });
        try {
          return await handle.outcome;
        } finally {
          subscription.dispose();
          cancellation.dispose();
        }
      },
    );

    timings.totalSeconds = seconds();
    const finishedAt = new Date().toISOString();
    const base = { ...record, folds, curves: panelState.curves, finishedAt, timings };
    try {
      if (outcome.status === 'completed') {
        const catalog = await this.catalogs.get(request.dataFolder);
        await this.library.saveModel(request.runId, outcome.completed.model, catalog.catalog);
        record = { ...base, status: 'completed', result: outcome.completed.result, hasModel: true };
      } else if (outcome.status === 'failed') {
        record = { ...base, status: 'failed', error: outcome.error };
      } else {
        record = { ...base, status: 'cancelled' };
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record = { ...base, status: 'failed', error: { message: `The run finished but could not be stored: ${message}` } };
    } finally {
      this.current = undefined;
      this.statusItem.hide();
    }
    await this.library.update(record);
    this.panel.update(panelStateOf(record));
    if (record.status === 'failed' && record.error !== undefined) void showRunError('Training failed', record.error);
    return record;
  }

  dispose(): void {
    this.cancel();
    this.disposables.dispose();
  }

  private showStatus(text: string): void {
    this.statusItem.text = `$(sync~spin) ${text}`;
    this.statusItem.tooltip = 'Recommender Lab: a run is going. Click to show the Training panel; "Cancel Training" stops it.';
    this.statusItem.show();
  }
}

function progressText(params: ProgressParams): string {
  const progress = params.progress;
  const test = progress.testRmse === undefined ? '' : ` · test RMSE ${progress.testRmse.toFixed(4)}`;
  return `${params.label}: fold ${params.foldIndex + 1}/${params.foldCount} · iteration ${progress.iteration}/${progress.iterations}${test}`;
}
