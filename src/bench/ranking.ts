/**
 * `npm run bench:ranking [-- DIR] [--threads N] [--seeds 1,2,3] [--only canonical|bootstrap]`
 * (dist/benchRanking.js; data default ../shared/ml-100k from the repo root): the ranking figures of
 * issue 11's rows — popularity, SVD-ALS and the FM with the default features (MCMC) — on the
 * canonical u1..u5 splits and on the bootstrapped 2-fold × 5, each fold on the fold pool. The
 * popularity row is the baseline every run ranks alongside (src/core/eval/foldRanking.ts), taken
 * from the SVD run: the same folds give it the same figures in every run. Prints a table per
 * protocol and seed, with RMSE and the ranking seconds per fold beside the figures, and writes
 * bench-results/ranking.json.
 */
import * as path from 'node:path';
import { defaultModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import type { ProtocolName } from '../core/config/schema';
import { DEFAULT_FM_FEATURES } from '../core/config/schema';
import type { EvaluationResult, MeanStd, RankingProtocolsSummary } from '../core/eval/types';
import { formatRanking } from '../shared/rankingReport';
import { modelLabel, protocolLabel } from '../shared/labels';
import { FoldPool } from '../threads/foldPool';
import { benchMachine, findRepoRoot, runBench, writeBenchResults } from './entry';
import { parseBenchArgs, type BenchCommandLine } from './benchArgs';

interface RankingRowFigures {
  readonly name: string;
  readonly label: string;
  readonly rmse: MeanStd | null;
  readonly ranking: RankingProtocolsSummary;
  /** Mean seconds per fold spent on both ranking protocols (the model and the baseline). */
  readonly rankingSecondsPerFold: number | null;
  readonly trainingSeconds: number | null;
}

interface ProtocolFigures {
  readonly protocol: string;
  readonly seed: number;
  readonly definition: { readonly cutoff: number; readonly relevantFrom: number };
  readonly rows: readonly RankingRowFigures[];
}

const MODELS: readonly { readonly name: string; readonly config: (seed: number) => ValidModelConfig }[] = [
  { name: 'SVD-ALS', config: (seed) => defaultModelConfig('svd', { seed }) },
  { name: 'FM-MCMC default', config: (seed) => defaultModelConfig('fm', { features: [...DEFAULT_FM_FEATURES], seed }) },
];

const COMMAND_LINE: BenchCommandLine = {
  usage: 'npm run bench:ranking [-- DIR] [--threads N] [--seeds 1,2,3] [--only canonical|bootstrap]',
  options: ['--threads', '--seeds', '--only'],
};

async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs(argv, COMMAND_LINE);
  const option = args.option;
  const positional = args.positional;
  const repoRoot = findRepoRoot(__dirname);
  const dataFolder = path.resolve(positional[0] ?? path.join(repoRoot, '..', 'shared', 'ml-100k'));
  const threads = Number(option('--threads') ?? '0');
  const seeds = (option('--seeds') ?? '1').split(',').map(Number);
  const protocols: ProtocolName[] = option('--only') === undefined ? ['canonical', 'bootstrap'] : [option('--only') as ProtocolName];
  const started = performance.now();
  const pool = new FoldPool({ threads });
  const results: ProtocolFigures[] = [];
  try {
    for (const protocolName of protocols) {
      for (const seed of seeds) {
        const protocol = defaultProtocolConfig({ protocol: protocolName, seed });
        const rows: RankingRowFigures[] = [];
        let definition = { cutoff: 0, relevantFrom: 0 };
        for (const model of MODELS) {
          process.stderr.write(`${model.name}, ${protocolLabel(protocol)}, seed ${seed}\n`);
          const evaluation = await evaluateOnPool(pool, dataFolder, model.config(seed), protocol);
          rows.push(modelRow(model.name, evaluation));
          definition = { cutoff: evaluation.ranking?.cutoff ?? 0, relevantFrom: evaluation.ranking?.relevantFrom ?? 0 };
          if (rows.length === 1) rows.push(popularityRow(evaluation));
        }
        results.push({ protocol: protocolLabel(protocol), seed, definition, rows: [rows[0], rows[2], rows[1]] });
      }
    }
  } finally {
    await pool.dispose();
  }
  const report = {
    ...benchMachine(),
    threads: pool.threads,
    dataFolder,
    results,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const output = writeBenchResults('ranking', report);
  process.stdout.write(`${formatReport(report.results, dataFolder)}\nTotal ${report.totalSeconds.toFixed(1)} s\nWritten to ${output}\n`);
  return 0;
}

async function evaluateOnPool(
  pool: FoldPool,
  dataFolder: string,
  model: ValidModelConfig,
  protocol: ReturnType<typeof defaultProtocolConfig>,
): Promise<EvaluationResult> {
  const handle = pool.startRun({ runId: `ranking-${Date.now()}`, kind: 'evaluate', dataFolder, model, protocol });
  handle.onDidFinishFold((done) =>
    process.stderr.write(`  ${done.fold.name} RMSE ${done.fold.rmse.toFixed(4)}, ranking ${done.fold.ranking?.seconds.toFixed(2)} s\n`),
  );
  const outcome = await handle.outcome;
  if (outcome.status !== 'completed') throw new Error(outcome.status === 'failed' ? outcome.error.message : 'the run was cancelled');
  const result = outcome.completed.result;
  if (result.kind !== 'evaluate' || result.evaluation.ranking === undefined) throw new Error('the run returned no ranking figures');
  return result.evaluation;
}

function modelRow(name: string, evaluation: EvaluationResult): RankingRowFigures {
  const ranking = evaluation.ranking as NonNullable<EvaluationResult['ranking']>;
  const seconds = evaluation.folds.map((fold) => fold.ranking?.seconds ?? 0);
  return {
    name,
    label: modelLabel(evaluation.model),
    rmse: evaluation.rmse,
    ranking: { testFilms: ranking.testFilms, unratedFilms: ranking.unratedFilms },
    rankingSecondsPerFold: seconds.reduce((sum, value) => sum + value, 0) / seconds.length,
    trainingSeconds: evaluation.seconds,
  };
}

function popularityRow(evaluation: EvaluationResult): RankingRowFigures {
  const ranking = evaluation.ranking as NonNullable<EvaluationResult['ranking']>;
  return {
    name: 'popularity',
    label: 'films by training rating count',
    rmse: null,
    ranking: ranking.popularity,
    rankingSecondsPerFold: null,
    trainingSeconds: null,
  };
}

function formatReport(results: readonly ProtocolFigures[], dataFolder: string): string {
  const blocks = results.map((result) => {
    const costs = result.rows
      .filter((row) => row.rmse !== null)
      .map(
        (row) =>
          `${row.name}: RMSE ${row.rmse?.mean.toFixed(4)} ± ${row.rmse?.std.toFixed(4)}, ranking ${row.rankingSecondsPerFold?.toFixed(2)} s per fold`,
      );
    return [`${result.protocol}, seed ${result.seed}`, ...formatRanking(result.rows, result.definition), ...costs].join('\n');
  });
  return [`Ranking benchmark on ${dataFolder}`, ...blocks].join('\n\n');
}

runBench('bench:ranking', main, COMMAND_LINE);
