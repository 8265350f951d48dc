/**
 * The RMSE tables as plain rows of text (pure: no DOM), from the final result when the run has
 * one, otherwise from the folds finished so far (a running, failed or cancelled run).
 *
 * An evaluation: one table, a row per fold and a mean ± std row. A comparison (baseline, candidate
 * and optionally the best FM): a table of the models (name over configuration, RMSE, MAE, seconds
 * per fold, paired gain over the baseline) and a table of RMSE per fold with the paired gains, narrow enough
 * for a half-width editor.
 */
import type { EvaluationResult, FoldResult, MeanStd, ModelRole } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { foldDescription, roleName, runModels, sideBySideLabels } from '../../src/shared/labels';
import { formatMeanStd, formatPercent, formatRmse, formatSeconds, meanStd } from '../shared/format';

export interface TableColumn {
  readonly title: string;
  readonly numeric: boolean;
}

export interface TableRow {
  readonly kind: 'fold' | 'summary';
  readonly cells: readonly string[];
  /** Tooltip of the row (a fold's short name, e.g. "r1f2"). */
  readonly title?: string;
  /** A second line under the first cell (a model's configuration under its name). */
  readonly detail?: string;
}

export interface Table {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

export interface RmseTables {
  /** True when built from the final result, false for folds finished so far. */
  readonly final: boolean;
  /** Comparisons: one row per model. */
  readonly models?: Table;
  /** One row per fold (an evaluation's ends with mean ± std). */
  readonly folds: Table;
}

/** Undefined until there is at least one finished fold. */
export function buildRmseTables(state: TrainingPanelState): RmseTables | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') return { final: true, folds: evaluationTable(result.evaluation.folds, result.evaluation) };
  if (result === undefined && state.folds.length === 0) return undefined;
  if (state.request.kind === 'compare') return comparisonTables(state);
  return { final: false, folds: evaluationTable(state.folds.map((done) => done.fold)) };
}

/** A mean gain with its spread, signed like the per-fold gains: "+2.91 ± 0.23 %". */
export function formatGain(mean: number, std: number): string {
  if (!Number.isFinite(std)) return formatPercent(mean);
  return `${formatPercent(mean).replace(' %', '')} ± ${(std * 100).toFixed(2)} %`;
}

function evaluationTable(folds: readonly FoldResult[], evaluation?: EvaluationResult): Table {
  const rows: TableRow[] = folds.map((fold) => ({
    kind: 'fold',
    title: fold.name,
    cells: [foldDescription(fold.name), formatRmse(fold.rmse), formatRmse(fold.mae), String(fold.iterations), formatSeconds(fold.seconds)],
  }));
  const rmse = evaluation?.rmse ?? meanStd(folds.map((fold) => fold.rmse));
  const mae = evaluation?.mae ?? meanStd(folds.map((fold) => fold.mae));
  const seconds = meanStd(folds.map((fold) => fold.seconds));
  rows.push({
    kind: 'summary',
    cells: [
      'Mean ± std',
      formatMeanStd(rmse.mean, rmse.std, formatRmse, folds.length),
      formatMeanStd(mae.mean, mae.std, formatRmse, folds.length),
      '',
      formatMeanStd(seconds.mean, seconds.std, formatSeconds, folds.length),
    ],
  });
  const columns = [
    { title: 'Fold', numeric: false },
    { title: 'RMSE', numeric: true },
    { title: 'MAE', numeric: true },
    { title: 'Iterations', numeric: true },
    { title: 'Seconds', numeric: true },
  ];
  return { columns, rows };
}

/** One model of a comparison as the tables need it. */
interface ComparedModel {
  readonly role: ModelRole;
  readonly name: string;
  readonly label: string;
  readonly folds: ReadonlyMap<string, FoldResult>;
  /** Paired gain over the baseline per fold name (none for the baseline). */
  readonly gains: ReadonlyMap<string, number>;
  readonly rmse: MeanStd | undefined;
  readonly mae: MeanStd | undefined;
  readonly gain: MeanStd | undefined;
}

