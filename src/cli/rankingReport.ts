/** The ranking figures of one or more models (and the popularity baseline) as a text table and as JSON. */
import type { EvaluationRanking, MeanStd, RankingProtocolsSummary } from '../core/eval/types';
import { RANKING_CUTOFF, RELEVANT_FROM } from '../core/eval/foldRanking';

/** A row group of the table: a model's name and its ranking summary. */
export interface RankingRow {
  readonly name: string;
  readonly ranking: RankingProtocolsSummary;
}

/** The JSON form: the summary with its cut-off and relevance threshold. */
export function rankingJson(ranking: EvaluationRanking): Record<string, unknown> {
  return { cutoff: RANKING_CUTOFF, relevantFrom: RELEVANT_FROM, ...ranking };
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

/** Both protocols, one line per model, mean ± std over folds; no lines when there is nothing to show. */
export function formatRanking(rows: readonly RankingRow[]): string[] {
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
    `Ranking, top ${RANKING_CUTOFF} (relevant: a test rating ≥ ${RELEVANT_FROM}), mean ± std over folds`,
    ...alignedTable(
      ['among', 'model', `P@${RANKING_CUTOFF}`, `R@${RANKING_CUTOFF}`, `NDCG@${RANKING_CUTOFF}`, 'MAP', 'coverage'],
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
