import * as vscode from 'vscode';
import type { FoldDoneParams, ProgressParams, RunRequest } from '../../shared/run';
import type { TrainingPanelState } from '../../shared/trainingPanelState';
import type { TrainingPanelManager } from '../panels/trainingPanel';
import { applyFoldHistory, applyProgress, withoutHistory } from '../../shared/trainingPanelState';
import type { CatalogService } from '../data/catalogService';
import { roleName, runLabel, runModels } from '../../shared/labels';
import { resultHeadline } from '../../shared/runReport';
import { newRunRecord, panelStateOf } from '../runs/runRecord';
import type { RunRecord, RunTimings } from '../runs/runRecord';
import type { RunLibrary } from '../runs/runLibrary';
import type { FoldPool } from '../../threads/foldPool';
import type { RunHandle } from '../../threads/runHandle';
import { showRunError } from '../ui/dataErrors';
import type { DataDiagnostics } from '../ui/dataDiagnostics';
import type { RunLog } from '../ui/runLog';
import { DisposableStore } from '../lifecycle';
import { ProgressThrottle } from '../../shared/progressThrottle';

/** The completion notification's button. */
export const OPEN_RESULTS_ACTION = 'Open Results';

/** How long notification updates wait for the Training panel's page to load. */
const PANEL_LOAD_GRACE_MS = 20_000;
/**
 * How long a run's workers wait for a new Training panel's page to say it has loaded (no wait when
 * the page is loaded already). Workers started with the panel (compiling their code, reading the
 * data) slowed the page on the 2-core machine: a fresh window's skeleton after the command took
 * 1084–1319 ms in 6 windows, and 673–994 ms in 6 windows with this wait, interleaved in
 * code-server (the page never said ready within it: the wait was 250 ms each time). A longer wait
 * (up to 1000 ms) hardly helped a window still starting up: its skeleton 681 against 722 ms after
 * the command (medians of 20 windows each, interleaved), as the workbench's own start-up sets that.
 */
const PAGE_HEAD_START_MS = 250;
/**
 * The least time between two updates of the status bar item, and of the notification. Each update
 * is a repaint of the workbench, in software where there is no GPU (code-server here): the default
 * Train FM took 33.4–35.7 s to its final table with updates every 250 ms and a spinning icon,
 * 29.5–31.7 s with either one changed, 27.8–28.5 s with both (2 runs each, interleaved).
 */
