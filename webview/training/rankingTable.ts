/**
 * The ranking tables of the Training panel as plain rows of text (pure: no DOM), one per protocol,
 * beside the RMSE tables: from the final result when the run has one, otherwise from the folds
 * finished so far. An evaluation: a row per fold, its mean ± std and the popularity baseline's
 * mean ± std on the same users and candidates. A comparison: a row per model and the baseline's.
 * Runs stored before ranking figures existed have none: no table.
 */
import type { EvaluationRanking, FoldRanking, FoldResult, MeanStd, RankingProtocolsSummary } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import {
  foldDescription,
  RANKING_METRICS,
  rankingMetricLabel,
  rankingProtocolLabel,
  roleName,
  runModels,
  sideBySideLabels,
} from '../../src/shared/labels';
import type { RankingMetric, RankingProtocol } from '../../src/shared/labels';
import { formatMeanStd, formatRmse, meanStd } from '../shared/format';
import type { Table, TableRow } from './rmseTable';

export interface RankingTable {
  readonly protocol: RankingProtocol;
  readonly table: Table;
}

export interface RankingTables {
  /** True when built from the final result, false for folds finished so far. */
  readonly final: boolean;
  readonly cutoff: number;
  readonly relevantFrom: number;
  /** Some fold ranked a sample of its test users among the unrated films (large data). */
  readonly sampled: boolean;
  readonly tables: readonly RankingTable[];
}

const PROTOCOLS: readonly RankingProtocol[] = ['testFilms', 'unratedFilms'];

/** The figures of a protocol, coverage last for the unrated films. */
function metricsOf(protocol: RankingProtocol): RankingMetric[] {
  return protocol === 'unratedFilms' ? [...RANKING_METRICS, 'coverage'] : [...RANKING_METRICS];
}

/** A figure of one fold's protocol (coverage lives with the unrated films). */
function figure(protocols: FoldRanking | FoldRanking['popularity'], protocol: RankingProtocol, metric: RankingMetric): number {
  return metric === 'coverage' ? protocols.unratedFilms.coverage : protocols[protocol][metric];
}

/** The same from a summary over folds. */
function summaryFigure(summary: RankingProtocolsSummary, protocol: RankingProtocol, metric: RankingMetric): MeanStd {
  return metric === 'coverage' ? summary.unratedFilms.coverage : summary[protocol][metric];
}

/** Undefined until a finished fold has ranking figures. */
export function buildRankingTables(state: TrainingPanelState): RankingTables | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') return evaluationTables(result.evaluation.folds, result.evaluation.ranking, true);
  if (result?.kind === 'compare') return comparisonTables(state, true);
  if (state.request.kind === 'compare') return comparisonTables(state, false);
  return evaluationTables(
    state.folds.map((done) => done.fold),
    undefined,
    false,
  );
}

function evaluationTables(folds: readonly FoldResult[], summary: EvaluationRanking | undefined, final: boolean): RankingTables | undefined {
  const ranked = folds.filter((fold): fold is FoldResult & { ranking: FoldRanking } => fold.ranking !== undefined);
  const first = ranked[0]?.ranking;
  if (first === undefined) return undefined;
  const spread = (values: readonly number[]): string => {
    const { mean, std } = meanStd(values);
    return formatMeanStd(mean, std, formatRmse, values.length);
  };
  const tables = PROTOCOLS.map((protocol): RankingTable => {
    const metrics = metricsOf(protocol);
    const rows: TableRow[] = ranked.map((fold) => ({
      kind: 'fold',
      title: fold.name,
      cells: [foldDescription(fold.name), ...metrics.map((metric) => formatRmse(figure(fold.ranking, protocol, metric)))],
    }));
    // The result's own summary when the run finished (what the run file holds), else over the folds so far.
    const modelCell = (metric: RankingMetric): string =>
      summary === undefined
        ? spread(ranked.map((fold) => figure(fold.ranking, protocol, metric)))
        : meanStdText(summaryFigure(summary, protocol, metric), ranked.length);
    const popularityCell = (metric: RankingMetric): string =>
      summary === undefined
        ? spread(ranked.map((fold) => figure(fold.ranking.popularity, protocol, metric)))
        : meanStdText(summaryFigure(summary.popularity, protocol, metric), ranked.length);
    rows.push({ kind: 'summary', cells: ['Mean ± std', ...metrics.map(modelCell)] });
    rows.push({
      kind: 'summary',
      title: 'Films ranked by their number of training ratings, on the same users and candidates',
      cells: ['Popularity baseline', ...metrics.map(popularityCell)],
    });
    return { protocol, table: { columns: columnsOf(metrics, first.cutoff, 'Fold'), rows } };
  });
  return { final, cutoff: first.cutoff, relevantFrom: first.relevantFrom, sampled: ranked.some((fold) => fold.ranking.sampled), tables };
}

