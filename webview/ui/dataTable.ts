import { element } from '../shared/dom';

export interface TableColumn {
  readonly title: string;
  /** Right-aligned, tabular figures, never wrapped; other columns wrap between words. */
  readonly numeric?: boolean;
}

export interface TableRow {
  /** Text, or nodes for a cell that needs structure (e.g. a value over its spread). */
  readonly cells: readonly (string | Node)[];
  /** Extra class on the row, e.g. "summary" for mean ± std. */
  readonly className?: string;
  /** Tooltip of the row. */
  readonly title?: string;
}

/**
 * A read-only table, as a native <table> styled from the theme's colours (media/panel.css
 * .data-table): its text is plain page text (selectable, copied as rows, read by screen readers as
 * a table). The toolkit's <vscode-data-grid> was replaced for speed: the Training panel redraws
 * its tables at every fold's end, and the same ~200 cells took 110–146 ms to build and lay out as
 * grid elements (each cell a custom element with its own shadow root) against 7–14 ms as a table,
 * timed in the workbench's renderer, where those milliseconds are taken from the folds' cores.
 */
export function dataTable(columns: readonly TableColumn[], rows: readonly TableRow[], label: string): HTMLTableElement {
  const cellClass = (index: number): string => (columns[index]?.numeric ? 'numeric' : 'text');
  const header = element(
    'tr',
    {},
    columns.map((column, index) => element('th', { className: cellClass(index), text: column.title, attributes: { scope: 'col' } })),
  );
  const body = rows.map((row) =>
    element(
      'tr',
      { className: row.className, attributes: row.title === undefined ? {} : { title: row.title } },
      row.cells.map((content, index) => element('td', { className: cellClass(index) }, [content])),
    ),
  );
  return element('table', { className: 'data-table', attributes: { 'aria-label': label } }, [
    element('thead', {}, [header]),
    element('tbody', {}, body),
  ]);
}
