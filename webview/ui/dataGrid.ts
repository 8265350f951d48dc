import { vsCodeDataGrid, vsCodeDataGridCell, vsCodeDataGridRow } from '@vscode/webview-ui-toolkit';
import { customElement } from '../shared/dom';
import { ensureRegistered } from './designSystem';

export interface GridColumn {
  readonly title: string;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  /** CSS grid track, e.g. "1fr" or "minmax(6em, 1fr)". */
  readonly width?: string;
}

export interface GridRow {
  /** Text, or nodes for a cell that needs structure (e.g. a value over its spread). */
  readonly cells: readonly (string | Node)[];
  /** Extra class on the row, e.g. "summary" for mean ± std. */
  readonly className?: string;
  /** Tooltip of the row. */
  readonly title?: string;
}

/**
 * A read-only table (toolkit: <vscode-data-grid>). Rows and cells are built as light-DOM elements
 * so their text is plain page text (selectable, readable by tests and screen readers).
 */
export function dataGrid(columns: readonly GridColumn[], rows: readonly GridRow[], label: string): HTMLElement {
  ensureRegistered('dataGrid', () => vsCodeDataGrid());
  ensureRegistered('dataGridRow', () => vsCodeDataGridRow());
  ensureRegistered('dataGridCell', () => vsCodeDataGridCell());
  const grid = customElement('vscode-data-grid', {
    attributes: {
      'aria-label': label,
      'generate-header': 'none',
      'grid-template-columns': columns.map((column) => column.width ?? '1fr').join(' '),
    },
  });
  const header = customElement('vscode-data-grid-row', { attributes: { 'row-type': 'sticky-header' } });
  columns.forEach((column, index) => {
    header.append(
      customElement('vscode-data-grid-cell', {
        text: column.title,
        className: column.numeric ? 'numeric' : undefined,
        attributes: { 'cell-type': 'columnheader', 'grid-column': String(index + 1) },
      }),
    );
  });
  grid.append(header);
  for (const row of rows) {
    const rowElement = customElement('vscode-data-grid-row', {
      className: row.className,
      attributes: row.title === undefined ? {} : { title: row.title },
    });
    row.cells.forEach((content, index) => {
      rowElement.append(
        customElement(
          'vscode-data-grid-cell',
          { className: columns[index]?.numeric ? 'numeric' : undefined, attributes: { 'grid-column': String(index + 1) } },
          [content],
        ),
      );
    });
    grid.append(rowElement);
  }
  return grid;
}
