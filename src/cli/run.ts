import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDataError } from '../core/data/errors';
import { loadMovieLens } from '../core/data/load';
import { writeSyntheticMovieLens } from '../core/data/synthetic';
import type { MovieLensData } from '../core/data/types';
import { compare, evaluate } from '../core/eval/evaluate';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import type { ValidProtocolConfig } from '../core/config/protocolConfig';
import { makeFolds } from '../core/eval/protocols';
import { formatSpotCheck, spotCheck } from '../core/recommend/spotCheck';
import { defaultModelConfig } from '../core/config/modelConfig';
import { modelLabel } from '../shared/labels';
import { trainModel } from '../core/eval/trainModel';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { articleBaseline, articleCandidate } from '../core/config/experiments';
import type { CliOptions } from './args';
import { parseArgs, USAGE, UsageError } from './args';
import { progressHooks } from './progress';
import { describeData, describeProtocol, evaluationJson, formatComparison, formatEvaluation } from './report';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stderr is a terminal: progress updates in place. */
  readonly interactive: boolean;
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 failed (a DataError prints
 * "file:line: problem"), 2 bad usage (message and usage on stderr).
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    return usageFailure(error, io);
  }
  if (options.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  let models: ValidModelConfig[];
  let protocol: ValidProtocolConfig;
  try {
    models = modelConfigs(options);
    protocol = defaultProtocolConfig({ ...options.protocol, seed: options.model.seed });
    if (options.command === 'recommend' && options.data !== undefined && options.user === undefined) {
      throw new UsageError('recommend needs --user ID (a user id of the data files)');
    }
  } catch (error) {
    return usageFailure(error, io);
  }

  let temporaryFolder: string | undefined;
  try {
    let folder = options.data;
    if (folder === undefined) {
      temporaryFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'recommender-lab-synthetic-'));
      io.stderr(noDataNotice(temporaryFolder));
      writeSyntheticMovieLens(temporaryFolder, { seed: options.model.seed ?? 1 });
      folder = temporaryFolder;
    }
    const data = loadMovieLens(folder);
    io.stderr(`Data: ${describeData(data)}\nProtocol: ${describeProtocol(protocol)}\n\n`);
    const labels = { model: modelLabel(models[0]), baseline: modelLabel(models[0]), candidate: modelLabel(models[models.length - 1]) };
    const hooks = progressHooks({ write: io.stderr, interactive: io.interactive }, (role) => labels[role]);
    if (options.command === 'evaluate') {
      const result = evaluate(data, models[0], protocol, hooks);
      io.stdout(options.json ? `${JSON.stringify(evaluationJson(result))}\n` : `\n${formatEvaluation(result)}\n`);
    } else if (options.command === 'compare') {
      const comparison = compare(data, models[0], models[1], protocol, hooks);
      const json = {
        // Top level: the candidate, the model under study; both in full below.
        ...evaluationJson(comparison.candidate),
        baseline: evaluationJson(comparison.baseline),
        candidate: evaluationJson(comparison.candidate),
        gain: comparison.gain,
        gainPerFold: comparison.gainPerFold,
      };
      io.stdout(options.json ? `${JSON.stringify(json)}\n` : `\n${formatComparison(comparison)}\n`);
    } else {
      runRecommend(data, models[0], protocol, options, io);
    }
    return 0;
  } catch (error) {
    if (isDataError(error)) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError) return usageFailure(error, io);
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (temporaryFolder !== undefined) fs.rmSync(temporaryFolder, { recursive: true, force: true });
  }
}

function runRecommend(data: MovieLensData, model: ValidModelConfig, protocol: ValidProtocolConfig, options: CliOptions, io: CliIo): void {
  // Synthetic data: user 1 unless one is given.
  const userId = options.user ?? 1;
  const user = data.userIndex.get(userId);
  if (user === undefined) throw new UsageError(`--user ${userId} is not a user id of ${data.folder}`);
  const [fold] = makeFolds(data, protocol);
  const label = modelLabel(model);
  const hooks = progressHooks({ write: io.stderr, interactive: io.interactive }, () => label);
  const fit = trainModel(data, fold, model, {
    onIteration: (progress) => hooks.onIteration?.({ role: 'model', foldName: fold.name, foldIndex: 0, foldCount: 1 }, progress),
  });
  if (io.interactive) io.stderr('\r\x1b[2K');
  const result = spotCheck(data, fold, fit.model, user, { unseenCount: options.top ?? 10 });
  if (options.json) {
    io.stdout(`${JSON.stringify({ label, fold: fold.name, model: model, ...result })}\n`);
  } else {
    io.stdout(`${label}, trained on fold ${fold.name} in ${fit.seconds.toFixed(2)} s\n\n${formatSpotCheck(data, result)}\n`);
  }
}

/**
 * evaluate/recommend: one model; compare: the article's baseline and candidate (the candidate
 * takes every model flag, the baseline only the ones it shares), unless --baseline-* say otherwise.
 * Config errors name the value and the limit.
 */
function modelConfigs(options: CliOptions): ValidModelConfig[] {
  try {
    if (options.command !== 'compare') return [defaultModelConfig(options.model.model ?? 'fm', options.model)];
    const shared = { rank: options.model.rank, seed: options.model.seed };
    const baseline =
      Object.keys(options.baseline).length === 0
        ? articleBaseline(shared)
        : defaultModelConfig(options.baseline.model ?? 'svd', { ...options.baseline, ...shared });
    const candidateKind = options.model.model ?? 'fm';
    const candidate = candidateKind === 'fm' ? articleCandidate(options.model) : defaultModelConfig(candidateKind, options.model);
    return [baseline, candidate];
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function usageFailure(error: unknown, io: CliIo): number {
  io.stderr(`recommender-lab: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  return 2;
}

function noDataNotice(folder: string): string {
  return `No --data folder given.

To run on MovieLens 100K (100,000 ratings of 1,682 films by 943 users):
  - download https://files.grouplens.org/datasets/movielens/ml-100k.zip and unzip it,
    or in VS Code run "Recommender Lab: Download MovieLens 100K";
  - then e.g.: npx recommender-lab compare --data path/to/ml-100k
  License (GroupLens): free for research use; do not redistribute it; no commercial use without
  permission; cite F. M. Harper and J. A. Konstan, "The MovieLens Datasets: History and Context",
  ACM TiiS 5(4), 2015.

Meanwhile, running on a synthetic MovieLens-format data set generated in ${folder}
(planted factors plus demographic × genre effects, so side features carry real signal).

`;
}
