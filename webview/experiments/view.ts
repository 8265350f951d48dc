/** The Experiments panel's page: header with Export, the sortable table with ticks, the per-fold chart. */
import type { ExperimentColumn, ExperimentRow, ExperimentsSort, ExperimentsTable } from '../../src/shared/experimentsTable';
import { cellParts, GROUP_TITLES, sortRows } from '../../src/shared/experimentsTable';
import { element, replaceChildren } from '../shared/dom';
import { readThemeColors } from '../shared/theme';
import { badge } from '../ui/badge';
import { button } from '../ui/button';
import { FoldChart } from './foldChart';

export interface ExperimentsViewActions {
  exportTable(sort: ExperimentsSort): void;
  openRun(runId: string): void;
  /** The page's sort or ticks changed (saved so a hidden or restored panel keeps them). */
  changed(): void;
}

/** Newest first, as the host sends the rows. */
export const DEFAULT_SORT: ExperimentsSort = { column: 'started', descending: true };

/** How many of the newest completed runs are ticked when the user has ticked nothing yet. */
const DEFAULT_TICKED = 3;

/** Text that may wrap after its commas ("ids,user,item,…"): <wbr> adds no character to copy. */
function breakable(text: string): HTMLElement {
  const pieces = text.split(',');
  const span = element('span');
  pieces.forEach((piece, index) => {
    span.append(index < pieces.length - 1 ? `${piece},` : piece);
    if (index < pieces.length - 1) span.append(document.createElement('wbr'));
  });
  return span;
}

function isNumeric(column: ExperimentColumn): boolean {
  return column.format !== 'text' && column.format !== 'time';
}

export class ExperimentsView {
  private readonly count = element('span');
  private readonly summary = element('div', { className: 'meta' });
  private readonly tableBox = element('div', { className: 'table-scroll' });
  private readonly chartHint = element('p', { className: 'hint' });
  private readonly chartBox = element('div', { className: 'chart-box chart-box-line' });
  private readonly chart: FoldChart;
  private table: ExperimentsTable = { columns: [], rows: [] };
  sort: ExperimentsSort = DEFAULT_SORT;
  /** Ticked run ids; undefined until the user ticks or unticks one (then the default no longer applies). */
  ticked: Set<string> | undefined;

  constructor(
    root: HTMLElement,
    private readonly actions: ExperimentsViewActions,
  ) {
    const exportButton = button('Export…', () => actions.exportTable(this.sort), {
      appearance: 'secondary',
      title: 'Export the table as CSV, JSON or Markdown',
      id: 'export',
    });
    const header = element('header', { className: 'panel-header' }, [
      element('div', { className: 'title-row' }, [
        element('h1', { text: 'Experiments' }),
        this.count,
        element('span', { className: 'spacer' }),
        exportButton,
      ]),
      this.summary,
    ]);
    const canvas = element('canvas', { attributes: { role: 'img', 'aria-label': 'Test RMSE per fold of the ticked runs' } });
    this.chartBox.append(canvas);
    const tableSection = element('section', { className: 'table-section experiments-section' }, [this.tableBox]);
    const chartSection = element('section', { className: 'chart-section' }, [
      element('h2', { text: 'Test RMSE per fold of the ticked runs' }),
      this.chartHint,
      this.chartBox,
    ]);
    replaceChildren(root, [header, tableSection, chartSection]);
    this.chart = new FoldChart(canvas, readThemeColors());
  }

  render(table: ExperimentsTable): void {
    this.table = table;
    if (!table.columns.some((column) => column.id === this.sort.column)) this.sort = DEFAULT_SORT;
    const rows = table.rows.length;
    replaceChildren(this.count, [badge(`${rows} run${rows === 1 ? '' : 's'}`)]);
    const parameters = table.columns.filter((column) => column.group === 'parameter').map((column) => column.title);
    this.summary.textContent =
      rows === 0
        ? 'No runs yet: Train FM or Compare SVD and FM, and each run becomes a row here.'
        : `${parameters.length === 0 ? 'No parameter varies across these runs' : `Parameters that vary: ${parameters.join(', ')}`} · click a header to sort · tick runs to plot them together`;
    this.drawTable();
    this.drawChart();
  }

  applyTheme(): void {
    this.chart.applyTheme(readThemeColors());
    this.drawChart();
  }

  private tickedIds(): Set<string> {
    if (this.ticked !== undefined) return this.ticked;
    const newest = this.table.rows.filter((row) => row.folds.length > 0).slice(0, DEFAULT_TICKED);
    return new Set(newest.map((row) => row.runId));
  }

