import { table } from '../cli/report';
import type { ConfigurationFigures, GainFigures } from './child';

export interface BenchReport {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly dataFolder: string;
  readonly configurations: readonly ConfigurationFigures[];
  readonly gains: readonly GainFigures[];
  readonly totalSeconds: number;
}

/** The benchmark as text: one row per configuration, then the bootstrap gains. */
export function formatBench(report: BenchReport): string {
  const foldNames = report.configurations[0]?.folds.map((fold) => fold.name) ?? [];
  const rows = report.configurations.map((figures) => [
    figures.name,
    String(figures.iterations),
    figures.rmse.mean.toFixed(4),
    ...figures.folds.map((fold) => fold.rmse.toFixed(4)),
    figures.msPerIterationU1.toFixed(1),
    figures.msPerIterationU1Steady.toFixed(1),
    figures.seconds.toFixed(1),
    figures.peakMemoryMb.toFixed(0),
  ]);
  return [
    `Recommender Lab benchmark, ${report.date}, Node ${report.node}, ${report.cpu} (${report.cores} cores)`,
    `Data: ${report.dataFolder}; RMSE on the canonical splits, k=10, default settings`,
    '',
    ...table(['configuration', 'iter', 'u1..u5', ...foldNames, 'ms/it u1', 'steady', 'seconds', 'peak MB'], rows),
    '',
    ...report.gains.flatMap((gain) => [
      `${gain.name}, ${gain.protocol}: paired relative RMSE gain ${(gain.gain.mean * 100).toFixed(2)}% ± ${(gain.gain.std * 100).toFixed(2)}%`,
      `  ${gain.baseline.name} RMSE ${gain.baseline.rmse.mean.toFixed(4)} ± ${gain.baseline.rmse.std.toFixed(4)}, ` +
        `${gain.candidate.name} RMSE ${gain.candidate.rmse.mean.toFixed(4)} ± ${gain.candidate.rmse.std.toFixed(4)}; ` +
        `${gain.seconds.toFixed(1)} s, peak ${gain.peakMemoryMb.toFixed(0)} MB`,
    ]),
    `Total ${report.totalSeconds.toFixed(1)} s`,
  ].join('\n');
}
