/** The RMSE tables section: headings, headline and the tables; redrawn only when their text changes. */
import { roleName } from '../../src/shared/labels';
import { resultHeadline } from '../../src/shared/runReport';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { element, replaceChildren } from '../shared/dom';
import { formatPercent } from '../shared/format';
import { dataTable } from '../ui/dataTable';
import { rankingDefinitionLabel, rankingProtocolLabel } from '../../src/shared/labels';
import { buildRankingTables, rankingHeading } from './rankingTable';
import type { RankingTables } from './rankingTable';
import { buildRmseTables, formatGain } from './rmseTable';
import type { Table } from './rmseTable';

export class RmseTableView {
  readonly element = element('section', { className: 'table-section' });
  /** What is drawn now, so an unchanged table is not rebuilt (no flicker, no detached nodes). */
  private drawn = '';

  update(state: TrainingPanelState): void {
    const tables = buildRmseTables(state);
    const ranking = buildRankingTables(state);
    const headline = headlineOf(state);
    const key = JSON.stringify([tables, ranking, headline]);
    if (key === this.drawn) return;
    this.drawn = key;
    if (!tables) {
      replaceChildren(this.element, []);
      return;
    }
    const partial = tables.final ? '' : ' (folds finished so far)';
    const children: Node[] = [];
    if (tables.models) {
      children.push(element('h2', { text: `Models${partial}` }));
      if (headline) children.push(element('p', { className: 'headline', text: headline }));
      children.push(drawTable(tables.models, 'Models of the comparison'));
      children.push(element('h2', { className: 'second-heading', text: `RMSE per fold${partial}` }));
    } else {
      children.push(element('h2', { text: `RMSE table${partial}` }));
      if (headline) children.push(element('p', { className: 'headline', text: headline }));
    }
    children.push(drawTable(tables.folds, 'RMSE per fold'));
    if (ranking !== undefined) children.push(...rankingSection(ranking, partial));
    replaceChildren(this.element, children);
  }
}

/** A table per ranking protocol, each headed by what its figures mean. */
function rankingSection(ranking: RankingTables, partial: string): Node[] {
  return ranking.tables.flatMap(({ protocol, table }) => {
    const notes = [`${rankingDefinitionLabel(ranking)}; candidates: ${rankingProtocolLabel(protocol, true)}.`];
    if (protocol === 'unratedFilms') {
      notes.push(`Coverage: the share of films in some user's top ${ranking.cutoff}.`);
      if (ranking.sampled) notes.push('A sample of the test users was ranked (large data).');
    }
    return [
      element('h2', { className: 'second-heading', text: `${rankingHeading(protocol)}${partial}` }),
      element('p', { className: 'legend-note', text: notes.join(' ') }),
      element('div', { className: `ranking-table ranking-${protocol}` }, [drawTable(table, rankingHeading(protocol))]),
    ];
  });
}

/** A Table (rmseTable.ts, rankingTable.ts) drawn. */
function drawTable(table: Table, label: string): HTMLElement {
  return dataTable(
    table.columns.map((column) => ({ title: column.title, numeric: column.numeric })),
    table.rows.map((row) => ({
      cells: row.cells.map((cell, index) => {
        if (index === 0 && row.detail !== undefined) return detailCell(cell, row.detail);
        return row.kind === 'summary' && table.columns[index]?.numeric ? spreadCell(cell) : cell;
      }),
      className: row.kind === 'summary' ? 'summary' : undefined,
      title: row.title,
    })),
    label,
  );
}

/** A name over a smaller second line (a model over its configuration). */
function detailCell(text: string, detail: string): Node {
  return element('span', { className: 'with-detail' }, [
    element('span', { className: 'name', text }),
    element('span', { className: 'detail', text: detail }),
  ]);
}

/**
 * "0.9316 ± 0.0028" as the mean over a smaller "± 0.0028": half as wide, so a comparison's
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

/**
 * An evaluation's result in one line; Compare Runs' gain (paired when the runs share their folds).
 * A comparison run has its verdict above the charts instead.
 */
function headlineOf(state: TrainingPanelState): string | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') return resultHeadline(result);
  if (result?.kind !== 'compare' || state.compared === undefined) return undefined;
  const { gain, gainPerFold } = result.comparison;
  const names = `${roleName(state.request, 'candidate')} vs ${roleName(state.request, 'baseline')}`;
  const direction = gain.mean >= 0 ? 'lower' : 'higher';
  if (gainPerFold.length === 0) {
    return `${names}: mean RMSE ${formatPercent(Math.abs(gain.mean)).replace(/^[+−]/, '')} ${direction} (the runs' folds differ, so there is no paired gain)`;
  }
  return `${names}: RMSE ${formatGain(Math.abs(gain.mean), gain.std).replace(/^[+−]/, '')} ${direction}, paired over ${gainPerFold.length} folds`;
}
