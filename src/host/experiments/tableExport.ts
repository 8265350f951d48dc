/**
 * The Experiments table as CSV (every number at full precision, a mean ± std as two columns), JSON
 * (the cells as they are) and Markdown (as the table shows them, for a paper or a pull request).
 * Pure, no `vscode`.
 */
import type { CellValue, ExperimentRow, ExperimentsSort, ExperimentsTable } from '../../shared/experimentsTable';
import { cellText, isMeanStd, sortRows } from '../../shared/experimentsTable';

export type ExportFormat = 'csv' | 'json' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'markdown'];
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { csv: 'csv', json: 'json', markdown: 'md' };

/** A mean ± std column is two CSV columns. */
function splits(table: ExperimentsTable, id: string): boolean {
  return table.rows.some((row) => isMeanStd(row.cells[id]));
}

/** RFC 4180 quoting; text a spreadsheet would run as a formula (=, +, -, @) gets a leading quote. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvCells(table: ExperimentsTable, row: ExperimentRow): (string | number | null)[] {
  const cells: (string | number | null)[] = [row.runId];
  for (const column of table.columns) {
    const value: CellValue | undefined = row.cells[column.id];
    if (splits(table, column.id)) {
      cells.push(isMeanStd(value) ? value.mean : null, isMeanStd(value) ? value.std : null);
    } else {
      cells.push(value === undefined || isMeanStd(value) ? null : value);
    }
  }
  return cells;
}

function toCsv(table: ExperimentsTable, rows: readonly ExperimentRow[]): string {
  const header = [
    'run_id',
    ...table.columns.flatMap((column) => (splits(table, column.id) ? [`${column.id}_mean`, `${column.id}_std`] : [column.id])),
  ];
  const lines = [header.join(','), ...rows.map((row) => csvCells(table, row).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function toJson(table: ExperimentsTable, rows: readonly ExperimentRow[]): string {
  const columns = table.columns.map(({ id, title, group }) => ({ id, title, group }));
  const runs = rows.map((row) => ({ runId: row.runId, ...row.cells }));
  return `${JSON.stringify({ columns, runs }, null, 2)}\n`;
}

/** Pipes and line breaks would end a Markdown table cell. */
function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function toMarkdown(table: ExperimentsTable, rows: readonly ExperimentRow[]): string {
  const numeric = (format: string): boolean => format !== 'text' && format !== 'time';
  const header = `| ${table.columns.map((column) => markdownCell(column.fullTitle ?? column.title)).join(' | ')} |`;
  const rule = `| ${table.columns.map((column) => (numeric(column.format) ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((row) => `| ${table.columns.map((column) => markdownCell(cellText(column, row.cells[column.id]))).join(' | ')} |`);
  return `${[header, rule, ...body].join('\n')}\n`;
}

/** The table in a format, its rows in the order the panel shows them (or newest first). */
export function exportTable(table: ExperimentsTable, format: ExportFormat, sort?: ExperimentsSort): string {
  const rows = sortRows(table, sort);
  switch (format) {
    case 'csv':
      return toCsv(table, rows);
    case 'json':
      return toJson(table, rows);
    case 'markdown':
      return toMarkdown(table, rows);
  }
}
