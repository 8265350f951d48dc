/**
 * The solver steps of `npm run bench:scale`: a holdout run on the pool of worker threads (the path
 * the CLI and the extension take), one solver per process so that the peak RSS is the run's own:
 * load in a worker (into shared memory), the fold made there, features and solver state, a few
 * sweeps, the test predictions and the ranking figures.
 */
import { detectMovieLensFormat } from '../core/data/load';
import { defaultModelConfig, validateModelConfig } from '../core/config/modelConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { availableFeatureGroups } from '../core/features/availability';
import type { IterationProgress } from '../core/train/types';
import { modelLabel } from '../shared/labels';
import { FoldPool } from '../threads/foldPool';

/** The solvers timed: SVD-ALS, FM-ALS and FM-MCMC (the default FM), each with its default features. */
export const SOLVER_STEPS = ['svd-als', 'fm-als', 'fm-mcmc'] as const;
export type SolverStep = (typeof SOLVER_STEPS)[number];

export interface SolverFigures {
  readonly label: string;
  readonly iterations: number;
  /** Seconds the worker took to read the data. */
  readonly loadSeconds: number;
  /** The fold's training seconds as the solver reports them: features, state and every sweep. */
  readonly trainSeconds: number;
  /** Median seconds between the ends of consecutive sweeps (samples for MCMC). */
  readonly secondsPerSweep: number;
  /** From the solver's start to the end of the first sweep (its setup included). */
  readonly firstSweepSeconds: number;
  readonly testRmse: number;
  readonly trainCount: number;
  readonly testCount: number;
}

/** The step's model: a solver with the defaults (the features the data's format can fill). */
export function solverModel(step: SolverStep, folder: string, iterations: number): ValidModelConfig {
  const model =
    step === 'svd-als'
      ? defaultModelConfig('svd', { iterations })
      : defaultModelConfig('fm', { method: step === 'fm-als' ? 'als' : 'mcmc', iterations });
  const format = detectMovieLensFormat(folder);
  return format === undefined ? model : validateModelConfig({ ...model, features: availableFeatureGroups(format, model.features) });
}

/** Trains one solver on a holdout fold of `folder` (20 % test, seed 1) on one worker thread. */
export async function runSolverStep(
  step: SolverStep,
  folder: string,
  iterations: number,
  log: (text: string) => void,
): Promise<SolverFigures> {
  const model = solverModel(step, folder, iterations);
  const pool = new FoldPool({ threads: 1 });
  try {
    const handle = pool.startRun({
      runId: `scale-${step}`,
      kind: 'evaluate',
      dataFolder: folder,
      model,
      protocol: defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.2, seed: 1 }),
    });
    let loadSeconds = 0;
    handle.onDidLoadData((loaded) => {
      loadSeconds = loaded.seconds;
      log(`  ${step}: data read in ${loaded.seconds.toFixed(2)} s`);
    });
    handle.onProgress((params) =>
      log(`  ${step}: sweep ${params.progress.iteration}/${params.progress.iterations} at ${params.progress.elapsedSeconds.toFixed(1)} s`),
    );
    let history: readonly IterationProgress[] = [];
    handle.onDidFinishFold((params) => (history = params.history ?? []));
    const outcome = await handle.outcome;
    if (outcome.status !== 'completed')
      throw new Error(`${step}: the run ${outcome.status === 'failed' ? `failed: ${outcome.error.message}` : 'was cancelled'}`);
    const result = outcome.completed.result;
    if (result.kind !== 'evaluate') throw new Error(`${step}: expected an evaluation`);
    const [fold] = result.evaluation.folds;
    return {
      label: modelLabel(model),
      iterations: history.length,
      loadSeconds,
      trainSeconds: fold.seconds,
      secondsPerSweep: medianSweep(history),
      firstSweepSeconds: history[0]?.elapsedSeconds ?? Number.NaN,
      testRmse: fold.rmse,
      trainCount: fold.trainCount,
      testCount: fold.testCount,
    };
  } finally {
    await pool.dispose();
  }
}

/** The median time between consecutive sweeps' ends (NaN with fewer than two sweeps). */
function medianSweep(history: readonly IterationProgress[]): number {
  const gaps = history.slice(1).map((progress, index) => progress.elapsedSeconds - history[index].elapsedSeconds);
  if (gaps.length === 0) return Number.NaN;
  gaps.sort((first, second) => first - second);
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
}
