import * as vscode from 'vscode';
import { CancelRunCommand, TrainingProgressNotification, TrainingStateNotification } from '../../shared/protocol/trainingPanelProtocol';
import { createMessage, isMessage } from '../../shared/protocol/messages';
import type { ProgressParams } from '../../shared/run';
import type { TrainingPanelState } from '../../shared/trainingPanelState';
import { SingletonPanel } from './singletonPanel';
import { runLabel } from '../../shared/labels';
import { applyProgress, isTrainingPanelState, markInterrupted, mergeCurves, shownRunIds } from '../../shared/trainingPanelState';
import { trainingSkeletonHtml } from './trainingSkeleton';
import { ProgressBatch } from '../../shared/progressThrottle';

/**
 * Live progress goes to the page in batches at most this often: the page draws once a second
 * anyway (webview/training/main.ts), and in code-server each message is a websocket frame the
 * workbench decodes and forwards, up to twenty a second with two folds training.
 */
const PAGE_PROGRESS_INTERVAL_MS = 1000;

/** View type of the Training panel (also the `onWebviewPanel:` activation event). */
export const TRAINING_PANEL_VIEW_TYPE = 'recommenderLab.training';

/**
 * The Training panel: live train/test RMSE curves, progress, Cancel, and the final RMSE table.
 * One panel, reused for every run; restored after a window reload from the state it last drew.
 *
 * Create once in `activate()` and push to `context.subscriptions` (its constructor registers the
 * panel serializer, so activate on `onWebviewPanel:recommenderLab.training` too).
 */
export class TrainingPanelManager implements vscode.Disposable {
  private readonly panel: SingletonPanel<TrainingPanelState>;
  private readonly cancelEmitter = new vscode.EventEmitter<string>();
  private readonly pageProgress = new ProgressBatch<ProgressParams>(
    (events) => this.panel.post(createMessage(TrainingProgressNotification, { events })),
    PAGE_PROGRESS_INTERVAL_MS,
  );
  /** Fires with the run id when the user presses Cancel in the panel. */
  readonly onDidRequestCancel: vscode.Event<string> = this.cancelEmitter.event;
  /**
   * Fires when VS Code restored the panel after a reload. A run shown as running is marked
   * failed ("interrupted"); call `update` with the stored run to show its real outcome.
   */
  readonly onDidRestore: vscode.Event<TrainingPanelState>;

  constructor(extensionUri: vscode.Uri) {
    this.panel = new SingletonPanel<TrainingPanelState>(extensionUri, {
      viewType: TRAINING_PANEL_VIEW_TYPE,
      script: 'training',
      title: (state) => `Training: ${runLabel(state.request)}`,
      isState: isTrainingPanelState,
      stateMessage: (state) => createMessage(TrainingStateNotification, state),
      restore: markInterrupted,
      dataFolder: (state) => state.request.dataFolder,
      skeleton: trainingSkeletonHtml,
      onMessage: (message) => {
        if (isMessage(CancelRunCommand, message)) this.cancelEmitter.fire(message.params.runId);
      },
    });
    this.onDidRestore = this.panel.onDidRestore;
  }

  /** The state the panel shows (or last showed), if any. */
  get current(): TrainingPanelState | undefined {
    return this.panel.current;
  }

  /** Run id the panel shows (or last showed), if any. */
  get runId(): string | undefined {
    return this.panel.current?.request.runId;
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  /** Milliseconds the visible panel's page has been loading, or undefined when loaded, hidden or closed. */
  get loadingMs(): number | undefined {
    return this.panel.loadingMs;
  }

  /** Opens or reveals the panel and draws this run (replacing whatever run it showed). */
  show(state: TrainingPanelState, options: { preserveFocus?: boolean } = {}): void {
    this.pageProgress.discard();
    this.panel.show(mergeCurves(this.panel.current, state), options.preserveFocus ?? false);
  }

  /** Resolves once the page has loaded (or is hidden, or closed), or after `capMs`. */
  pageLoaded(capMs: number): Promise<void> {
    return this.panel.pageLoaded(capMs);
  }

  /**
   * Redraws with a newer state of the run the panel shows (status, folds, result, error). Curves
   * may be left short or empty: the points already received through `progress` are kept. A state
   * of another run is ignored: the user may be looking at an older run; use `show` to switch.
   */
  update(state: TrainingPanelState): void {
    if (this.runId !== state.request.runId) return;
    // The whole state goes to the page, and it holds every point the next batch would have sent.
    this.pageProgress.discard();
    this.panel.update(mergeCurves(this.panel.current, state));
  }

  /** The panel shows one of these runs (deleted elsewhere): it says so and keeps what it drew. */
  markDeleted(runIds: readonly string[]): void {
    const state = this.panel.current;
    if (state === undefined || state.deleted === true || !shownRunIds(state).some((runId) => runIds.includes(runId))) return;
    this.panel.update({ ...state, deleted: true });
  }

  /** Forwards one iteration live (batched); also folded into the kept state so a re-shown panel has it. */
  progress(params: ProgressParams): void {
    const state = this.panel.current;
    if (!state || state.request.runId !== params.runId) return;
    this.panel.update(applyProgress(state, params), false);
    this.pageProgress.offer(params);
  }

  dispose(): void {
    this.panel.dispose();
    this.cancelEmitter.dispose();
  }
}
