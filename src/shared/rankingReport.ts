/**
 * The ranking figures of one or more models and the popularity baseline as a text table, for
 * every face that prints a run (src/shared/runReport.ts: the CLI and the extension's Output channel).
 */
import { RANKING_METRICS, rankingDefinitionLabel, rankingMetricLabel, rankingProtocolLabel } from './labels';
import type { RankingProtocol } from './labels';
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
  const lines = (protocol: RankingProtocol) =>
    rows.map((row, index) => {
      const figures = row.ranking[protocol];
      const cells = RANKING_METRICS.map((metric) => cell(figures[metric]));
      cells.push(protocol === 'unratedFilms' ? cell(row.ranking.unratedFilms.coverage) : '');
      return [index === 0 ? rankingProtocolLabel(protocol) : '', row.name, ...cells];
    });
  return [
    `Ranking, top ${cutoff} (relevant: a test rating ≥ ${relevantFrom}), mean ± std over folds`,
    ...alignedTable(
      ['among', 'model', ...RANKING_METRICS.map((metric) => rankingMetricLabel(metric, cutoff)), rankingMetricLabel('coverage', cutoff)],
      [...lines('testFilms'), ...lines('unratedFilms')],
    ),
  ];
}

/**
 * The ranking figures in a few lines, for a tooltip: per protocol the model's figures (mean ± std
 * over folds), then the popularity baseline's NDCG on the same users and candidates.
 */
export function rankingSummaryLines(ranking: EvaluationRanking): string[] {
  const { cutoff } = ranking;
  const cell = (value: MeanStd): string => `${fixed(value.mean)} ± ${fixed(value.std)}`;
  const protocols: RankingProtocol[] = ['testFilms', 'unratedFilms'];
  return [
    `Ranking (${rankingDefinitionLabel(ranking)}), mean ± std over folds:`,
    ...protocols.map((protocol) => {
      const figures = ranking[protocol];
      const parts = RANKING_METRICS.map((metric) => `${rankingMetricLabel(metric, cutoff)} ${cell(figures[metric])}`);
      if (protocol === 'unratedFilms') parts.push(`${rankingMetricLabel('coverage', cutoff)} ${cell(ranking.unratedFilms.coverage)}`);
      const popularity = `${rankingMetricLabel('ndcgAt10', cutoff)} ${cell(ranking.popularity[protocol].ndcgAt10)}`;
      return `among ${rankingProtocolLabel(protocol)}: ${parts.join(', ')} (popularity: ${popularity})`;
    }),
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
