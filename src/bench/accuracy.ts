/**
 * `npm run bench:accuracy [-- DIR] [--only NAME,…] [--reference NAME] [--seeds 1,2,3] [--rounds N] [--threads N] [--timing-only]`
 * (dist/benchAccuracy.js; data default ../shared/ml-100k from the repo root): issue 11's table.
 * Each row (accuracyRows.ts) on u1..u5 and on the bootstrapped 2-fold × 5 per seed, folds on the
 * fold pool, with its difference from the reference row and on how many paired folds it is lower;
 * then the time per iteration on u1, each row trained in turn with the reference on the main thread
 * (the order swapped every round, so both see the same load on a shared machine), as medians and
 * their ratio (`--rounds 0`: no timing; `--timing-only`: no RMSE). Writes bench-results/accuracy.json.
 */
import * as path from 'node:path';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { loadMovieLens } from '../core/data/load';
import { makeFolds } from '../core/eval/protocols';
import { trainModel } from '../core/eval/trainModel';
import type { EvaluationResult } from '../core/eval/types';
import { modelLabel } from '../shared/labels';
import { FoldPool } from '../threads/foldPool';
import { formatAccuracy, type AccuracyFigures, type ProtocolFigures } from './accuracyReport';
import { accuracyRows, REFERENCE_ROW, type AccuracyRow } from './accuracyRows';
import { SteadyClock } from './child';
import { benchMachine, findRepoRoot, runBench, writeBenchResults } from './entry';
import { parseBenchArgs, type BenchCommandLine } from './benchArgs';

const COMMAND_LINE: BenchCommandLine = {
  usage: 'npm run bench:accuracy [-- DIR] [--only NAME,…] [--reference NAME] [--seeds 1,2,3] [--rounds N] [--threads N] [--timing-only]',
  options: ['--only', '--reference', '--seeds', '--rounds', '--threads'],
  switches: ['--timing-only'],
};

async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs(argv, COMMAND_LINE);
  const option = args.option;
  const positional = args.positional;
  const timingOnly = args.has('--timing-only');
  const repoRoot = findRepoRoot(__dirname);
  const dataFolder = path.resolve(positional[0] ?? path.join(repoRoot, '..', 'shared', 'ml-100k'));
  const seeds = (option('--seeds') ?? '1').split(',').map(Number);
  const rounds = Number(option('--rounds') ?? '3');
  if (!(Number.isInteger(rounds) && rounds >= 0)) {
    process.stderr.write(`bench:accuracy: --rounds must be a whole number, got '${option('--rounds') ?? ''}'\n`);
    return 2;
  }
  const only = option('--only')?.split(',');
  // The reference (`reference` unless --reference names another row, e.g. today's default) is
  // always measured: every other row is read against it.
  const referenceName = option('--reference') ?? REFERENCE_ROW;
  const rows = accuracyRows().filter((row) => row.name === referenceName || only === undefined || only.includes(row.name));
  if (!rows.some((row) => row.name === referenceName) || only?.some((name) => !rows.some((row) => row.name === name))) {
    process.stderr.write(
      `bench:accuracy: --only and --reference take row names: ${accuracyRows()
        .map((row) => row.name)
        .join(', ')}\n`,
    );
    return 2;
  }
  const started = performance.now();
  const figures: AccuracyFigures[] = [];
  const pool = new FoldPool({ threads: Number(option('--threads') ?? '0') });
  try {
    for (const row of timingOnly ? [] : rows) {
      const canonical = await evaluateOnPool(pool, dataFolder, row, 'canonical', 1);
      const bootstrap: ProtocolFigures[] = [];
      for (const seed of seeds) bootstrap.push(protocolFigures(await evaluateOnPool(pool, dataFolder, row, 'bootstrap', seed), seed));
      figures.push({
        name: row.name,
        label: modelLabel(canonical.model),
        canonical: protocolFigures(canonical, 1),
        bootstrap,
        timing: null,
      });
    }
  } finally {
    await pool.dispose();
  }
  const timed = rounds > 0 ? timeOnU1(dataFolder, rows, referenceName, rounds) : new Map<string, AccuracyFigures['timing']>();
  const report = {
    ...benchMachine(),
    dataFolder,
    reference: referenceName,
    rows: timingOnly
      ? rows.map((row) => ({
          name: row.name,
          label: modelLabel(row.config(1)),
          canonical: null,
          bootstrap: [],
          timing: timed.get(row.name) ?? null,
        }))
      : figures.map((row) => ({ ...row, timing: timed.get(row.name) ?? null })),
    totalSeconds: (performance.now() - started) / 1000,
  };
  const output = writeBenchResults('accuracy', report);
  process.stdout.write(`${formatAccuracy(report)}\nWritten to ${output}\n`);
  return 0;
}