function comparisonTables(state: TrainingPanelState): RmseTables {
  const models = comparedModels(state);
  const baselineName = models[0]?.name ?? 'baseline';
  const order = foldOrder(state, models);
  const modelColumns: TableColumn[] = [
    { title: 'Model', numeric: false },
    { title: 'RMSE', numeric: true },
    { title: 'MAE', numeric: true },
    { title: 'Seconds per fold', numeric: true },
    { title: `Gain over ${baselineName}`, numeric: true },
  ];
  const modelRows: TableRow[] = models.map((model, index) => {
    const folds = [...model.folds.values()];
    const seconds = meanStd(folds.map((fold) => fold.seconds));
    const spread = (value: MeanStd | undefined, format: (number: number) => string): string =>
      value === undefined ? '–' : formatMeanStd(value.mean, value.std, format, folds.length);
    return {
      kind: 'summary',
      detail: model.label,
      cells: [
        model.name,
        spread(model.rmse, formatRmse),
        spread(model.mae, formatRmse),
        spread(folds.length === 0 ? undefined : seconds, formatSeconds),
        index === 0 ? '—' : model.gain === undefined ? '–' : formatGain(model.gain.mean, model.gain.std),
      ],
    };
  });
  const foldColumns: TableColumn[] = [{ title: 'Fold', numeric: false }];
  models.forEach((model, index) => {
    foldColumns.push({ title: `RMSE ${model.name}`, numeric: true });
    if (index > 0) foldColumns.push({ title: `Gain ${model.name}`, numeric: true });
  });
  const foldRows: TableRow[] = order.map((name) => {
    const cells = [foldDescription(name)];
    models.forEach((model, index) => {
      cells.push(formatRmse(model.folds.get(name)?.rmse));
      if (index > 0) cells.push(formatPercent(model.gains.get(name)));
    });
    return { kind: 'fold', title: name, cells };
  });
  return {
    final: state.result !== undefined,
    models: { columns: modelColumns, rows: modelRows },
    folds: { columns: foldColumns, rows: foldRows },
  };
}

/** The models of a comparison from its result, or from the folds finished so far. */
function comparedModels(state: TrainingPanelState): ComparedModel[] {
  const roles = runModels(state.request);
  const labels = sideBySideLabels(roles.map((model) => model.config));
  const result = state.result?.kind === 'compare' ? state.result.comparison : undefined;
  if (result !== undefined) {
    const entries: { role: ModelRole; evaluation: EvaluationResult; gainPerFold?: readonly number[]; gain?: MeanStd }[] = [
      { role: 'baseline', evaluation: result.baseline },
      { role: 'candidate', evaluation: result.candidate, gainPerFold: result.gainPerFold, gain: result.gain },
    ];
    if (result.best !== undefined) {
      entries.push({ role: 'best', evaluation: result.best.evaluation, gainPerFold: result.best.gainPerFold, gain: result.best.gain });
    }
    return entries.map((entry, index) => ({
      role: entry.role,
      name: roleName(state.request, entry.role),
      label: labels[index] ?? '',
      folds: new Map(entry.evaluation.folds.map((fold) => [fold.name, fold])),
      // Per-fold gains follow the baseline's fold order.
      gains: new Map(result.baseline.folds.map((fold, foldIndex) => [fold.name, entry.gainPerFold?.[foldIndex] ?? Number.NaN])),
      rmse: entry.evaluation.rmse,
      mae: entry.evaluation.mae,
      gain: entry.gain,
    }));
  }
  const byRole = new Map<ModelRole, Map<string, FoldResult>>();
  for (const done of state.folds) {
    const folds = byRole.get(done.role) ?? new Map<string, FoldResult>();
    folds.set(done.fold.name, done.fold);
    byRole.set(done.role, folds);
  }
  const baseline = byRole.get('baseline') ?? new Map<string, FoldResult>();
  return roles.map(({ role }, index) => {
    const folds = byRole.get(role) ?? new Map<string, FoldResult>();
    const gains = new Map<string, number>();
    if (role !== 'baseline') {
      for (const [name, fold] of folds) {
        const base = baseline.get(name);
        if (base !== undefined) gains.set(name, (base.rmse - fold.rmse) / base.rmse);
      }
    }
    const values = [...folds.values()];
    return {
      role,
      name: roleName(state.request, role),
      label: labels[index] ?? '',
      folds,
      gains,
      rmse: values.length === 0 ? undefined : meanStd(values.map((fold) => fold.rmse)),
      mae: values.length === 0 ? undefined : meanStd(values.map((fold) => fold.mae)),
      gain: gains.size === 0 ? undefined : withOneFoldStd(meanStd([...gains.values()]), gains.size),
    };
  });
}

/** One fold has no spread: NaN, so the gain reads "+2.91 %" rather than "± 0.00 %". */
function withOneFoldStd(value: MeanStd, count: number): MeanStd {
  return count < 2 ? { mean: value.mean, std: Number.NaN } : value;
}

/** Fold names in the order the protocol made them (the baseline's), or by name while running. */
function foldOrder(state: TrainingPanelState, models: readonly ComparedModel[]): string[] {
  const names = new Set<string>();
  for (const model of models) for (const name of model.folds.keys()) names.add(name);
  if (state.result !== undefined) return [...names];
  // Parallel folds finish in any order: "r1f2" before "r1f10", "r2f1" after both.
  return [...names].sort((left, right) => left.localeCompare(right, 'en', { numeric: true }));
}
