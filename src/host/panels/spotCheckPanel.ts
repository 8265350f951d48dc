import * as vscode from 'vscode';
import { createMessage, isMessage } from '../../shared/protocol/messages';
import {
  OpenFilmCommand,
  PickLikedFilmCommand,
  SpotCheckStateNotification,
  WhatIfCommand,
} from '../../shared/protocol/spotCheckPanelProtocol';
import type { SpotCheckPanelState } from '../../shared/spotCheckPanelState';
import { SingletonPanel } from './singletonPanel';
import { isSpotCheckPanelState } from '../../shared/spotCheckPanelState';
import type { NewUser } from '../../shared/whatIfState';
import { newUserLabel } from '../../shared/labels';

/** View type of the Spot Check panel (also the `onWebviewPanel:` activation event). */
export const SPOT_CHECK_PANEL_VIEW_TYPE = 'recommenderLab.spotCheck';

/**
 * The Spot Check panel: one user's history, recommended test films (actual vs predicted) and top
 * unseen films; or a new user's what-if (inputs, top films, how they moved when the inputs changed).
 * One panel, reused for every user; restored after a reload from its last state.
 *
 * Create once in `activate()` and push to `context.subscriptions` (its constructor registers the
 * panel serializer, so activate on `onWebviewPanel:recommenderLab.spotCheck` too).
 */
export class SpotCheckPanelManager implements vscode.Disposable {
  private readonly panel: SingletonPanel<SpotCheckPanelState>;
  private readonly openFilmEmitter = new vscode.EventEmitter<number>();
  private readonly whatIfEmitter = new vscode.EventEmitter<NewUser>();
  private readonly pickLikedFilmEmitter = new vscode.EventEmitter<void>();
  /** Fires with a film id when the user clicks a film's bar. */
  readonly onDidRequestOpenFilm: vscode.Event<number> = this.openFilmEmitter.event;
  /** Fires with the new user's inputs when the what-if's form changed. */
  readonly onDidRequestWhatIf: vscode.Event<NewUser> = this.whatIfEmitter.event;
  /** Fires when the what-if asks to add a liked film (the host shows the data's films to pick from). */
  readonly onDidRequestLikedFilm: vscode.Event<void> = this.pickLikedFilmEmitter.event;

  constructor(extensionUri: vscode.Uri) {
    this.panel = new SingletonPanel<SpotCheckPanelState>(extensionUri, {
      viewType: SPOT_CHECK_PANEL_VIEW_TYPE,
      script: 'spotCheck',
      title: (state) => (state.kind === 'whatIf' ? `What if: ${newUserLabel(state.inputs)}` : `Spot check: user ${state.user.id}`),
      isState: isSpotCheckPanelState,
      stateMessage: (state) => createMessage(SpotCheckStateNotification, state),
      onMessage: (message) => {
        if (isMessage(OpenFilmCommand, message)) this.openFilmEmitter.fire(message.params.itemId);
        else if (isMessage(WhatIfCommand, message)) this.whatIfEmitter.fire(message.params.user);
        else if (isMessage(PickLikedFilmCommand, message)) this.pickLikedFilmEmitter.fire();
      },
    });
  }

  /** The state the panel shows (or last showed), if any. */
  get current(): SpotCheckPanelState | undefined {
    return this.panel.current;
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  /** Opens or reveals the panel with this user's spot check. */
  show(state: SpotCheckPanelState, options: { preserveFocus?: boolean } = {}): void {
    this.panel.show(state, options.preserveFocus ?? false);
  }

  /** Replaces what the panel shows without revealing it (a what-if scored again from its own form). */
  update(state: SpotCheckPanelState): void {
    this.panel.update(state);
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
    this.whatIfEmitter.dispose();
    this.pickLikedFilmEmitter.dispose();
  }
}
