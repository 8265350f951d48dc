/**
 * `npm run bench:scale [-- --ratings N] [--seed S] [--iterations N] [--only STEPS] [--keep]`
 * (dist/scale.js): the data layer and the solvers at MovieLens 25M scale, each step in a child
 * process of its own so that its peak RSS is its own:
 * 1. generate: a synthetic ml-25m-format ratings.csv/movies.csv of N ratings (default 25 000 000)
 *    in a temporary folder (never the repository): seconds, peak RSS, size;
 * 2. load: seconds, peak RSS (targets of issue #12: ≤ 15 s, ≤ 1.5 GB);
 * 3. refuse: a 2 GiB u.data of NUL bytes (a sparse file) in an otherwise valid 100K folder:
 *    seconds, peak RSS (target of issue #10: < 100 MB), the message;
 * 4. the scale section, solvers on a holdout fold (20 %) through the pool of worker threads, as
 *    the CLI and the extension run them: svd-als, fm-als (default features) and fm-mcmc (the
 *    default FM; peak target of issue #12: ≤ 3 GB), `--iterations` sweeps each (default 3):
 *    seconds per sweep (or sample), the first sweep with its setup, training seconds, peak RSS.
 * `--only generate,load,svd-als` runs some steps (generate always runs when another needs data).
 * Prints a table, writes bench-results/scale.json, deletes the folder (unless --keep).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDataError } from '../core/data/errors';
import { loadMovieLens } from '../core/data/load';
import { writeSyntheticMovieLens } from '../core/data/synthetic';
import { writeSyntheticRelease } from '../core/data/syntheticRelease';
import { runSolverStep, SOLVER_STEPS } from './scaleSolvers';
import type { SolverFigures, SolverStep } from './scaleSolvers';
import { benchMachine, runBench, writeBenchResults } from './entry';
import { parseBenchArgs, type BenchCommandLine } from './benchArgs';

const CHILD_FLAG = '--scale-child';
const COMMAND_LINE: BenchCommandLine = {
  usage: 'npm run bench:scale [-- --ratings N] [--seed S] [--iterations N] [--only STEPS] [--keep]',
  options: ['--ratings', '--seed', '--iterations', '--only'],
  switches: ['--keep'],
};
const GARBAGE_BYTES = 2 ** 31;

const DATA_STEPS = ['generate', 'load', 'refuse'] as const;
const ALL_STEPS: readonly string[] = [...DATA_STEPS, ...SOLVER_STEPS];

interface StepFigures {
  readonly step: string;
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly detail: string;
  readonly solver?: SolverFigures;
}

function isSolverStep(step: string): step is SolverStep {
  return (SOLVER_STEPS as readonly string[]).includes(step);
}

/** One step, run in this (child) process; the peak RSS is the process's own (its worker threads included). */
async function runStep(step: string, folder: string, ratings: number, seed: number, iterations: number): Promise<StepFigures> {
  const started = process.hrtime.bigint();
  let detail: string;
  let solver: SolverFigures | undefined;
  if (isSolverStep(step)) {
    solver = await runSolverStep(step, folder, iterations, (text) => process.stderr.write(`${text}\n`));
    detail =
      `${solver.label}: ${solver.secondsPerSweep.toFixed(2)} s per ${step === 'fm-mcmc' ? 'sample' : 'sweep'}, ` +
      `first ${solver.firstSweepSeconds.toFixed(1)} s, training ${solver.trainSeconds.toFixed(1)} s for ${solver.iterations}, ` +
      `load ${solver.loadSeconds.toFixed(1)} s, test RMSE ${solver.testRmse.toFixed(4)} (${solver.trainCount} train, ${solver.testCount} test)`;
  } else if (step === 'generate') {
    const summary = writeSyntheticRelease(folder, { ratings, format: 'csv', seed });
    detail = `${summary.ratings} ratings, ${summary.users} users, ${summary.items} films, ${(summary.bytes / 1e6).toFixed(0)} MB`;
  } else if (step === 'load') {
    const data = loadMovieLens(folder);
    detail = `${data.ratings.length} ratings, ${data.users.count} users, ${data.items.count} films`;
  } else {
    try {
      loadMovieLens(folder);
      throw new Error('the 2 GiB garbage u.data was accepted');
    } catch (error) {
      if (!isDataError(error)) throw error;
      detail = error.message.slice(folder.length + 1);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { step, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, detail, ...(solver === undefined ? {} : { solver }) };
}

function inChild(step: string, folder: string, ratings: number, seed: number, iterations: number): StepFigures {
  const args = [...process.execArgv, __filename, CHILD_FLAG, step, folder, String(ratings), String(seed), String(iterations)];
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`step '${step}' failed with exit code ${String(result.status)}`);
  return JSON.parse(result.stdout) as StepFigures;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === CHILD_FLAG) {
    const figures = await runStep(argv[1], argv[2], Number(argv[3]), Number(argv[4]), Number(argv[5]));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  }
  const args = parseBenchArgs(argv, COMMAND_LINE);
  if (args.positional.length > 0)
    throw new Error(`takes no folder (it writes its own data): ${args.positional.join(' ')}\nusage: ${COMMAND_LINE.usage}`);
  const option = (flag: string, fallback: number): number => {
    const value = args.option(flag);
    return value === undefined ? fallback : Number(value);
  };
  const ratings = option('--ratings', 25_000_000);
  const seed = option('--seed', 1);
  const iterations = option('--iterations', 3);
  if (!(Number.isSafeInteger(ratings) && ratings > 0)) throw new Error('--ratings must be a positive whole number');
  if (!(Number.isSafeInteger(iterations) && iterations >= 2))
    throw new Error('--iterations must be a whole number ≥ 2 (a sweep time is a difference)');
  const only = args.option('--only')?.split(',') ?? ALL_STEPS;
  const unknown = only.filter((step) => !ALL_STEPS.includes(step));
  if (unknown.length > 0) throw new Error(`unknown step ${unknown.join(', ')} (steps: ${ALL_STEPS.join(', ')})`);
  const wanted = (step: string): boolean => only.includes(step);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'recommender-lab-scale-'));
  const steps: StepFigures[] = [];
  try {
    const csv = path.join(root, 'ml-synthetic-csv');
    process.stderr.write(`writing ${ratings} ratings to ${csv}\n`);
    const generated = inChild('generate', csv, ratings, seed, iterations);
    if (wanted('generate')) steps.push(generated);
    if (wanted('load')) {
      process.stderr.write('loading them\n');
      steps.push(inChild('load', csv, ratings, seed, iterations));
    }
    if (wanted('refuse')) {
      const garbage = path.join(root, 'ml-100k-garbage');
      writeSyntheticMovieLens(garbage, { seed });
      fs.truncateSync(path.join(garbage, 'u.data'), 0);
      fs.truncateSync(path.join(garbage, 'u.data'), GARBAGE_BYTES);
      process.stderr.write('refusing a 2 GiB u.data of NUL bytes\n');
      steps.push(inChild('refuse', garbage, ratings, seed, iterations));
    }
    for (const step of SOLVER_STEPS.filter(wanted)) {
      process.stderr.write(`training ${step} on a holdout fold, ${iterations} sweeps\n`);
      steps.push(inChild(step, csv, ratings, seed, iterations));
    }
  } finally {
    if (args.has('--keep')) process.stderr.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  const lines = steps.map(
    (step) =>
      `${step.step.padEnd(9)} ${step.seconds.toFixed(2).padStart(7)} s ${step.peakRssMB.toFixed(0).padStart(6)} MB   ${step.detail}`,
  );
  process.stdout.write(`step       seconds  peak RSS\n${lines.join('\n')}\n`);
  const report = {
    ...benchMachine(),
    ratings,
    seed,
    iterations,
    steps,
  };
  const output = writeBenchResults('scale', report);
  process.stdout.write(`Written to ${output}\n`);
  return 0;
}

runBench('bench:scale', main, COMMAND_LINE);
