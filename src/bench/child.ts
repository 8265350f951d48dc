import { loadMovieLens } from '../core/data/load';
import type { MovieLensData } from '../core/data/types';
import { compare, evaluate } from '../core/eval/evaluate';
import { rmse } from '../core/eval/metrics';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { makeFolds } from '../core/eval/protocols';
import type { MeanStd } from '../core/eval/types';
import { modelLabel } from '../shared/labels';
import { trainModel } from '../core/eval/trainModel';
import type { IterationProgress } from '../core/train/types';
import { benchConfigurations, gainBaseline, gainCandidates, KERNEL_FEATURES } from './configurations';
import { timeKernels, type KernelFigures } from './kernels';

/** One configuration's figures on u1..u5, measured in a process of its own. */
export interface ConfigurationFigures {
  readonly name: string;
  readonly label: string;
  readonly iterations: number;
  readonly rmse: MeanStd;
  readonly folds: readonly { readonly name: string; readonly rmse: number; readonly mae: number; readonly seconds: number }[];
  /** u1 fold: training seconds (setup included) over iterations. */
  readonly msPerIterationU1: number;
  /** u1 fold: from the end of the first iteration to the last, setup and warm-up excluded. */
  readonly msPerIterationU1Steady: number;
  /** The same in CPU time of this process (less disturbed by other work on the machine). */
  readonly cpuMsPerIterationU1Steady: number;
  readonly seconds: number;
  readonly peakMemoryMb: number;
}

export interface GainFigures {
  readonly name: string;
  readonly protocol: string;
  readonly baseline: { readonly name: string; readonly rmse: MeanStd };
  readonly candidate: { readonly name: string; readonly rmse: MeanStd };
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
  readonly seconds: number;
  readonly peakMemoryMb: number;
}

/** One configuration trained on u1 alone (the side-by-side rounds with libFM). */
export interface U1Figures {
  readonly name: string;
  readonly iterations: number;
  /** Wall and CPU ms per iteration from the end of the first iteration to the last. */
  readonly msPerIteration: number;
  readonly cpuMsPerIteration: number;
  readonly testRmse: number;
}

export type ChildFigures = ConfigurationFigures | GainFigures | U1Figures | KernelFigures;

/** Prefix of a gain task: "gain:" and the candidate's configuration name. */
export const GAIN_TASK = 'gain:';
/** Prefix of a u1-only task: "u1:" and the configuration name. */
export const U1_TASK = 'u1:';
/** The kernel timing task. */
export const KERNELS_TASK = 'kernels';

/** Folds the kernels are timed on, one after another. */
const KERNEL_FOLDS = 3;

/**
 * Runs one benchmark task and returns its figures: a configuration by name on u1..u5,
 * "gain:<candidate>", "u1:<configuration>" or "kernels".
 */