const UI_INTERVAL_MS = 1000;

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
    private readonly log: RunLog,
    private readonly diagnostics: DataDiagnostics,
  ) {
    this.statusItem = this.disposables.add(vscode.window.createStatusBarItem('recommenderLab.run', vscode.StatusBarAlignment.Left, 10));
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
  async run(
    request: RunRequest,
    options: { showPanel?: boolean; invokedAt?: number; threads?: number } = {},
  ): Promise<RunRecord | undefined> {
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
    let panelState = panelStateOf(record);
    // The panel first, from what the host knows (model, protocol, data folder): it shows before the
    // run is stored and long before the worker has read the data.
    const showPanel = options.showPanel ?? true;
    if (showPanel) this.panel.show(panelState, { preserveFocus: true });
    this.showStatus(request, 'Training: loading data');
    this.log.started(request);
    if (options.threads !== undefined) this.pool.threads = options.threads;
    // Started (and made current) before the first await: a second command finds it going.
    // A new panel's page gets a head start on the cores (see PAGE_HEAD_START_MS).
    const pageFirst = showPanel ? this.panel.pageLoaded(PAGE_HEAD_START_MS) : undefined;
    const handle = this.pool.startRun(request, { notBefore: pageFirst });
    const current: CurrentRun = { handle, record, panelState };
    this.current = current;

    const folds: FoldDoneParams[] = [];
    const latestProgress = new Map<string, ProgressParams>();
    handle.onDidLoadData((loaded) => {
      timings.dataLoadedSeconds = seconds();
      this.log.dataLoaded(request, loaded, this.pool.threads);
      // The stored model needs the folder's catalogue: built from the run's parse when its worker
      // read the folder (CatalogService.learnFromRuns), else described by the query worker, asked
      // now so that it is ready when the folds end (asked then, a window's first run waited 0.23 s
      // on ml-100k for that worker to start and read the folder).
      void this.catalogs.get(request.dataFolder).catch(() => undefined);
    });
    // The workbench redraws the status bar, the notification and the panel's page on each change:
    // all three at most once a second (where two workers post up to twenty iterations), and in the
    // same moment, so that one frame draws them. The notification's part is set once it shows.
    let reportToNotification: ((params: ProgressParams) => void) | undefined;
    const liveUpdates = new ProgressThrottle<ProgressParams>((params) => {
      this.showStatus(request, progressText(request, params));
      // The status bar item sends its change from a timeout of its own (the API coalesces a burst
      // of property changes): the other two follow it, so that the three leave together.
      setTimeout(() => {
        this.panel.flushProgress();
        reportToNotification?.(params);
      }, 0);
    }, UI_INTERVAL_MS);
    handle.onProgress((params) => {
      timings.firstProgressSeconds ??= seconds();
      latestProgress.set(`${params.role}/${params.foldName}`, params);
      panelState = applyProgress(panelState, params);
      current.panelState = panelState;
      this.panel.progress(params);
      liveUpdates.offer(params);
    });
    handle.onDidFinishFold((params) => {
      this.log.foldDone(params, latestProgress.get(`${params.role}/${params.fold.name}`));
      // The fold's full history fills its curve's gaps; the stored fold does not repeat it.
      folds.push(withoutHistory(params));
      panelState = { ...applyFoldHistory(panelState, params), folds: [...folds] };
      current.panelState = panelState;
      this.panel.update(panelState);
    });
    try {
      await this.library.create(record);
    } catch (error) {
      // Not stored, so not run: the Runs view would never learn how it ended. Said in the panel
      // shown already, the log and a message, and returned (not kept anywhere).
      handle.cancel();
      this.current = undefined;
      this.statusItem.hide();
      const message = `The run could not be stored, so it did not start: ${error instanceof Error ? error.message : String(error)}`;
      const failed: RunRecord = { ...record, status: 'failed', finishedAt: new Date().toISOString(), error: { message } };
      this.panel.update(panelStateOf(failed));
      this.announce(failed, seconds());
      return failed;
    }

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${runLabel(request)}`, cancellable: true },
      async (progress, token) => {
        const cancellation = token.onCancellationRequested(() => handle.cancel());
        const models = runModels(request).length;
        let reported = 0;
        reportToNotification = (params) => {
          // In code-server, notification updates several times a second held back the webview's
          // service-worker update check, so the panel's page loaded only in a pause (end of a fold).
          // The status bar stays live; the notification waits for the page (at most a few seconds).
          const loading = this.panel.loadingMs;
          if (loading !== undefined && loading < PANEL_LOAD_GRACE_MS) return;
          // The bar moves by whole folds: each move is a CSS transition of its width, which the
          // workbench lays out and paints frame by frame (about seven frames a second in code-server
          // when it moved every second); the message says the iteration.
          const done = folds.length / (params.foldCount * models);
          const increment = Math.max(0, done * 100 - reported);
          reported += increment;
          // The title names the run; the message only says where it is.
          progress.report({ message: progressText(request, params), increment });
        };
        try {
          return await handle.outcome;
        } finally {
          reportToNotification = undefined;
          cancellation.dispose();
        }
      },
    );

    timings.totalSeconds = seconds();
    const finishedAt = new Date().toISOString();
    const base = { ...record, folds, curves: panelState.curves, finishedAt, timings };
    // A result shows before it is stored: writing the model file and the record took 0.06-0.2 s
    // after the default Train FM in code-server, time the final table waited for. Should storing
    // fail, the panel says so next.
    const completed =
      outcome.status === 'completed'
        ? {
            record: { ...base, status: 'completed', result: outcome.completed.result, hasModel: true } satisfies RunRecord,
            model: outcome.completed.model,
          }
        : undefined;
    if (completed !== undefined) this.panel.update(panelStateOf(completed.record));
    try {
      if (completed !== undefined) {
        const catalog = await this.catalogs.get(request.dataFolder);
        await this.library.saveModel(request.runId, completed.model, catalog.catalog);
        record = completed.record;
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
    if (record !== completed?.record) this.panel.update(panelStateOf(record));
    this.announce(record, timings.totalSeconds);
    return record;
  }

  /** The Output channel's last lines of the run, its Problems entry, and the notification. */
  private announce(record: RunRecord, seconds: number): void {
    const { request } = record;
    if (record.status === 'completed' && record.result !== undefined) {
      this.log.ended(request, { status: 'completed', result: record.result, seconds });
      this.diagnostics.clearFolder(request.dataFolder);
      this.notify(record, `${runLabel(request)}: ${resultHeadline(record.result)}`);
    } else if (record.status === 'failed' && record.error !== undefined) {
      this.log.ended(request, { status: 'failed', error: record.error, seconds });
      this.diagnostics.report(record.error);
      void showRunError('Training failed', record.error);
    } else if (record.status === 'cancelled') {
      this.log.ended(request, { status: 'cancelled', seconds, folds: record.folds.length });
      const finished = record.folds.length;
      this.notify(
        record,
        `${runLabel(request)}: cancelled after ${seconds.toFixed(1)} s; ${finished} fold${finished === 1 ? '' : 's'} had finished.`,
      );
    }
  }

  /** A notification with the outcome and a button that shows the run in the Training panel. */
  private notify(record: RunRecord, message: string): void {
    void vscode.window.showInformationMessage(message, OPEN_RESULTS_ACTION).then(async (choice) => {
      if (choice !== OPEN_RESULTS_ACTION) return;
      // The stored record: the run may have been opened, compared or deleted since.
      const stored = await this.library.get(record.request.runId);
      if (stored === undefined) void vscode.window.showWarningMessage('That run was deleted.');
      else this.panel.show(panelStateOf(stored));
    });
  }

  dispose(): void {
    this.cancel();
    this.disposables.dispose();
  }

  /**
   * Short text (the status bar cuts long items off); the run's full label is in the tooltip. The
   * icon stands still: a spinning one repaints the status bar every frame (see UI_INTERVAL_MS), and
   * the iteration count moving says the run is going.
   */
  private showStatus(request: RunRequest, text: string): void {
    this.statusItem.text = `$(pulse) ${text}`;
    this.statusItem.tooltip = `Recommender Lab: ${runLabel(request)}. Click to show the Training panel; "Cancel Training" stops it.`;
    this.statusItem.show();
  }
}

/** "FM fold 2/10 · 45/200 · test RMSE 0.9123": the model's short name, never its long label. */
function progressText(request: RunRequest, params: ProgressParams): string {
  const progress = params.progress;
  const test = progress.testRmse === undefined ? '' : ` · test RMSE ${progress.testRmse.toFixed(4)}`;
  return `${roleName(request, params.role)} fold ${params.foldIndex + 1}/${params.foldCount} · iteration ${progress.iteration}/${progress.iterations}${test}`;
}
