import * as vscode from 'vscode';
import type { ExperimentsPanelState } from '../../shared/experimentsTable';
import { createMessage, isMessage, isRecord } from '../../shared/protocol/messages';
import { ExperimentsStateNotification, ExportExperimentsCommand, OpenRunCommand } from '../../shared/protocol/experimentsPanelProtocol';
import type { ExportExperimentsParams } from '../../shared/protocol/experimentsPanelProtocol';
import { SingletonPanel } from './singletonPanel';

/** View type of the Experiments panel (also the `onWebviewPanel:` activation event). */
export const EXPERIMENTS_PANEL_VIEW_TYPE = 'recommenderLab.experiments';

/** A saved page state worth restoring from: it holds a table (the host sends a fresh one at once). */
function isExperimentsState(value: unknown): value is ExperimentsPanelState {
  return isRecord(value) && isRecord(value.table) && Array.isArray(value.table.columns) && Array.isArray(value.table.rows);
}

/**
 * The Experiments panel: every run as a row of a sortable table (parameters that vary, metrics),
 * runs ticked to plot their per-fold RMSE together, and Export. One panel; its table follows the
 * runs (the caller calls `update` when they change).
 */
export class ExperimentsPanelManager implements vscode.Disposable {
  private readonly panel: SingletonPanel<ExperimentsPanelState>;
  private readonly exportEmitter = new vscode.EventEmitter<ExportExperimentsParams>();
  private readonly openRunEmitter = new vscode.EventEmitter<string>();
  /** Fires when the page's Export button is pressed, with the order the table shows. */
  readonly onDidRequestExport: vscode.Event<ExportExperimentsParams> = this.exportEmitter.event;
  /** Fires with a run id when a run's row is opened. */
  readonly onDidRequestOpenRun: vscode.Event<string> = this.openRunEmitter.event;
  /** Fires after VS Code restored the panel from a previous window: send it the runs of now. */
  readonly onDidRestore: vscode.Event<ExperimentsPanelState>;

  constructor(extensionUri: vscode.Uri) {
    this.panel = new SingletonPanel<ExperimentsPanelState>(extensionUri, {
      viewType: EXPERIMENTS_PANEL_VIEW_TYPE,
      script: 'experiments',
      title: (state) => `Experiments (${state.table.rows.length} run${state.table.rows.length === 1 ? '' : 's'})`,
      isState: isExperimentsState,
      // The page saves its sort and ticks beside the table; the host only needs the table back.
      restore: (saved) => ({ table: saved.table }),
      stateMessage: (state) => createMessage(ExperimentsStateNotification, state),
      onMessage: (message) => {
        if (isMessage(ExportExperimentsCommand, message)) this.exportEmitter.fire(message.params);
        else if (isMessage(OpenRunCommand, message)) this.openRunEmitter.fire(message.params.runId);
      },
    });
    this.onDidRestore = this.panel.onDidRestore;
  }

  get current(): ExperimentsPanelState | undefined {
    return this.panel.current;
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  show(state: ExperimentsPanelState): void {
    this.panel.show(state);
  }

  /** Redraws an open panel with the runs of now. */
  update(state: ExperimentsPanelState): void {
    if (this.panel.isOpen) this.panel.update(state);
  }

  dispose(): void {
    this.panel.dispose();
    this.exportEmitter.dispose();
    this.openRunEmitter.dispose();
  }
}