export function runChild(task: string, dataFolder: string, log: (text: string) => void): ChildFigures {
  const started = performance.now();
  const data = loadMovieLens(dataFolder);
  if (task === KERNELS_TASK) return timeKernels(data, KERNEL_FEATURES, KERNEL_FOLDS);
  if (task.startsWith(U1_TASK)) return runU1(data, task.slice(U1_TASK.length));
  if (task.startsWith(GAIN_TASK)) {
    const baseline = gainBaseline();
    const candidate = gainCandidates().find((configuration) => configuration.name === task.slice(GAIN_TASK.length));
    if (!candidate) throw new Error(`unknown gain candidate in '${task}'`);
    const comparison = compare(data, baseline.config, candidate.config, defaultProtocolConfig(), {
      onFold: (fold, result) => log(`  ${fold.role} ${fold.foldName} RMSE ${result.rmse.toFixed(4)} ${result.seconds.toFixed(1)} s`),
    });
    return {
      name: `${candidate.name} over ${baseline.name}`,
      protocol: 'bootstrap 2-fold × 5',
      baseline: { name: baseline.name, rmse: comparison.baseline.rmse },
      candidate: { name: candidate.name, rmse: comparison.candidate.rmse },
      gain: comparison.gain,
      gainPerFold: comparison.gainPerFold,
      seconds: (performance.now() - started) / 1000,
      peakMemoryMb: peakMemoryMb(),
    };
  }
  const configuration = benchConfigurations().find((candidate) => candidate.name === task);
  if (!configuration) throw new Error(`unknown benchmark configuration '${task}'`);
  let msPerIterationU1 = Number.NaN;
  let msPerIterationU1Steady = Number.NaN;
  const u1Clock = new SteadyClock();
  const result = evaluate(data, configuration.config, defaultProtocolConfig({ protocol: 'canonical' }), {
    onIteration: (fold, progress) => {
      if (fold.foldName === 'u1') u1Clock.tick(progress);
    },
    onFold: (fold, foldResult, fit) => {
      log(`  ${fold.foldName} RMSE ${foldResult.rmse.toFixed(4)} ${foldResult.seconds.toFixed(1)} s`);
      if (fold.foldName !== 'u1') return;
      msPerIterationU1 = (fit.seconds * 1000) / fit.history.length;
      const first = fit.history[0];
      const last = fit.history[fit.history.length - 1];
      if (fit.history.length > 1) msPerIterationU1Steady = ((last.elapsedSeconds - first.elapsedSeconds) * 1000) / (fit.history.length - 1);
    },
  });
  return {
    name: configuration.name,
    label: modelLabel(configuration.config),
    iterations: configuration.config.iterations,
    rmse: result.rmse,
    folds: result.folds.map((fold) => ({ name: fold.name, rmse: fold.rmse, mae: fold.mae, seconds: fold.seconds })),
    msPerIterationU1,
    msPerIterationU1Steady,
    cpuMsPerIterationU1Steady: u1Clock.cpuMsPerIteration,
    seconds: (performance.now() - started) / 1000,
    peakMemoryMb: peakMemoryMb(),
  };
}

function runU1(data: MovieLensData, name: string): U1Figures {
  const configuration = benchConfigurations().find((candidate) => candidate.name === name);
  if (!configuration) throw new Error(`unknown benchmark configuration '${name}'`);
  const fold = makeFolds(data, defaultProtocolConfig({ protocol: 'canonical' })).find((candidate) => candidate.name === 'u1');
  if (!fold) throw new Error('no u1 split in the data folder');
  const clock = new SteadyClock();
  const fit = trainModel(data, fold, configuration.config, { onIteration: (progress) => clock.tick(progress) });
  return {
    name,
    iterations: fit.history.length,
    msPerIteration: clock.msPerIteration,
    cpuMsPerIteration: clock.cpuMsPerIteration,
    testRmse: rmse(fold.test.rating, fit.testPredictions),
  };
}

/** Wall and CPU time from the first iteration's end to the last's (setup and the first iteration left out). */
export class SteadyClock {
  private first: { wall: number; cpu: number; iteration: number } | undefined;
  private last: { wall: number; cpu: number; iteration: number } | undefined;

  tick(progress: IterationProgress): void {
    const usage = process.cpuUsage();
    const mark = { wall: performance.now(), cpu: (usage.user + usage.system) / 1000, iteration: progress.iteration };
    if (this.first === undefined) this.first = mark;
    this.last = mark;
  }

  get msPerIteration(): number {
    return this.per('wall');
  }

  get cpuMsPerIteration(): number {
    return this.per('cpu');
  }

  private per(clock: 'wall' | 'cpu'): number {
    if (!this.first || !this.last || this.last.iteration === this.first.iteration) return Number.NaN;
    return (this.last[clock] - this.first[clock]) / (this.last.iteration - this.first.iteration);
  }
}

/** Peak resident set size of this process (resourceUsage reports kilobytes). */
function peakMemoryMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
