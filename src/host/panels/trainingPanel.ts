import * as vscode from 'vscode';
import { CancelRunCommand, TrainingProgressNotification, TrainingStateNotification } from '../../shared/protocol/trainingPanelProtocol';
import { createMessage, isMessage } from '../../shared/protocol/messages';
import type { ProgressParams } from '../../shared/run';
import type { TrainingPanelState } from '../../shared/trainingPanelState';
import { SingletonPanel } from './singletonPanel';
import { runLabel } from '../../shared/labels';
import {
  applyProgress,
  isTrainingPanelState,
  markInterrupted,
  mergeCurves,
  shownRunIds,
  withoutSentCurves,
} from '../../shared/trainingPanelState';
import { trainingSkeletonHtml } from './trainingSkeleton';

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
  /**
   * Live progress held for the page until `flushProgress`: the caller sends it in the moment it
   * updates the status bar and the notification, so the workbench redraws all three in one frame
   * (in code-server each message is also a websocket frame the workbench decodes and forwards, up
   * to twenty a second with two folds training).
   */
  private heldProgress: ProgressParams[] = [];
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
      delta: withoutSentCurves,
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
    this.heldProgress = [];
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
    this.heldProgress = [];
    this.panel.update(mergeCurves(this.panel.current, state));
  }

  /** The panel shows one of these runs (deleted elsewhere): it says so and keeps what it drew. */
  markDeleted(runIds: readonly string[]): void {
    const state = this.panel.current;
    if (state === undefined || state.deleted === true || !shownRunIds(state).some((runId) => runIds.includes(runId))) return;
    this.panel.update({ ...state, deleted: true });
  }

  /** Holds one iteration for the page (see flushProgress); also folded into the kept state so a re-shown panel has it. */
  progress(params: ProgressParams): void {
    const state = this.panel.current;
    if (!state || state.request.runId !== params.runId) return;
    this.panel.update(applyProgress(state, params), false);
    this.heldProgress.push(params);
  }

  /** Sends the iterations held since the last flush (or state) to the page, in one message. */
  flushProgress(): void {
    if (this.heldProgress.length === 0) return;
    const events = this.heldProgress;
    this.heldProgress = [];
    this.panel.post(createMessage(TrainingProgressNotification, { events }));
  }

  dispose(): void {
    this.panel.dispose();
    this.cancelEmitter.dispose();
  }
}
