import { table } from '../cli/report';
import type { ConfigurationFigures, GainFigures } from './child';
import { kernelFloor, type KernelFigures } from './kernels';
import type { SideBySideRow } from './sideBySide';

export interface BenchReport {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly dataFolder: string;
  readonly configurations: readonly ConfigurationFigures[];
  readonly kernels?: KernelFigures;
  readonly gains: readonly GainFigures[];
  readonly sideBySide?: readonly SideBySideRow[];
  readonly totalSeconds: number;
}

/** The benchmark as text: one row per configuration, the kernel floor, the gains, libFM beside. */
export function formatBench(report: BenchReport): string {
  const foldNames = report.configurations[0]?.folds.map((fold) => fold.name) ?? [];
  const rows = report.configurations.map((figures) => [
    figures.name,
    String(figures.iterations),
    figures.rmse.mean.toFixed(4),
    ...figures.folds.map((fold) => fold.rmse.toFixed(4)),
    figures.msPerIterationU1.toFixed(1),
    figures.msPerIterationU1Steady.toFixed(1),
    figures.cpuMsPerIterationU1Steady.toFixed(1),
    figures.seconds.toFixed(1),
    figures.peakMemoryMb.toFixed(0),
  ]);
  return [
    `Recommender Lab benchmark, ${report.date}, Node ${report.node}, ${report.cpu} (${report.cores} cores)`,
    `Data: ${report.dataFolder}; RMSE on the canonical splits, k=10, default settings`,
    '',
    ...table(['configuration', 'iter', 'u1..u5', ...foldNames, 'ms/it u1', 'steady', 'cpu', 'seconds', 'peak MB'], rows),
    ...(report.kernels ? ['', ...formatKernels(report.kernels, report.configurations)] : []),
    '',
    ...report.gains.flatMap((gain) => [
      `${gain.name}, ${gain.protocol}: paired relative RMSE gain ${(gain.gain.mean * 100).toFixed(2)}% ± ${(gain.gain.std * 100).toFixed(2)}%`,
      `  ${gain.baseline.name} RMSE ${gain.baseline.rmse.mean.toFixed(4)} ± ${gain.baseline.rmse.std.toFixed(4)}, ` +
        `${gain.candidate.name} RMSE ${gain.candidate.rmse.mean.toFixed(4)} ± ${gain.candidate.rmse.std.toFixed(4)}; ` +
        `${gain.seconds.toFixed(1)} s, peak ${gain.peakMemoryMb.toFixed(0)} MB`,
    ]),
    ...(report.sideBySide ? ['', ...formatSideBySide(report.sideBySide)] : []),
    `Total ${report.totalSeconds.toFixed(1)} s`,
  ].join('\n');
}

function formatKernels(kernels: KernelFigures, configurations: readonly ConfigurationFigures[]): string[] {
  const names = Object.keys(kernels.compiled);
  const rows = names.map((name) => {
    const compiled = kernels.compiled[name];
    const direct = kernels.direct[name] ?? Number.NaN;
    return [name, compiled.toFixed(2), direct.toFixed(2), (direct / compiled).toFixed(2)];
  });
  const floor = kernelFloor(kernels.compiled);
  const directTotal = kernelFloor(kernels.direct);
  rows.push(['kernel floor (sum)', floor.toFixed(2), directTotal.toFixed(2), (directTotal / floor).toFixed(2)]);
  const side = configurations.find((figures) => figures.name === 'FM-MCMC side');
  return [
    `FM-MCMC kernels alone, features ${kernels.features}, median CPU ms per sweep over ${kernels.folds.join(', ')} in turn:`,
    'compiled per fold, the block loops in WebAssembly (what the solver runs), against the factories called directly (one shared closure, all JavaScript)',
    ...table(['kernel', 'per fold', 'direct', 'direct/per fold'], rows),
    side
      ? `FM-MCMC side u1: ${side.cpuMsPerIterationU1Steady.toFixed(1)} CPU ms/iteration = ${(side.cpuMsPerIterationU1Steady / floor).toFixed(2)} × the kernel floor`
      : `Kernel floor on u1 side: ${floor.toFixed(1)} ms per sweep`,
  ];
}

function formatSideBySide(rows: readonly SideBySideRow[]): string[] {
  const rounds = rows[0]?.rounds.length ?? 0;
  return [
    `FM-MCMC beside libFM's block mode on u1 (same features, k=10, same iterations), median of ${rounds} interleaved rounds,`,
    "ms per iteration after the first; ratio = project / libFM (below 1: faster than libFM). RMSE: each one's own posterior mean",
    ...table(
      ['configuration', 'project', 'libFM', 'ratio', 'CPU project', 'CPU libFM', 'CPU ratio', 'RMSE project', 'RMSE libFM'],
      rows.map((row) => [
        row.name,
        row.project.wall.toFixed(1),
        row.libfm.wall.toFixed(1),
        row.ratio.wall.toFixed(2),
        row.project.cpu.toFixed(1),
        row.libfm.cpu.toFixed(1),
        row.ratio.cpu.toFixed(2),
        row.project.testRmse.toFixed(4),
        row.libfm.testRmse.toFixed(4),
      ]),
    ),
  ];
}
