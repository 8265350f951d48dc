/**
 * `npm run bench [dataDir] [--only NAME,…]` (dist/bench.js; data default ../shared/ml-100k from
 * the repo root): per solver and feature set, RMSE on u1..u5, ms per iteration on u1.base,
 * seconds and peak memory, each configuration in a child process of its own so that its peak RSS is its own; then the
 * bootstrapped 2-fold × 5 paired gain of FM-MCMC side (and side+implicit) over SVD-ALS. Prints
 * a table and writes bench-results/bench.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigurationFigures, GainFigures } from './child';
import { GAIN_TASK, runChild } from './child';
import { benchConfigurations, gainBaseline, gainCandidates } from './configurations';
import { formatBench } from './report';

const CHILD_FLAG = '--bench-child';

function main(argv: readonly string[]): number {
  if (argv[0] === CHILD_FLAG) {
    const figures = runChild(argv[1], argv[2], (text) => process.stderr.write(`${text}\n`));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  }
  const onlyAt = argv.indexOf('--only');
  // --only NAME,NAME: a subset of the rows ("gain" for the bootstrap gains), for quick reruns.
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const positional = argv.filter((_, index) => onlyAt < 0 || (index !== onlyAt && index !== onlyAt + 1));
  const repoRoot = findRepoRoot(__dirname);
  const dataFolder = path.resolve(positional[0] ?? path.join(repoRoot, '..', 'shared', 'ml-100k'));
  if (!fs.existsSync(path.join(dataFolder, 'u1.base'))) {
    process.stderr.write(`bench: ${dataFolder} has no u1.base: pass a MovieLens 100K folder (npm run bench -- DIR)\n`);
    return 2;
  }
  const started = performance.now();
  const configurations: ConfigurationFigures[] = [];
  for (const { name } of benchConfigurations()) {
    if (only && !only.has(name)) continue;
    process.stderr.write(`${name} on u1..u5\n`);
    configurations.push(runInChild(name, dataFolder) as ConfigurationFigures);
  }
  const gains: GainFigures[] = [];
  for (const candidate of only && !only.has('gain') ? [] : gainCandidates()) {
    process.stderr.write(`${candidate.name} over ${gainBaseline().name}, bootstrap 2-fold × 5\n`);
    gains.push(runInChild(`${GAIN_TASK}${candidate.name}`, dataFolder) as GainFigures);
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    dataFolder,
    configurations,
    gains,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const output = path.join(repoRoot, 'bench-results', 'bench.json');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatBench(report)}\nWritten to ${output}\n`);
  return 0;
}

/** Runs one task in a fresh Node process (same loader flags, e.g. tsx) and parses its JSON. */
function runInChild(task: string, dataFolder: string): ConfigurationFigures | GainFigures {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, CHILD_FLAG, task, dataFolder], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`benchmark child '${task}' failed with exit code ${String(result.status)}`);
  return JSON.parse(result.stdout) as ConfigurationFigures | GainFigures;
}

/** The folder holding package.json, from dist/ or src/bench/. */
function findRepoRoot(start: string): string {
  let folder = start;
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
