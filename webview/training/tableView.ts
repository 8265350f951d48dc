/** The RMSE table section: heading, headline and the grid; redrawn only when its text changes. */
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { element, replaceChildren } from '../shared/dom';
import { formatRmse } from '../shared/format';
import { dataGrid } from '../ui/dataGrid';
import { buildRmseTable, shortModelNames } from './rmseTable';

export class RmseTableView {
  readonly element = element('section', { className: 'table-section' });
  /** What is drawn now, so an unchanged table is not rebuilt (no flicker, no detached nodes). */
  private drawn = '';

  update(state: TrainingPanelState): void {
    const table = buildRmseTable(state);
    const headline = headlineOf(state);
    const key = JSON.stringify([table, headline]);
    if (key === this.drawn) return;
    this.drawn = key;
    if (!table) {
      replaceChildren(this.element, []);
      return;
    }
    const children: Node[] = [element('h2', { text: table.final ? 'RMSE table' : 'RMSE table (folds finished so far)' })];
    if (headline) children.push(element('p', { className: 'headline', text: headline }));
    children.push(
      dataGrid(
        table.columns.map((column) => ({ title: column.title, numeric: column.numeric, width: 'minmax(max-content, 1fr)' })),
        table.rows.map((row) =>
          row.kind === 'summary'
            ? { cells: row.cells.map((cell, index) => (table.columns[index]?.numeric ? spreadCell(cell) : cell)), className: 'summary' }
            : { cells: row.cells },
        ),
        'RMSE per fold',
      ),
    );
    replaceChildren(this.element, children);
  }
}

/**
 * "0.9316 ± 0.0028" as the mean over a smaller "± 0.0028": half as wide, so a comparison's eight
 * columns fit a half-width editor. The text stays "0.9316 ± 0.0028" for copy and screen readers.
 */
function spreadCell(text: string): string | Node {
  const split = text.indexOf(' ± ');
  if (split < 0) return text;
  return element('span', { className: 'mean-std' }, [
    element('span', { className: 'mean', text: text.slice(0, split) }),
    element('span', { className: 'spread', text: text.slice(split) }),
  ]);
}

function headlineOf(state: TrainingPanelState): string | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') {
    const { rmse, folds } = result.evaluation;
    return `RMSE ${formatRmse(rmse.mean)} ± ${formatRmse(rmse.std)} over ${folds.length} folds`;
  }
  if (result?.kind === 'compare') {
    const { gain, gainPerFold, baseline, candidate } = result.comparison;
    const [baselineName, candidateName] = shortModelNames(baseline.model, candidate.model);
    const direction = gain.mean >= 0 ? 'lower' : 'higher';
    return (
      `${candidateName} vs ${baselineName}: RMSE ${(Math.abs(gain.mean) * 100).toFixed(2)} ± ${(gain.std * 100).toFixed(2)} % ${direction} ` +
      `(paired over ${gainPerFold.length} folds; ${formatRmse(baseline.rmse.mean)} → ${formatRmse(candidate.rmse.mean)})`
    );
  }
  return undefined;
}
