/**
 * Builds the Experiments table from stored runs (pure, no `vscode`). Parameter columns are the
 * model fields in which some run differs from another (the labeler's parameter diff,
 * modelDifferences), the protocol, the data folder and a comparison's baseline when they vary;
 * each is described by the run configuration schema. Metric columns: RMSE and MAE mean ± std, the
 * paired gain of comparisons, seconds; then, when some run has them, the ranking figures of both
 * protocols (mean ± std over folds) with the popularity baseline's NDCG on the same folds.
 */
import * as path from 'node:path';
import { MODEL_FIELDS, PROTOCOL_FIELDS } from '../../core/config/schema';
import type { FieldSpec } from '../../core/config/fields';
import type { ModelConfig } from '../../core/config/schema';
import type { CellValue, ExperimentColumn, ExperimentRow, ExperimentsTable } from '../../shared/experimentsTable';
import { shortTime } from '../../shared/experimentsTable';
import {
  modelDifferences,
  modelLabel,
  protocolLabel,
  RANKING_METRICS,
  rankingMetricLabel,
  rankingProtocolLabel,
} from '../../shared/labels';
import type { RankingMetric, RankingProtocol } from '../../shared/labels';
import type { EvaluationRanking, EvaluationResult, MeanStd } from '../../shared/run';
import type { RunRecord } from '../runs/runRecord';

/** The configuration a run is about: an evaluation's model, a comparison's candidate. */
function subjectOf(record: RunRecord): ModelConfig {
  return record.request.kind === 'compare' && record.request.candidate !== undefined ? record.request.candidate : record.request.model;
}

function evaluationOf(record: RunRecord): EvaluationResult | undefined {
  const result = record.result;
  if (result === undefined) return undefined;
  return result.kind === 'evaluate' ? result.evaluation : result.comparison.candidate;
}

/** "FM-MCMC", or "SVD-ALS vs FM-MCMC" for a comparison: the parameter columns say the rest. */
function modelName(record: RunRecord): string {
  const name = (config: ModelConfig): string => `${config.model.toUpperCase()}-${config.method.toUpperCase()}`;
  const subject = name(subjectOf(record));
  return record.request.kind === 'compare' ? `${name(record.request.model)} vs ${subject}` : subject;
}

