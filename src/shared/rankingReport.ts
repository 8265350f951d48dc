/**
 * The ranking figures of one or more models and the popularity baseline as a text table, for
 * every face that prints a run (src/shared/runReport.ts: the CLI and the extension's Output channel).
 */
import type { EvaluationRanking, MeanStd, RankingProtocolsSummary } from './run';

/** A line of the table: a model's name and its ranking summary. */
export interface RankingRow {
  readonly name: string;
  readonly ranking: RankingProtocolsSummary;
}

/** What the table's title says (a ranking's cutoff and relevance threshold). */
export interface TableDefinition {
  readonly cutoff: number;
  readonly relevantFrom: number;
}

/**
 * The rows of `evaluations` that have ranking figures, then the popularity baseline once (taken
 * from the first: every model of a run is ranked on the same folds, users and candidates).
 */
export function rankingRows(evaluations: readonly { readonly name: string; readonly ranking?: EvaluationRanking }[]): RankingRow[] {
  const ranked = evaluations.filter((entry): entry is { name: string; ranking: EvaluationRanking } => entry.ranking !== undefined);
  if (ranked.length === 0) return [];
  return [...ranked.map(({ name, ranking }) => ({ name, ranking })), { name: 'popularity', ranking: ranked[0].ranking.popularity }];
}

/** The table for `evaluations` (see rankingRows), titled with their definition; no lines when none has figures. */
export function rankingLines(evaluations: readonly { readonly name: string; readonly ranking?: EvaluationRanking }[]): string[] {
  const first = evaluations.find((entry) => entry.ranking !== undefined)?.ranking;
  return first === undefined ? [] : formatRanking(rankingRows(evaluations), first);
}

/** Both protocols, one line per model, mean ± std over folds; no lines when there is nothing to show. */
export function formatRanking(rows: readonly RankingRow[], definition: TableDefinition): string[] {
  const { cutoff, relevantFrom } = definition;
  if (rows.length === 0) return [];
  const cell = (value: MeanStd): string => `${fixed(value.mean)} ± ${fixed(value.std)}`;
  const lines = (protocol: string, pick: (ranking: RankingProtocolsSummary) => RankingProtocolsSummary['testFilms'], coverage: boolean) =>
    rows.map((row, index) => {
      const figures = pick(row.ranking);
      const cells = [cell(figures.precisionAt10), cell(figures.recallAt10), cell(figures.ndcgAt10), cell(figures.map)];
      cells.push(coverage ? cell(row.ranking.unratedFilms.coverage) : '');
      return [index === 0 ? protocol : '', row.name, ...cells];
    });
  return [
    `Ranking, top ${cutoff} (relevant: a test rating ≥ ${relevantFrom}), mean ± std over folds`,
    ...alignedTable(
      ['among', 'model', `P@${cutoff}`, `R@${cutoff}`, `NDCG@${cutoff}`, 'MAP', 'coverage'],
      [...lines('test films', (ranking) => ranking.testFilms, false), ...lines('unrated films', (ranking) => ranking.unratedFilms, true)],
    ),
  ];
}

/** The first two columns (protocol, model) left-aligned, the figures right-aligned. */
function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}
