import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentsPanelState, ExperimentsSort } from '../../shared/experimentsTable';
import { buildExperimentsTable } from '../experiments/experimentsTable';
import { EXPORT_EXTENSIONS, EXPORT_FORMATS, exportTable } from '../experiments/tableExport';
import type { ExportFormat } from '../experiments/tableExport';
import type { Services } from '../services';
import { getLog } from '../ui/log';

/** What Export Experiments accepts (the panel's button, the palette, tests): anything unset is asked. */
export interface ExportOptions {
  readonly format?: ExportFormat;
  /** Absolute path of the file to write. */
  readonly target?: string;
  readonly sort?: ExperimentsSort;
}

const FORMAT_CHOICES: readonly { label: string; description: string; format: ExportFormat }[] = [
  { label: 'CSV', description: 'every number at full precision, mean and std in two columns', format: 'csv' },
  { label: 'JSON', description: 'the cells as they are', format: 'json' },
  { label: 'Markdown', description: 'the table as it reads, for a paper or a pull request', format: 'markdown' },
];

const FILTERS: Readonly<Record<ExportFormat, Record<string, string[]>>> = {
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
  markdown: { Markdown: ['md'] },
};

/** Open Experiments and Export Experiments; keeps an open table in step with the runs. */
export function registerExperimentCommands(services: Services): vscode.Disposable[] {
  const { library, experimentsPanel } = services;
  const state = async (): Promise<ExperimentsPanelState> => ({ table: buildExperimentsTable(await library.list()) });
  const refresh = (): void => {
    if (!experimentsPanel.isOpen) return;
    state().then(
      (next) => experimentsPanel.update(next),
      (error: unknown) => getLog().error(`Cannot list the runs for the Experiments table: ${String(error)}`),
    );
  };

  const exportExperiments = async (options: ExportOptions = {}): Promise<string | undefined> => {
    const format =
      options.format ?? (await vscode.window.showQuickPick(FORMAT_CHOICES, { placeHolder: 'Export the Experiments table as' }))?.format;
    if (format === undefined || !EXPORT_FORMATS.includes(format)) return undefined;
    const { table } = await state();
    let target = options.target;
    if (target === undefined) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `experiments.${EXPORT_EXTENSIONS[format]}`;
      const chosen = await vscode.window.showSaveDialog({
        defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, name),
        filters: FILTERS[format],
        saveLabel: 'Export',
        title: `Export ${table.rows.length} runs`,
      });
      target = chosen?.fsPath;
    }
    if (target === undefined) return undefined;
    if (!path.isAbsolute(target)) throw new Error(`Export needs an absolute path, got ${target}`);
    await writeFile(target, exportTable(table, format, options.sort));
    getLog().info(`Exported ${table.rows.length} runs as ${format} to ${target}`);
    void vscode.window.showInformationMessage(`Exported ${table.rows.length} runs to ${path.basename(target)}.`);
    return target;
  };

  return [
    vscode.commands.registerCommand('recommenderLab.openExperiments', async () => {
      const next = await state();
      experimentsPanel.show(next);
      return next;
    }),
    vscode.commands.registerCommand('recommenderLab.exportExperiments', (options?: ExportOptions) => exportExperiments(options)),
    library.onDidChange(refresh),
    experimentsPanel.onDidRestore(refresh),
    experimentsPanel.onDidRequestExport((params) => {
      exportExperiments({ sort: params.sort }).catch((error: unknown) => {
        void vscode.window.showErrorMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }),
    experimentsPanel.onDidRequestOpenRun((runId) => void vscode.commands.executeCommand('recommenderLab.openRun', runId)),
  ];
}