async function evaluateOnPool(
  pool: FoldPool,
  dataFolder: string,
  row: AccuracyRow,
  protocolName: 'canonical' | 'bootstrap',
  seed: number,
): Promise<EvaluationResult> {
  process.stderr.write(`${row.name}, ${protocolName}, seed ${seed}\n`);
  const model = row.config(seed);
  const protocol = defaultProtocolConfig({ protocol: protocolName, seed });
  const handle = pool.startRun({ runId: `accuracy-${Date.now()}`, kind: 'evaluate', dataFolder, model, protocol });
  handle.onDidFinishFold((done) => process.stderr.write(`  ${done.fold.name} RMSE ${done.fold.rmse.toFixed(4)}\n`));
  const outcome = await handle.outcome;
  if (outcome.status !== 'completed') throw new Error(outcome.status === 'failed' ? outcome.error.message : 'the run was cancelled');
  if (outcome.completed.result.kind !== 'evaluate') throw new Error('the run returned no evaluation');
  return outcome.completed.result.evaluation;
}

function protocolFigures(evaluation: EvaluationResult, seed: number): ProtocolFigures {
  return { seed, rmse: evaluation.rmse, folds: evaluation.folds.map((fold) => ({ name: fold.name, rmse: fold.rmse })) };
}

/** Per row: median wall and CPU ms per iteration on u1 over the rounds, and the reference's beside it. */
function timeOnU1(
  dataFolder: string,
  rows: readonly AccuracyRow[],
  referenceName: string,
  rounds: number,
): Map<string, AccuracyFigures['timing']> {
  const data = loadMovieLens(dataFolder);
  const fold = makeFolds(data, defaultProtocolConfig({ protocol: 'canonical' })).find((candidate) => candidate.name === 'u1');
  if (!fold) throw new Error(`${dataFolder} has no u1 split`);
  const reference = rows.find((row) => row.name === referenceName) as AccuracyRow;
  const time = (config: ValidModelConfig): { wall: number; cpu: number } => {
    const clock = new SteadyClock();
    trainModel(data, fold, config, { onIteration: (progress) => clock.tick(progress) });
    return { wall: clock.msPerIteration, cpu: clock.cpuMsPerIteration };
  };
  const timed = new Map<string, AccuracyFigures['timing']>();
  for (const row of rows) {
    if (row === reference) continue;
    const own: { wall: number; cpu: number }[] = [];
    const base: { wall: number; cpu: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      if (round % 2 === 1) {
        base.push(time(reference.config(1)));
        own.push(time(row.config(1)));
      } else {
        own.push(time(row.config(1)));
        base.push(time(reference.config(1)));
      }
      process.stderr.write(
        `  u1 timing ${row.name} round ${round}: ${own[own.length - 1].wall.toFixed(1)} ms/it, reference ${base[base.length - 1].wall.toFixed(1)}\n`,
      );
    }
    const wall = median(own.map((one) => one.wall));
    const referenceWall = median(base.map((one) => one.wall));
    const cpu = median(own.map((one) => one.cpu));
    const referenceCpu = median(base.map((one) => one.cpu));
    timed.set(row.name, { rounds, wall, referenceWall, cpu, referenceCpu, ratio: wall / referenceWall, cpuRatio: cpu / referenceCpu });
  }
  return timed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

runBench('bench:accuracy', main, COMMAND_LINE);