  private drawTable(): void {
    const { columns } = this.table;
    if (this.table.rows.length === 0) {
      replaceChildren(this.tableBox, []);
      return;
    }
    const ticked = this.tickedIds();
    const groupRow = element('tr', { className: 'group-row' }, [element('th', { className: 'select' })]);
    // One header over each run of columns of a group, in the order the columns come.
    columns.forEach((column, index) => {
      if (index > 0 && columns[index - 1].group === column.group) return;
      let span = 1;
      while (columns[index + span]?.group === column.group) span++;
      groupRow.append(
        element('th', {
          text: GROUP_TITLES[column.group],
          className: index > 0 ? 'group group-start' : 'group',
          attributes: { colspan: String(span) },
        }),
      );
    });
    const headerRow = element('tr', {}, [
      element('th', { className: 'select', attributes: { scope: 'col' } }, [
        element('span', { className: 'visually-hidden', text: 'Plot' }),
      ]),
    ]);
    for (const column of columns) headerRow.append(this.headerCell(column));
    const body = element('tbody');
    for (const row of sortRows(this.table, this.sort)) body.append(this.bodyRow(row, ticked.has(row.runId)));
    const table = element('table', { className: 'experiments-table', attributes: { 'data-rows': String(this.table.rows.length) } }, [
      element('thead', {}, [groupRow, headerRow]),
      body,
    ]);
    replaceChildren(this.tableBox, [table]);
  }

  private headerCell(column: ExperimentColumn): HTMLElement {
    const sorted = this.sort.column === column.id;
    const arrow = sorted ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    const sortButton = element('button', {
      className: 'sort',
      text: `${column.title}${arrow}`,
      attributes: { type: 'button', title: column.description ? `${column.description} Click to sort.` : 'Click to sort.' },
    });
    sortButton.addEventListener('click', () => {
      // First click: the natural order for the kind (errors lowest first, ranking figures highest first, times newest first).
      this.sort = sorted
        ? { column: column.id, descending: !this.sort.descending }
        : { column: column.id, descending: column.format === 'time' || column.higherIsBetter === true };
      this.actions.changed();
      this.drawTable();
    });
    const ariaSort = sorted ? (this.sort.descending ? 'descending' : 'ascending') : 'none';
    return element(
      'th',
      { className: this.cellClass(column), attributes: { scope: 'col', 'aria-sort': ariaSort, 'data-column': column.id } },
      [sortButton],
    );
  }

  private bodyRow(row: ExperimentRow, ticked: boolean): HTMLElement {
    const checkbox = element('input', {
      attributes: { type: 'checkbox', 'aria-label': `Plot ${row.label}` },
    });
    checkbox.checked = ticked;
    checkbox.disabled = row.folds.length === 0;
    checkbox.addEventListener('change', () => {
      const next = new Set(this.tickedIds());
      if (checkbox.checked) next.add(row.runId);
      else next.delete(row.runId);
      this.ticked = next;
      this.actions.changed();
      this.drawTable();
      this.drawChart();
    });
    const cells: HTMLElement[] = [element('td', { className: 'select' }, [checkbox])];
    for (const column of this.table.columns) {
      const parts = cellParts(column, row.cells[column.id]);
      let content: Node | string = parts.value;
      if (parts.spread !== undefined) {
        // The mean over its spread, as the Training panel's table sets them: narrow columns.
        content = element('span', { className: 'mean-std' }, [
          element('span', { className: 'mean', text: parts.value }),
          element('span', { className: 'spread', text: parts.spread }),
        ]);
      } else if (column.id === 'started') {
        const open = element('button', {
          className: 'link',
          text: parts.value,
          attributes: { type: 'button', title: 'Open this run in the Training panel' },
        });
        open.addEventListener('click', () => this.actions.openRun(row.runId));
        content = open;
      } else if (column.id === 'status') {
        content = badge(parts.value, { className: `status status-${row.status}` });
      } else if (column.group === 'parameter') {
        content = breakable(parts.value);
      }
      cells.push(element('td', { className: this.cellClass(column), attributes: { 'data-column': column.id } }, [content]));
    }
    return element('tr', { className: ticked ? 'ticked' : '', attributes: { 'data-run-id': row.runId } }, cells);
  }

  /** Its group, numeric alignment, and a rule where a new group starts. */
  private cellClass(column: ExperimentColumn): string {
    const columns = this.table.columns;
    const index = columns.indexOf(column);
    const starts = index > 0 && columns[index - 1].group !== column.group;
    return [column.group, isNumeric(column) ? 'numeric' : '', starts ? 'group-start' : ''].filter(Boolean).join(' ');
  }

  private drawChart(): void {
    const ticked = this.tickedIds();
    const rows = sortRows(this.table, this.sort).filter((row) => ticked.has(row.runId) && row.folds.length > 0);
    this.chartHint.textContent =
      rows.length === 0
        ? 'Tick runs in the table to plot their test RMSE per fold together.'
        : 'Each line is one run: its test RMSE on each fold (hover a point for the fold). Runs on the same folds and seed are paired.';
    this.chartBox.hidden = rows.length === 0;
    this.chart.update(rows);
  }
}
