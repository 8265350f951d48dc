import * as vscode from 'vscode';
import * as path from 'node:path';
import { modelLabel, protocolLabel, rankingMetricLabel, runLabel } from '../../shared/labels';
import { rankingSummaryLines } from '../../shared/rankingReport';
import type { EvaluationRanking } from '../../shared/run';
import { runRmse } from '../runs/runRecord';
import type { RunRecord } from '../runs/runRecord';
import type { RunLibrary } from '../runs/runLibrary';
import { escapeMarkdownText } from '../ui/markdown';

const STATUS_ICONS: Readonly<Record<RunRecord['status'], vscode.ThemeIcon>> = {
  running: new vscode.ThemeIcon('sync~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
};

/** How the Runs view describes a run another window is running (a live lock in its folder). */
export const RUNNING_ELSEWHERE = 'running in another window';

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
    // The run's figure, then its one label (the same as the panel's title, the notification and the
    // log): in a sidebar of the default width the label alone was cut before the description, and
    // runs of one configuration read the same.
    const headline = headlineOf(record);
    const item = new vscode.TreeItem(headline === undefined ? runLabel(request) : `${headline.figure} · ${runLabel(request)}`);
    const date = new Date(record.startedAt).toLocaleString();
    const status = this.library.isRunningElsewhere(request.runId) ? RUNNING_ELSEWHERE : record.status;
    item.description = [protocolLabel(request.protocol), headline?.detail ?? status, date].filter((part) => part !== '').join(' · ');
    item.id = request.runId;
    item.iconPath = STATUS_ICONS[record.status];
    item.contextValue = `run.${record.status}`;
    // Stored runs are data (and, kept in the workspace, may come from anyone's commit): every value
    // is escaped, and theme icons stay off, so a folder named "$(zap) https://…" reads as just that.
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**${request.kind === 'compare' ? 'Comparison' : 'Run'}** · ${escapeMarkdownText(status)}\n\n`);
    tooltip.appendMarkdown(`- Model: ${escapeMarkdownText(modelLabel(request.model))}\n`);
    if (request.candidate !== undefined) tooltip.appendMarkdown(`- Candidate: ${escapeMarkdownText(modelLabel(request.candidate))}\n`);
    tooltip.appendMarkdown(`- Protocol: ${escapeMarkdownText(protocolLabel(request.protocol))}, seed ${request.protocol.seed}\n`);
    tooltip.appendMarkdown(`- Data: ${escapeMarkdownText(path.basename(request.dataFolder))}\n`);
    tooltip.appendMarkdown(`- Started: ${escapeMarkdownText(date)}\n`);
    if (record.result?.kind === 'compare') {
      const gain = record.result.comparison.gain;
      tooltip.appendMarkdown(`- Gain of the candidate: ${(gain.mean * 100).toFixed(2)}% ± ${(gain.std * 100).toFixed(2)}%\n`);
    }
    for (const { name, ranking } of rankingsOf(record)) {
      const [title, ...protocols] = rankingSummaryLines(ranking);
      tooltip.appendMarkdown(`- ${escapeMarkdownText(name === undefined ? title : `${name}: ${title}`)}\n`);
      for (const line of protocols) tooltip.appendMarkdown(`  - ${escapeMarkdownText(line)}\n`);
    }
    if (record.error !== undefined) tooltip.appendMarkdown(`\n${escapeMarkdownText(record.error.message)}`);
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

/**
 * What a finished run is known by: a comparison by its paired gain (the candidate's RMSE alone
 * would hide the point), an evaluation by its RMSE; the detail is the spread, and an evaluation's
 * NDCG among unrated films (the ranking protocol closest to recommending).
 */
function headlineOf(record: RunRecord): { readonly figure: string; readonly detail: string } | undefined {
  if (record.result?.kind === 'compare') {
    const { gain } = record.result.comparison;
    return {
      figure: `gain ${gain.mean >= 0 ? '+' : '−'}${Math.abs(gain.mean * 100).toFixed(2)} %`,
      detail: `± ${(gain.std * 100).toFixed(2)} %`,
    };
  }
  const rmse = runRmse(record);
  if (rmse === undefined) return undefined;
  const ranking = record.result?.kind === 'evaluate' ? record.result.evaluation.ranking : undefined;
  const ndcg =
    ranking === undefined ? '' : ` · ${rankingMetricLabel('ndcgAt10', ranking.cutoff)} ${ranking.unratedFilms.ndcgAt10.mean.toFixed(4)}`;
  return { figure: `RMSE ${rmse.mean.toFixed(4)}`, detail: `± ${rmse.std.toFixed(4)}${ndcg}` };
}

/** The ranking figures a tooltip lists: an evaluation's, or each model's of a comparison (named). */
function rankingsOf(record: RunRecord): { readonly name?: string; readonly ranking: EvaluationRanking }[] {
  const result = record.result;
  if (result === undefined) return [];
  if (result.kind === 'evaluate') return result.evaluation.ranking === undefined ? [] : [{ ranking: result.evaluation.ranking }];
  const { baseline, candidate } = result.comparison;
  return [
    { name: 'Baseline', ranking: baseline.ranking },
    { name: 'Candidate', ranking: candidate.ranking },
  ].filter((entry): entry is { name: string; ranking: EvaluationRanking } => entry.ranking !== undefined);
}
