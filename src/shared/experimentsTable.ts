/**
 * The Experiments table: one row per run, a column for every parameter that varies across the runs
 * and one per metric (built by the host from the runs, src/host/experiments/experimentsTable.ts).
 * Types and pure helpers only, shared by the host (export) and the webview (drawing, sorting), so
 * both read a cell and order the rows the same way.
 */
import type { MeanStd, RunStatus } from './run';

/** How a column's values read: plain text, numbers, RMSE ± std, a gain in %, seconds, a time. */
export type ColumnFormat = 'text' | 'number' | 'rmse' | 'percent' | 'seconds' | 'time';

/**
 * The header groups, as the DVC table has them: what the run is, what it measured, what it was
 * given; then the ranking figures of each protocol.
 */
export type ColumnGroup = 'run' | 'parameter' | 'metric' | 'rankingTestFilms' | 'rankingUnratedFilms';

/** The text over each group's columns. */
export const GROUP_TITLES: Readonly<Record<ColumnGroup, string>> = {
  run: 'Run',
  parameter: 'Parameters',
  metric: 'Metrics',
  rankingTestFilms: 'Ranking among test films',
  rankingUnratedFilms: 'Ranking among unrated films',
};

export interface ExperimentColumn {
  /** Machine name (CSV header, JSON key), e.g. "rank" or "rmse". */
  readonly id: string;
  readonly title: string;
  readonly group: ColumnGroup;
  readonly format: ColumnFormat;
  /** What the column means (the schema's description of a parameter). */
  readonly description?: string;
  /** The title where no group header stands over it (Markdown): "NDCG@10 among test films". */
  readonly fullTitle?: string;
  /** Higher is better (ranking figures): the first click on the header sorts highest first. */
  readonly higherIsBetter?: boolean;
}

/** A cell: text, a number, a mean with its spread, or nothing (not measured, does not apply). */
export type CellValue = string | number | MeanStd | null;

export interface FoldRmse {
  readonly name: string;
  readonly rmse: number;
}

export interface ExperimentRow {
  readonly runId: string;
  readonly status: RunStatus;
  readonly cells: Readonly<Record<string, CellValue>>;
  /** Test RMSE per fold of the run's model (a comparison: its candidate's), for the chart. */
  readonly folds: readonly FoldRmse[];
  /** The run in a few words, for a chart legend. */
  readonly label: string;
}

export interface ExperimentsTable {
  readonly columns: readonly ExperimentColumn[];
  /** Newest first. */
  readonly rows: readonly ExperimentRow[];
}

export interface ExperimentsSort {
  readonly column: string;
  readonly descending: boolean;
}

/** What the Experiments panel draws; sent whole on every change of the runs. */
export interface ExperimentsPanelState {
  readonly table: ExperimentsTable;
}

export function isMeanStd(value: CellValue | undefined): value is MeanStd {
  return typeof value === 'object' && value !== null;
}

function fixed(value: number | null | undefined, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** "2026-03-01 14:05:09" in local time (two runs a minute apart are common). */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** A cell's text in two parts: the value, and for a mean its spread ("± 0.0025"), which the table sets below it. */
export function cellParts(column: ExperimentColumn, value: CellValue | undefined): { readonly value: string; readonly spread?: string } {
  if (value === null || value === undefined) return { value: '–' };
  if (isMeanStd(value)) {
    // A spread stored as null (NaN does not survive JSON) reads as "–".
    const std = typeof value.std === 'number' ? value.std : null;
    if (column.format === 'percent')
      return { value: `${fixed(value.mean * 100, 2)} %`, spread: `± ${fixed(std === null ? null : std * 100, 2)} %` };
    return { value: fixed(value.mean, 4), spread: `± ${fixed(std, 4)}` };
  }
  if (typeof value === 'number') {
    if (column.format === 'seconds') return { value: fixed(value, 1) };
    if (column.format === 'rmse') return { value: fixed(value, 4) };
    return { value: String(value) };
  }
  return { value: column.format === 'time' ? shortTime(value) : value };
}

/** A cell on one line, as the Markdown export shows it ("0.9384 ± 0.0025", "–" for nothing). */
export function cellText(column: ExperimentColumn, value: CellValue | undefined): string {
  const parts = cellParts(column, value);
  if (parts.spread === undefined) return parts.value;
  return column.format === 'percent' ? `${parts.value.replace(/ %$/, '')} ${parts.spread}` : `${parts.value} ${parts.spread}`;
}

/** What a cell sorts by: a mean for a mean ± std; nothing sorts last whichever the direction. */
function sortValue(value: CellValue | undefined): number | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (isMeanStd(value)) return Number.isFinite(value.mean) ? value.mean : undefined;
  return value;
}

/** The rows ordered by one column (numbers as numbers, text naturally: "k=10" before "k=100"); stable. */
export function sortRows(table: ExperimentsTable, sort: ExperimentsSort | undefined): ExperimentRow[] {
  const rows = [...table.rows];
  if (sort === undefined || !table.columns.some((column) => column.id === sort.column)) return rows;
  const direction = sort.descending ? -1 : 1;
  const collator = new Intl.Collator(undefined, { numeric: true });
  return rows
    .map((row, index) => ({ row, index, key: sortValue(row.cells[sort.column]) }))
    .sort((left, right) => {
      if (left.key === undefined || right.key === undefined) {
        if (left.key === right.key) return left.index - right.index;
        return left.key === undefined ? 1 : -1;
      }
      const order =
        typeof left.key === 'number' && typeof right.key === 'number'
          ? left.key - right.key
          : collator.compare(String(left.key), String(right.key));
      return order === 0 ? left.index - right.index : order * direction;
    })
    .map((entry) => entry.row);
}
