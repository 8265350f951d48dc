/**
 * The RMSE table as plain rows of text (pure: no DOM), from the final result when the run has
 * one, otherwise from the folds finished so far (a running, failed or cancelled run).
 */
import type { EvaluationResult, FoldDoneParams, FoldResult, ModelConfig, ModelRole } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { formatMeanStd, formatPercent, formatRmse, formatSeconds, meanStd } from '../shared/format';
import { modelLabel } from '../../src/shared/labels';

export interface TableColumn {
  readonly title: string;
  readonly numeric: boolean;
}

export interface TableRow {
  readonly kind: 'fold' | 'summary';
  readonly cells: readonly string[];
}

export interface RmseTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
  /** True when built from the final result, false for folds finished so far. */
  readonly final: boolean;
  /** compare runs: the paired gain of the candidate over the baseline, e.g. "+2.91 ± 0.35 %". */
  readonly gain?: string;
}

/** Names for the two models of a comparison that tell them apart as briefly as possible. */
export function shortModelNames(baseline: ModelConfig, candidate: ModelConfig): [string, string] {
  if (baseline.model !== candidate.model) return [baseline.model.toUpperCase(), candidate.model.toUpperCase()];
  return [modelLabel(baseline), modelLabel(candidate)];
}

/** Undefined until there is at least one finished fold. */
export function buildRmseTable(state: TrainingPanelState): RmseTable | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') return evaluationTable(result.evaluation);
  if (result?.kind === 'compare') {
    const { baseline, candidate, gain, gainPerFold } = result.comparison;
    const names = shortModelNames(baseline.model, candidate.model);
    return compareTable(
      names,
      baseline.folds,
      candidate.folds,
      gainPerFold,
      [baseline, candidate],
      formatGain(gain.mean, gain.std),
    );
  }
  if (state.folds.length === 0) return undefined;
  if (state.request.kind === 'compare' && state.request.candidate) {
    return partialCompareTable(state, shortModelNames(state.request.model, state.request.candidate));
  }
  return partialEvaluationTable(state.folds.map((done) => done.fold));
}

/** A mean gain with its spread, signed like the per-fold gains: "+2.91 ± 0.23 %". */
export function formatGain(mean: number, std: number): string {
  return `${formatPercent(mean).replace(' %', '')} ± ${(std * 100).toFixed(2)} %`;
}

function evaluationColumns(): TableColumn[] {
  return [
    { title: 'Fold', numeric: false },
    { title: 'RMSE', numeric: true },
    { title: 'MAE', numeric: true },
    { title: 'Iterations', numeric: true },
    { title: 'Seconds', numeric: true },
  ];
}

function foldCells(fold: FoldResult): string[] {
  return [formatRmse(fold.rmse), formatRmse(fold.mae)];
}

function evaluationTable(evaluation: EvaluationResult): RmseTable {
  const rows: TableRow[] = evaluation.folds.map((fold) => ({
    kind: 'fold',
    cells: [fold.name, ...foldCells(fold), String(fold.iterations), formatSeconds(fold.seconds)],
  }));
  const seconds = meanStd(evaluation.folds.map((fold) => fold.seconds));
  rows.push({
    kind: 'summary',
    cells: [
      'Mean ± std',
      formatMeanStd(evaluation.rmse.mean, evaluation.rmse.std, formatRmse),
      formatMeanStd(evaluation.mae.mean, evaluation.mae.std, formatRmse),
      '',
      formatMeanStd(seconds.mean, seconds.std, formatSeconds),
    ],
  });
  return { columns: evaluationColumns(), rows, final: true };
}

function partialEvaluationTable(folds: readonly FoldResult[]): RmseTable {
  const rows: TableRow[] = folds.map((fold) => ({
    kind: 'fold',
    cells: [fold.name, ...foldCells(fold), String(fold.iterations), formatSeconds(fold.seconds)],
  }));
  rows.push({ kind: 'summary', cells: summaryCells('Mean ± std', folds) });
  return { columns: evaluationColumns(), rows, final: false };
}

function summaryCells(title: string, folds: readonly FoldResult[]): string[] {
  const [rmse, mae, seconds] = modelSummary(folds);
  return [title, rmse, mae, '', seconds];
}