/** A comparison: each model's mean ± std (its result's summary, or over its folds so far), then popularity's. */
function comparisonTables(state: TrainingPanelState, final: boolean): RankingTables | undefined {
  const roles = runModels(state.request);
  const labels = sideBySideLabels(roles.map((model) => model.config));
  const comparison = state.result?.kind === 'compare' ? state.result.comparison : undefined;
  const models = roles.map(({ role }, index) => {
    const evaluation =
      comparison === undefined
        ? undefined
        : role === 'baseline'
          ? comparison.baseline
          : role === 'best'
            ? comparison.best?.evaluation
            : comparison.candidate;
    const folds = evaluation?.folds ?? state.folds.filter((done) => done.role === role).map((done) => done.fold);
    const ranked = folds.flatMap((fold) => (fold.ranking === undefined ? [] : [fold.ranking]));
    return { name: roleName(state.request, role), label: labels[index] ?? '', summary: evaluation?.ranking, ranked };
  });
  const first = models.find((model) => model.ranked.length > 0)?.ranked[0];
  if (first === undefined) return undefined;
  // Every model of a run is ranked on the same folds, users and candidates: popularity is the same for each.
  const popularitySource = models.find((model) => model.ranked.length > 0) ?? models[0];
  const tables = PROTOCOLS.map((protocol): RankingTable => {
    const metrics = metricsOf(protocol);
    const cell = (
      summary: RankingProtocolsSummary | undefined,
      folds: readonly (FoldRanking | FoldRanking['popularity'])[],
      metric: RankingMetric,
    ): string => {
      if (summary !== undefined) return meanStdText(summaryFigure(summary, protocol, metric), folds.length);
      if (folds.length === 0) return '–';
      const { mean, std } = meanStd(folds.map((fold) => figure(fold, protocol, metric)));
      return formatMeanStd(mean, std, formatRmse, folds.length);
    };
    const rows: TableRow[] = models.map((model) => ({
      kind: 'summary',
      detail: model.label,
      cells: [model.name, ...metrics.map((metric) => cell(model.summary, model.ranked, metric))],
    }));
    rows.push({
      kind: 'summary',
      title: 'Films ranked by their number of training ratings, on the same users and candidates',
      cells: [
        'Popularity baseline',
        ...metrics.map((metric) =>
          cell(
            popularitySource.summary?.popularity,
            popularitySource.ranked.map((fold) => fold.popularity),
            metric,
          ),
        ),
      ],
    });
    return { protocol, table: { columns: columnsOf(metrics, first.cutoff, 'Model'), rows } };
  });
  const sampled = models.some((model) => model.ranked.some((fold) => fold.sampled));
  return { final, cutoff: first.cutoff, relevantFrom: first.relevantFrom, sampled, tables };
}

function columnsOf(metrics: readonly RankingMetric[], cutoff: number, first: string): Table['columns'] {
  return [{ title: first, numeric: false }, ...metrics.map((metric) => ({ title: rankingMetricLabel(metric, cutoff), numeric: true }))];
}

/** "0.3123 ± 0.0101" (a single fold has no spread). */
function meanStdText(value: MeanStd, count: number): string {
  return formatMeanStd(value.mean, value.std, formatRmse, count);
}

/** The heading of a protocol's table: "Ranking among test films". */
export function rankingHeading(protocol: RankingProtocol): string {
  return `Ranking among ${rankingProtocolLabel(protocol)}`;
}
