import * as vscode from 'vscode';
import * as path from 'node:path';
import { modelLabel, protocolLabel, runLabel } from '../../shared/labels';
import { runRmse } from '../runs/runRecord';
import type { RunRecord } from '../runs/runRecord';
import type { RunLibrary } from '../runs/runLibrary';

const STATUS_ICONS: Readonly<Record<RunRecord['status'], vscode.ThemeIcon>> = {
  running: new vscode.ThemeIcon('sync~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
};

/** The Runs view: past runs, newest first; open, delete, compare from the context menu. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunRecord | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly library: RunLibrary) {
    this.subscription = library.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(record: RunRecord): vscode.TreeItem {
    const request = record.request;
    // The one label of the run (the same as the panel's title, the notification and the log).
    const item = new vscode.TreeItem(runLabel(request));
    const date = new Date(record.startedAt).toLocaleString();
    item.description = [protocolLabel(request.protocol), outcomeOf(record), date]
      .filter((part) => part !== '')
      .join(' · ');
    item.id = request.runId;
    item.iconPath = STATUS_ICONS[record.status];
    item.contextValue = `run.${record.status}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${request.kind === 'compare' ? 'Comparison' : 'Run'}** · ${record.status}\n\n`);
    tooltip.appendMarkdown(`- Model: ${modelLabel(request.model)}\n`);
    if (request.candidate !== undefined) tooltip.appendMarkdown(`- Candidate: ${modelLabel(request.candidate)}\n`);
    tooltip.appendMarkdown(`- Protocol: ${protocolLabel(request.protocol)}, seed ${request.protocol.seed}\n`);
    tooltip.appendMarkdown(`- Data: ${path.basename(request.dataFolder)}\n`);
    if (record.result?.kind === 'compare') {
      const gain = record.result.comparison.gain;
      tooltip.appendMarkdown(`- Gain of the candidate: ${(gain.mean * 100).toFixed(2)}% ± ${(gain.std * 100).toFixed(2)}%\n`);
    }
    if (record.error !== undefined) tooltip.appendText(`\n${record.error.message}`);
    item.tooltip = tooltip;
    item.command = { command: 'recommenderLab.openRun', title: 'Open Run', arguments: [record] };
    return item;
  }

  async getChildren(parent?: RunRecord): Promise<RunRecord[]> {
    if (parent !== undefined) return [];
    const runs = await this.library.list();
    // The welcome content ("No runs yet") is keyed on this, so it never shows while loading.
    void vscode.commands.executeCommand('setContext', 'recommenderLab.noRuns', runs.length === 0);
    return runs;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A comparison by its paired gain (the candidate's RMSE alone would hide the point), else the RMSE, else the status. */
function outcomeOf(record: RunRecord): string {
  if (record.result?.kind === 'compare') {
    const { gain } = record.result.comparison;
    return `gain ${gain.mean >= 0 ? '+' : '−'}${Math.abs(gain.mean * 100).toFixed(2)} ± ${(gain.std * 100).toFixed(2)} %`;
  }
  const rmse = runRmse(record);
  return rmse === undefined ? record.status : `RMSE ${rmse.mean.toFixed(4)} ± ${rmse.std.toFixed(4)}`;
}