/** Mean ± std of RMSE, MAE and seconds over some folds of one model. */
function modelSummary(folds: readonly FoldResult[]): [string, string, string] {
  if (folds.length === 0) return ['–', '–', '–'];
  const rmse = meanStd(folds.map((fold) => fold.rmse));
  const mae = meanStd(folds.map((fold) => fold.mae));
  const seconds = meanStd(folds.map((fold) => fold.seconds));
  return [
    formatMeanStd(rmse.mean, rmse.std, formatRmse, folds.length),
    formatMeanStd(mae.mean, mae.std, formatRmse, folds.length),
    formatMeanStd(seconds.mean, seconds.std, formatSeconds, folds.length),
  ];
}

function compareColumns(names: readonly [string, string]): TableColumn[] {
  const modelColumns = (name: string): TableColumn[] => [
    { title: `${name} RMSE`, numeric: true },
    { title: `${name} MAE`, numeric: true },
    { title: `${name} sec`, numeric: true },
  ];
  return [
    { title: 'Fold', numeric: false },
    ...modelColumns(names[0]),
    ...modelColumns(names[1]),
    { title: 'Gain', numeric: true },
  ];
}

function compareRow(name: string, baseline?: FoldResult, candidate?: FoldResult, gain?: number): TableRow {
  const cells = (fold?: FoldResult) =>
    fold ? [formatRmse(fold.rmse), formatRmse(fold.mae), formatSeconds(fold.seconds)] : ['–', '–', '–'];
  return { kind: 'fold', cells: [name, ...cells(baseline), ...cells(candidate), formatPercent(gain)] };
}

function compareTable(
  names: [string, string],
  baselineFolds: readonly FoldResult[],
  candidateFolds: readonly FoldResult[],
  gainPerFold: readonly number[],
  evaluations: readonly [EvaluationResult, EvaluationResult],
  gain: string,
): RmseTable {
  const candidateByName = new Map(candidateFolds.map((fold) => [fold.name, fold]));
  const rows: TableRow[] = baselineFolds.map((fold, index) =>
    compareRow(fold.name, fold, candidateByName.get(fold.name), gainPerFold[index]),
  );
  const summary = (evaluation: EvaluationResult) => {
    const seconds = meanStd(evaluation.folds.map((fold) => fold.seconds));
    return [
      formatMeanStd(evaluation.rmse.mean, evaluation.rmse.std, formatRmse),
      formatMeanStd(evaluation.mae.mean, evaluation.mae.std, formatRmse),
      formatMeanStd(seconds.mean, seconds.std, formatSeconds),
    ];
  };
  rows.push({
    kind: 'summary',
    cells: ['Mean ± std', ...summary(evaluations[0]), ...summary(evaluations[1]), gain],
  });
  return { columns: compareColumns(names), rows, final: true, gain };
}

function partialCompareTable(state: TrainingPanelState, names: [string, string]): RmseTable {
  const order: string[] = [];
  const byRole = new Map<ModelRole, Map<string, FoldResult>>();
  for (const done of state.folds) {
    if (!order.includes(done.fold.name)) order.push(done.fold.name);
    const folds = byRole.get(done.role) ?? new Map<string, FoldResult>();
    folds.set(done.fold.name, done.fold);
    byRole.set(done.role, folds);
  }
  const baseline = byRole.get('baseline') ?? new Map<string, FoldResult>();
  const candidate = byRole.get('candidate') ?? new Map<string, FoldResult>();
  const gains: number[] = [];
  const rows = order.map((name) => {
    const left = baseline.get(name);
    const right = candidate.get(name);
    const gain = left && right ? (left.rmse - right.rmse) / left.rmse : undefined;
    if (gain !== undefined) gains.push(gain);
    return compareRow(name, left, right, gain);
  });
  const gain = meanStd(gains);
  const gainText = gains.length > 1 ? formatGain(gain.mean, gain.std) : formatPercent(gains[0]);
  rows.push({
    kind: 'summary',
    cells: [
      'Mean ± std',
      ...modelSummary([...baseline.values()]),
      ...modelSummary([...candidate.values()]),
      gainText,
    ],
  });
  return { columns: compareColumns(names), rows, final: false, gain: gains.length ? gainText : undefined };
}

/** Folds finished by one role (used by the header's progress). */
export function finishedFolds(folds: readonly FoldDoneParams[], role: ModelRole): number {
  return folds.filter((done) => done.role === role).length;
}
