import { table } from '../cli/report';
import type { MeanStd } from '../core/eval/types';
import { REFERENCE_ROW } from './accuracyRows';

/** One protocol's figures of one row: RMSE mean ± std over folds, and each fold's. */
export interface ProtocolFigures {
  readonly seed: number;
  readonly rmse: MeanStd;
  readonly folds: readonly { readonly name: string; readonly rmse: number }[];
}

export interface AccuracyFigures {
  readonly name: string;
  readonly label: string;
  /** Null when only the time was measured (--timing-only). */
  readonly canonical: ProtocolFigures | null;
  readonly bootstrap: readonly ProtocolFigures[];
  /** u1, ms per iteration after the first, medians over interleaved rounds (null: the reference itself). */
  readonly timing: {
    readonly rounds: number;
    readonly wall: number;
    readonly referenceWall: number;
    readonly cpu: number;
    readonly referenceCpu: number;
    readonly ratio: number;
    readonly cpuRatio: number;
  } | null;
}

export interface AccuracyReport {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly dataFolder: string;
  /** The row the others are read against (absent in reports from before --reference: `reference`). */
  readonly reference?: string;
  readonly rows: readonly AccuracyFigures[];
  readonly totalSeconds: number;
}

/** A row against the reference on the same folds: mean RMSE difference and the folds it is lower on. */
export function pairedDifference(
  row: readonly { readonly rmse: number }[],
  reference: readonly { readonly rmse: number }[],
): { delta: number; lower: number; of: number } {
  if (row.length !== reference.length) throw new Error(`paired folds differ in number: ${row.length} and ${reference.length}`);
  let sum = 0;
  let lower = 0;
  row.forEach((fold, index) => {
    sum += fold.rmse - reference[index].rmse;
    if (fold.rmse < reference[index].rmse) lower++;
  });
  return { delta: sum / row.length, lower, of: row.length };
}

/** The table: u1, u1..u5, bootstrap per seed (with the differences from the reference), u1 time ratio. */
export function formatAccuracy(report: AccuracyReport): string {
  const referenceName = report.reference ?? REFERENCE_ROW;
  const reference = report.rows.find((row) => row.name === referenceName);
  const versus = (own: readonly { readonly rmse: number }[], base: readonly { readonly rmse: number }[] | undefined): string => {
    if (!base || own === base) return '';
    const { delta, lower, of } = pairedDifference(own, base);
    return ` ${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(4)} (${lower}/${of})`;
  };
  const seeds = report.rows[0]?.bootstrap.map((one) => one.seed) ?? [];
  const rows = report.rows.map((row) => [
    row.name,
    row.canonical?.folds.find((fold) => fold.name === 'u1')?.rmse.toFixed(4) ?? '',
    row.canonical ? row.canonical.rmse.mean.toFixed(4) + versus(row.canonical.folds, reference?.canonical?.folds) : '',
    ...row.bootstrap.map(
      (one, index) => `${one.rmse.mean.toFixed(4)} ± ${one.rmse.std.toFixed(4)}${versus(one.folds, reference?.bootstrap[index]?.folds)}`,
    ),
    row.timing ? `${row.timing.wall.toFixed(1)} / ${row.timing.referenceWall.toFixed(1)}` : '',
    row.timing ? `${row.timing.ratio.toFixed(2)} (CPU ${row.timing.cpuRatio.toFixed(2)})` : '',
  ]);
  return [
    `Issue 11 accuracy table, ${report.date}, Node ${report.node}, ${report.cpu} (${report.cores} cores), data ${report.dataFolder}`,
    `FM-MCMC rows; RMSE differences from the reference (${referenceName}) on the same folds (folds lower / folds); ms/it on u1 after the first, medians of interleaved rounds`,
    ...table(['row', 'u1', 'u1..u5', ...seeds.map((seed) => `bootstrap 2×5 seed ${seed}`), 'ms/it row / reference', 'ratio'], rows),
    '',
    ...report.rows.map((row) => `${row.name}: ${row.label}`),
    `Total ${report.totalSeconds.toFixed(1)} s`,
  ].join('\n');
}
