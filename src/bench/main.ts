/**
 * `npm run bench [dataDir] [--only NAME,…] [--libfm PATH] [--rounds N]` (dist/bench.js; data
 * default ../shared/ml-100k from the repo root): per solver and feature set, RMSE on u1..u5,
 * ms per iteration on u1.base, seconds and peak memory, each configuration in a child process of
 * its own so that its peak RSS is its own; the FM kernels timed alone (the kernel floor); then the
 * bootstrapped 2-fold × 5 paired gain of FM-MCMC side (and side+implicit) over SVD-ALS. With
 * `--libfm PATH` (a libFM binary the user built from its public source), FM-MCMC beside libFM's
 * block mode on u1, interleaved, `--rounds` times (default 3). Prints a table and writes
 * bench-results/bench.json. `--only` takes row names, "kernels", "gain" and "libfm".
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChildFigures, ConfigurationFigures, GainFigures, U1Figures } from './child';
import { GAIN_TASK, KERNELS_TASK, runChild, U1_TASK } from './child';
import { benchConfigurations, gainBaseline, gainCandidates } from './configurations';
import type { KernelFigures } from './kernels';
import { formatBench } from './report';
import { runSideBySide, type SideBySideRow } from './sideBySide';
import { benchMachine, findRepoRoot, runBench, writeBenchResults } from './entry';
import { parseBenchArgs, type BenchCommandLine } from './benchArgs';

const CHILD_FLAG = '--bench-child';
const COMMAND_LINE: BenchCommandLine = {
  usage: 'npm run bench [-- DIR] [--only NAME,…] [--libfm PATH] [--rounds N]',
  options: ['--only', '--libfm', '--rounds'],
};
const DEFAULT_ROUNDS = 3;

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === CHILD_FLAG) {
    const figures = runChild(argv[1], argv[2], (text) => process.stderr.write(`${text}\n`));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  }
  const args = parseBenchArgs(argv, COMMAND_LINE);
  const positional = args.positional;
  // --only NAME,NAME: a subset of the rows ("kernels", "gain", "libfm" for those parts), for quick reruns.
  const onlyNames = args.option('--only');
  const only = onlyNames === undefined ? undefined : new Set(onlyNames.split(','));
  const wanted = (part: string): boolean => !only || only.has(part);
  const libfm = args.option('--libfm');
  const rounds = Number(args.option('--rounds') ?? DEFAULT_ROUNDS);
  if (!(Number.isInteger(rounds) && rounds >= 1)) {
    process.stderr.write(`bench: --rounds must be a positive integer, got '${args.option('--rounds') ?? ''}'\n`);
    return 2;
  }
  if (libfm !== undefined && !fs.existsSync(libfm)) {
    process.stderr.write(`bench: no libFM binary at ${libfm}\n`);
    return 2;
  }
  const repoRoot = findRepoRoot(__dirname);
  const dataFolder = path.resolve(positional[0] ?? path.join(repoRoot, '..', 'shared', 'ml-100k'));
  if (!fs.existsSync(path.join(dataFolder, 'u1.base'))) {
    process.stderr.write(`bench: ${dataFolder} has no u1.base: pass a MovieLens 100K folder (npm run bench -- DIR)\n`);
    return 2;
  }
  const started = performance.now();
  const configurations: ConfigurationFigures[] = [];
  for (const { name } of benchConfigurations()) {
    if (!wanted(name)) continue;
    process.stderr.write(`${name} on u1..u5\n`);
    configurations.push(runInChild(name, dataFolder) as ConfigurationFigures);
  }
  let kernels: KernelFigures | undefined;
  if (wanted('kernels')) {
    process.stderr.write('FM kernels alone on u1..u3\n');
    kernels = runInChild(KERNELS_TASK, dataFolder) as KernelFigures;
  }
  const gains: GainFigures[] = [];
  for (const candidate of wanted('gain') ? gainCandidates() : []) {
    process.stderr.write(`${candidate.name} over ${gainBaseline().name}, bootstrap 2-fold × 5\n`);
    gains.push(runInChild(`${GAIN_TASK}${candidate.name}`, dataFolder) as GainFigures);
  }
  let sideBySide: SideBySideRow[] | undefined;
  if (libfm !== undefined && wanted('libfm')) {
    process.stderr.write(`FM-MCMC beside libFM (${libfm}) on u1, ${rounds} interleaved rounds\n`);
    const runProject = (name: string): U1Figures => runInChild(`${U1_TASK}${name}`, dataFolder) as U1Figures;
    sideBySide = await runSideBySide(libfm, dataFolder, rounds, runProject, (text) => process.stderr.write(`${text}\n`));
  }
  const report = {
    ...benchMachine(),
    dataFolder,
    configurations,
    kernels,
    gains,
    sideBySide,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const output = writeBenchResults('bench', report);
  process.stdout.write(`${formatBench(report)}\nWritten to ${output}\n`);
  return 0;
}

/** Runs one task in a fresh Node process (same loader flags, e.g. tsx) and parses its JSON. */
function runInChild(task: string, dataFolder: string): ChildFigures {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, CHILD_FLAG, task, dataFolder], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`benchmark child '${task}' failed with exit code ${String(result.status)}`);
  return JSON.parse(result.stdout) as ChildFigures;
}

runBench('bench', main, COMMAND_LINE);