/** A field's text from a difference ("—" where it does not apply) as a cell: numbers stay numbers. */
function parameterValue(spec: FieldSpec, text: string): CellValue {
  if (text === '—') return null;
  if ((spec.kind === 'integer' || spec.kind === 'number') && text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** The model fields that vary across the runs, with each run's value (in the labeler's field order). */
function varyingModelFields(configs: readonly ModelConfig[]): Map<string, CellValue[]> {
  const columns = new Map<string, CellValue[]>();
  if (configs.length < 2) return columns;
  const differences = configs.map((config) => modelDifferences(configs[0], config));
  const fields: string[] = [];
  const firstText = new Map<string, string>();
  for (const list of differences) {
    for (const difference of list) {
      if (!fields.includes(difference.field)) fields.push(difference.field);
      if (!firstText.has(difference.field)) firstText.set(difference.field, difference.from);
    }
  }
  for (const field of fields) {
    // The Model column already names the model and solver.
    if (field === 'model' || field === 'method') continue;
    const spec = MODEL_FIELDS[field as keyof ModelConfig];
    const base = firstText.get(field) ?? '—';
    columns.set(
      field,
      differences.map((list) => parameterValue(spec, list.find((difference) => difference.field === field)?.to ?? base)),
    );
  }
  return columns;
}

/** Whether a column would show more than one value (nothing counts as a value). */
function varies(values: readonly CellValue[]): boolean {
  return new Set(values.map((value) => JSON.stringify(value))).size > 1;
}

const RUN_COLUMNS: readonly ExperimentColumn[] = [
  { id: 'started', title: 'Started', group: 'run', format: 'time', description: 'When the run was started (local time).' },
  { id: 'status', title: 'Status', group: 'run', format: 'text' },
  { id: 'model', title: 'Model', group: 'run', format: 'text', description: 'Model and solver (a comparison: baseline vs candidate).' },
];

const METRIC_COLUMNS: readonly ExperimentColumn[] = [
  {
    id: 'rmse',
    title: 'RMSE',
    group: 'metric',
    format: 'rmse',
    description: 'Test RMSE, mean ± std over the folds (a comparison: the candidate’s).',
  },
  { id: 'mae', title: 'MAE', group: 'metric', format: 'rmse', description: 'Test MAE, mean ± std over the folds.' },
  {
    id: 'gain',
    title: 'Gain',
    group: 'metric',
    format: 'percent',
    description: 'A comparison’s paired relative RMSE gain of the candidate over the baseline, mean ± std over the folds.',
  },
  {
    id: 'seconds',
    title: 'Seconds',
    group: 'metric',
    format: 'seconds',
    description: 'Wall-clock seconds from the command to the final table.',
  },
];

/** A ranking column: its figure of a run's ranking summary, by the id the CSV and JSON use. */
interface RankingColumn {
  readonly column: ExperimentColumn;
  readonly value: (ranking: EvaluationRanking) => MeanStd;
}

/**
 * Per protocol: P@10, R@10, NDCG@10, MAP (and coverage among unrated films), then the popularity
 * baseline's NDCG@10 beside them so the figures mean something. Ids follow the run file's ranking
 * object ("unratedFilms.ndcgAt10", "popularity.unratedFilms.ndcgAt10").
 */
function rankingColumns(definition: { readonly cutoff: number; readonly relevantFrom: number }): RankingColumn[] {
  const { cutoff, relevantFrom } = definition;
  const protocols: RankingProtocol[] = ['testFilms', 'unratedFilms'];
  return protocols.flatMap((protocol) => {
    const group = protocol === 'testFilms' ? 'rankingTestFilms' : 'rankingUnratedFilms';
    const among = `among ${rankingProtocolLabel(protocol, true)}`;
    const relevant = `relevant: a test rating ≥ ${relevantFrom}`;
    const metrics: RankingMetric[] = protocol === 'unratedFilms' ? [...RANKING_METRICS, 'coverage'] : [...RANKING_METRICS];
    const figure = (summary: EvaluationRanking['popularity'], metric: RankingMetric): MeanStd =>
      metric === 'coverage' ? summary.unratedFilms.coverage : summary[protocol][metric];
    const columns: RankingColumn[] = metrics.map((metric) => ({
      column: {
        id: `${protocol}.${metric}`,
        title: rankingMetricLabel(metric, cutoff),
        fullTitle: `${rankingMetricLabel(metric, cutoff)} among ${rankingProtocolLabel(protocol)}`,
        group,
        format: 'number',
        higherIsBetter: true,
        description:
          metric === 'coverage'
            ? `Share of the films in some user’s top ${cutoff}, ${among}; mean ± std over the folds (a comparison: the candidate’s).`
            : `${rankingMetricLabel(metric, cutoff)} ${among} (${relevant}), mean ± std over the folds (a comparison: the candidate’s).`,
      },
      value: (ranking) => figure(ranking, metric),
    }));
    const popularity = rankingMetricLabel('ndcgAt10', cutoff);
    columns.push({
      column: {
        id: `popularity.${protocol}.ndcgAt10`,
        title: `${popularity} popularity`,
        fullTitle: `${popularity} of popularity among ${rankingProtocolLabel(protocol)}`,
        group,
        format: 'number',
        higherIsBetter: true,
        description: `The popularity baseline’s ${popularity} (films by training rating count) on the same folds, users and candidates: what the model’s figure is worth.`,
      },
      value: (ranking) => ranking.popularity[protocol].ndcgAt10,
    });
    return columns;
  });
}

/** The Experiments table of these runs (in the order given: the library's, newest first). */
export function buildExperimentsTable(records: readonly RunRecord[]): ExperimentsTable {
  const parameters: { column: ExperimentColumn; values: CellValue[] }[] = [];
  for (const [field, values] of varyingModelFields(records.map(subjectOf))) {
    parameters.push({
      column: {
        id: field,
        title: field,
        group: 'parameter',
        format: 'text',
        description: MODEL_FIELDS[field as keyof ModelConfig].description,
      },
      values,
    });
  }
  const extra: { column: ExperimentColumn; values: CellValue[] }[] = [
    {
      column: { id: 'protocol', title: 'protocol', group: 'parameter', format: 'text', description: PROTOCOL_FIELDS.protocol.description },
      values: records.map((record) => protocolLabel(record.request.protocol)),
    },
    {
      column: { id: 'data', title: 'data', group: 'parameter', format: 'text', description: 'The MovieLens folder the run read.' },
      values: records.map((record) => path.basename(record.request.dataFolder)),
    },
    {
      column: {
        id: 'baseline',
        title: 'baseline',
        group: 'parameter',
        format: 'text',
        description: 'The model a comparison measured its candidate against.',
      },
      values: records.map((record) => (record.request.kind === 'compare' ? modelLabel(record.request.model) : null)),
    },
  ];
  for (const entry of extra) if (varies(entry.values)) parameters.push(entry);

  const anyGain = records.some((record) => record.result?.kind === 'compare');
  const metrics = METRIC_COLUMNS.filter((column) => column.id !== 'gain' || anyGain);
  const firstRanking = records.map((record) => evaluationOf(record)?.ranking).find((ranking) => ranking !== undefined);
  const ranking = firstRanking === undefined ? [] : rankingColumns(firstRanking);
  // Metrics before parameters, as the DVC table has them: the numbers stay in view in a narrow editor.
  // The ranking figures after them: many columns, each group under its own header.
  const columns = [...RUN_COLUMNS, ...metrics, ...parameters.map((entry) => entry.column), ...ranking.map((entry) => entry.column)];

  const rows = records.map((record, index): ExperimentRow => {
    const evaluation = evaluationOf(record);
    const cells: Record<string, CellValue> = {
      started: record.startedAt,
      status: record.status,
      model: modelName(record),
      rmse: evaluation?.rmse ?? null,
      mae: evaluation?.mae ?? null,
      seconds: record.timings.totalSeconds ?? evaluation?.seconds ?? null,
    };
    if (anyGain) cells.gain = record.result?.kind === 'compare' ? record.result.comparison.gain : null;
    for (const entry of parameters) cells[entry.column.id] = entry.values[index];
    // A run ranked under another definition (cutoff, relevance) has no figure in these columns.
    const summary = evaluation?.ranking;
    const comparable =
      summary !== undefined && summary.cutoff === firstRanking?.cutoff && summary.relevantFrom === firstRanking.relevantFrom;
    for (const entry of ranking) cells[entry.column.id] = comparable ? entry.value(summary) : null;
    return {
      runId: record.request.runId,
      status: record.status,
      cells,
      folds: (evaluation?.folds ?? []).map((fold) => ({ name: fold.name, rmse: fold.rmse })),
      label: `${modelLabel(subjectOf(record))} · ${shortTime(record.startedAt)}`,
    };
  });
  return { columns, rows };
}
