import * as vscode from 'vscode';
import { createMessage, isMessage } from '../../shared/protocol/messages';
import { OpenFilmCommand, SpotCheckStateNotification } from '../../shared/protocol/spotCheckPanelProtocol';
import type { SpotCheckState } from '../../shared/spotCheckPanelState';
import { SingletonPanel } from './singletonPanel';
import { isSpotCheckState } from '../../shared/spotCheckPanelState';

/** View type of the Spot Check panel (also the `onWebviewPanel:` activation event). */
export const SPOT_CHECK_PANEL_VIEW_TYPE = 'recommenderLab.spotCheck';

/**
 * The Spot Check panel: one user's history, recommended test films (actual vs predicted) and top
 * unseen films. One panel, reused for every user; restored after a reload from its last state.
 *
 * Create once in `activate()` and push to `context.subscriptions` (its constructor registers the
 * panel serializer, so activate on `onWebviewPanel:recommenderLab.spotCheck` too).
 */
export class SpotCheckPanelManager implements vscode.Disposable {
  private readonly panel: SingletonPanel<SpotCheckState>;
  private readonly openFilmEmitter = new vscode.EventEmitter<number>();
  /** Fires with a film id when the user clicks a film's bar. */
  readonly onDidRequestOpenFilm: vscode.Event<number> = this.openFilmEmitter.event;

  constructor(extensionUri: vscode.Uri) {
    this.panel = new SingletonPanel<SpotCheckState>(extensionUri, {
      viewType: SPOT_CHECK_PANEL_VIEW_TYPE,
      script: 'spotCheck',
      title: (state) => `Spot check: user ${state.user.id}`,
      isState: isSpotCheckState,
      stateMessage: (state) => createMessage(SpotCheckStateNotification, state),
      onMessage: (message) => {
        if (isMessage(OpenFilmCommand, message)) this.openFilmEmitter.fire(message.params.itemId);
      },
    });
  }

  /** The state the panel shows (or last showed), if any. */
  get current(): SpotCheckState | undefined {
    return this.panel.current;
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  /** Opens or reveals the panel with this user's spot check. */
  show(state: SpotCheckState, options: { preserveFocus?: boolean } = {}): void {
    this.panel.show(state, options.preserveFocus ?? false);
  }

  /** The run whose model the panel shows was deleted: the panel says so and keeps what it drew. */
  markDeleted(runId: string): void {
    const state = this.panel.current;
    if (state === undefined || state.runId !== runId || state.deleted === true) return;
    this.panel.update({ ...state, deleted: true });
  }

  dispose(): void {
    this.panel.dispose();
    this.openFilmEmitter.dispose();
  }
}
