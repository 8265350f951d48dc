import { loadMovieLens } from '../core/data/load';
import { compare, evaluate } from '../core/eval/evaluate';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import type { MeanStd } from '../core/eval/types';
import { modelLabel } from '../shared/labels';
import { benchConfigurations, gainBaseline, gainCandidates } from './configurations';

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

/** Prefix of a gain task: "gain:" and the candidate's configuration name. */
export const GAIN_TASK = 'gain:';

/** Runs one benchmark configuration (by name, or "gain:<candidate>") and returns its figures. */
export function runChild(task: string, dataFolder: string, log: (text: string) => void): ConfigurationFigures | GainFigures {
  const started = performance.now();
  const data = loadMovieLens(dataFolder);
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
  const result = evaluate(data, configuration.config, defaultProtocolConfig({ protocol: 'canonical' }), {
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
    seconds: (performance.now() - started) / 1000,
    peakMemoryMb: peakMemoryMb(),
  };
}

/** Peak resident set size of this process (resourceUsage reports kilobytes). */
function peakMemoryMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
