import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDataError } from '../core/data/errors';
import { detectMovieLensFormat, loadMovieLens } from '../core/data/load';
import { writeSyntheticMovieLens } from '../core/data/synthetic';
import type { Fold, MovieLensData, MovieLensFormat } from '../core/data/types';
import type { FitResult } from '../core/train/types';
import { newUserProblems } from '../core/recommend/newUser';
import { whatIf } from '../core/recommend/whatIf';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import type { ValidProtocolConfig } from '../core/config/protocolConfig';
import { makeFolds } from '../core/eval/protocols';
import { availableFeatureGroups, unavailableFeatureGroups } from '../core/features/availability';
import { formatSpotCheck, spotCheck } from '../core/recommend/spotCheck';
import { defaultModelConfig, validateModelConfig } from '../core/config/modelConfig';
import { modelLabel } from '../shared/labels';
import { trainModel } from '../core/eval/trainModel';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { articleBaseline, articleCandidate, bestCandidate } from '../core/config/experiments';
import type { CliOptions } from './args';
import { parseArgs, USAGE, UsageError } from './args';
import { reportProgress } from './progress';
import { FoldPool } from '../threads/foldPool';
import type { RunOutcome } from '../threads/runHandle';
import type { RunRequest } from '../shared/run';
import { articleVerdict } from '../shared/verdict';
import { checkField } from '../core/config/fields';
import { RUN_DEFAULTS, RUN_FIELDS } from '../core/config/schema';
import { describeData, describeNotes, evaluationJson } from './report';
import { formatWhatIf, whatIfJson } from './whatIfReport';
import { dataLine, describeProtocol, formatComparison, formatEvaluation, noteLines, protocolLine, verdictLines } from '../shared/runReport';

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
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
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
  let threads: number;
  try {
    models = modelConfigs(options);
    protocol = defaultProtocolConfig({ ...options.protocol, seed: options.model.seed });
    threads = options.run.threads ?? RUN_DEFAULTS.threads;
    checkField('threads', RUN_FIELDS.threads, threads);
    if (options.command === 'recommend' && options.data !== undefined && options.user === undefined && options.newUser === undefined) {
      throw new UsageError(
        'recommend needs --user ID (a user id of the data files), or a new user (--age, --gender, --occupation, --zip, --liked)',
      );
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
    const format = detectMovieLensFormat(folder);
    const featureNotes = format === undefined ? [] : fitDefaultFeatures(models, options, format);
    if (options.command === 'recommend') {
      const data = loadMovieLens(folder);
      const notes = [...describeNotes(data), ...featureNotes];
      io.stderr(
        `Data: ${describeData(data)}\n${notes.map((note) => `Note: ${note}\n`).join('')}Protocol: ${describeProtocol(protocol)}\n\n`,
      );
      runRecommend(data, models[0], protocol, options, io);
      return 0;
    }
    // The data is read by a worker thread; its summary line comes from there.
    for (const note of featureNotes) io.stderr(`Note: ${note}\n`);
    const request: RunRequest =
      options.command === 'compare'
        ? {
            runId: 'cli',
            kind: 'compare',
            dataFolder: path.resolve(folder),
            model: models[0],
            candidate: models[1],
            best: models[2],
            protocol,
          }
        : { runId: 'cli', kind: 'evaluate', dataFolder: path.resolve(folder), model: models[0], protocol };
    const outcome = await runOnPool(request, threads, protocol, io);
    if (outcome.status === 'failed') {
      io.stderr(`${outcome.error.message}\n`);
      return 1;
    }
    if (outcome.status === 'cancelled') {
      io.stderr('The run was cancelled.\n');
      return 1;
    }
    const result = outcome.completed.result;
    if (result.kind === 'evaluate') {
      io.stdout(options.json ? `${JSON.stringify(evaluationJson(result.evaluation))}\n` : `\n${formatEvaluation(result.evaluation)}\n`);
    } else {
      const comparison = result.comparison;
      const verdict = articleVerdict(comparison);
      const json = {
        // Top level: the candidate, the model under study; both in full below.
        ...evaluationJson(comparison.candidate),
        baseline: evaluationJson(comparison.baseline),
        candidate: evaluationJson(comparison.candidate),
        gain: comparison.gain,
        gainPerFold: comparison.gainPerFold,
        ...(comparison.best === undefined
          ? {}
          : {
              best: { ...evaluationJson(comparison.best.evaluation), gain: comparison.best.gain, gainPerFold: comparison.best.gainPerFold },
            }),
        claim: { low: verdict.claim.low, high: verdict.claim.high, text: verdict.claim.text },
        verdict: { standing: verdict.standing, headline: verdict.headline, explanation: verdict.explanation },
      };
      io.stdout(
        options.json ? `${JSON.stringify(json)}\n` : `\n${formatComparison(comparison)}\n\n${verdictLines(comparison).join('\n')}\n`,
      );
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

/** Runs the request's folds on a pool of worker threads, reporting progress on stderr. */
async function runOnPool(request: RunRequest, threads: number, protocol: ValidProtocolConfig, io: CliIo): Promise<RunOutcome> {
  const pool = new FoldPool({ threads });
  try {
    const handle = pool.startRun(request);
    handle.onDidLoadData((loaded) => {
      io.stderr(`${dataLine(request.dataFolder, loaded)}\n`);
      for (const line of noteLines(loaded)) io.stderr(`${line}\n`);
      io.stderr(`${protocolLine(protocol, pool.threads)}\n\n`);
    });
    reportProgress(handle, { write: io.stderr, interactive: io.interactive });
    return await handle.outcome;
  } finally {
    await pool.dispose();
  }
}

function runRecommend(data: MovieLensData, model: ValidModelConfig, protocol: ValidProtocolConfig, options: CliOptions, io: CliIo): void {
  // Synthetic data: user 1 unless one is given.
  const userId = options.user ?? 1;
  const user = data.userIndex.get(userId);
  if (options.newUser === undefined && user === undefined) throw new UsageError(`--user ${userId} is not a user id of ${data.folder}`);
  if (options.newUser !== undefined) {
    const problems = newUserProblems(data, options.newUser);
    if (problems.length > 0) throw new UsageError(`the new user: ${problems.join('; ')}`);
  }
  const { fold, fit, label } = trainFirstFold(data, model, protocol, io);
  const trained = `${label}, trained on fold ${fold.name} in ${fit.seconds.toFixed(2)} s`;
  if (options.newUser !== undefined) {
    const result = whatIf(data, fold, fit.model, options.newUser, options.top ?? 10);
    io.stdout(
      options.json
        ? `${JSON.stringify(whatIfJson(label, fold.name, model, options.newUser, result))}\n`
        : `${trained}\n\n${formatWhatIf(label, options.newUser, result, data)}\n`,
    );
    return;
  }
  const result = spotCheck(data, fold, fit.model, user ?? 0, { unseenCount: options.top ?? 10 });
  if (options.json) {
    io.stdout(`${JSON.stringify({ label, fold: fold.name, model: model, ...result })}\n`);
  } else {
    io.stdout(`${trained}\n\n${formatSpotCheck(data, result)}\n`);
  }
}

/** The model trained on the protocol's first fold (the fold the extension's runs keep the model of), progress on stderr. */
function trainFirstFold(
  data: MovieLensData,
  model: ValidModelConfig,
  protocol: ValidProtocolConfig,
  io: CliIo,
): { fold: Fold; fit: FitResult; label: string } {
  const [fold] = makeFolds(data, protocol);
  const label = modelLabel(model);
  let lastDraw = 0;
  const fit = trainModel(data, fold, model, {
    onIteration: (progress) => {
      const now = performance.now();
      if (now - lastDraw < (io.interactive ? 100 : 2000) && progress.iteration < progress.iterations) return;
      lastDraw = now;
      const line = `${label}  ${fold.name}  iteration ${progress.iteration}/${progress.iterations}  train RMSE ${progress.trainRmse.toFixed(4)}`;
      io.stderr(io.interactive ? `\r\x1b[2K${line}` : `  ${line}\n`);
    },
  });
  if (io.interactive) io.stderr('\r\x1b[2K');
  return { fold, fit, label };
}

/**
 * Default feature lists (not ones given with --features) lose the groups the release format
 * cannot fill, with a note: the defaults include `user`, which a CSV release cannot give.
 * Replaces in place.
 */
function fitDefaultFeatures(models: ValidModelConfig[], options: CliOptions, format: MovieLensFormat): string[] {
  const given = options.command === 'compare' ? [options.baseline.features, options.model.features] : [options.model.features];
  const notes: string[] = [];
  models.forEach((model, index) => {
    if (given[index] !== undefined) return;
    const missing = unavailableFeatureGroups(format, model.features);
    if (missing.length === 0) return;
    models[index] = validateModelConfig({ ...model, features: availableFeatureGroups(format, model.features) });
    notes.push(`${modelLabel(model)}: default features without ${missing.join(', ')} (${format} has no users file)`);
  });
  return notes;
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
    if (!options.best) return [baseline, candidate];
    const { features: _features, ...overrides } = options.model;
    return [baseline, candidate, bestCandidate(overrides)];
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
