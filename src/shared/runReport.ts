/**
 * A run as lines of text, the same for every face that prints one: the CLI (stdout and stderr)
 * and the extension's "Recommender Lab" Output channel. Pure text, no I/O.
 */
import type { ProtocolConfig } from '../core/config/schema';
import { modelLabel, runLabel, runModels } from './labels';
import { rankingLines } from './rankingReport';
import type { ComparisonResult, DataLoadedParams, EvaluationResult, FoldDoneParams, MeanStd, RunRequest, RunResult } from './run';
import { articleVerdict } from './verdict';

export function describeProtocol(protocol: ProtocolConfig): string {
  switch (protocol.protocol) {
    case 'bootstrap':
      return `bootstrapped ${protocol.folds}-fold cross-validation × ${protocol.repeats} repeats, seed ${protocol.seed}`;
    case 'canonical':
      return 'canonical u1..u5 splits';
    case 'ua':
      return 'canonical ua/ub splits';
    case 'holdout':
      return `holdout of ${protocol.testFraction * 100}% of the ratings, seed ${protocol.seed}`;
    case 'cold-users':
      return `cold users: ${protocol.testFraction * 100}% of the users held out, seed ${protocol.seed}`;
  }
}

/** The run's models, one line each with every field of its configuration. */
export function configurationLines(request: RunRequest): string[] {
  return [
    `Run ${request.runId}: ${runLabel(request)}`,
    ...runModels(request).map(({ role, config }) => `  ${role}: ${modelLabel(config)} ${JSON.stringify(config)}`),
    `  protocol: ${describeProtocol(request.protocol)}`,
  ];
}

/**
 * "Data: /ml-100k (ml-100k: 943 users, 1682 films, 100000 ratings, read in 0.31 s)", or "already
 * in memory" when no file was parsed (a worker held it from an earlier run or the Users view).
 */
export function dataLine(dataFolder: string, loaded: DataLoadedParams): string {
  const counts = `${loaded.format}: ${loaded.users} users, ${loaded.items} films, ${loaded.ratings} ratings`;
  const read = loaded.seconds > 0 ? `read in ${loaded.seconds.toFixed(2)} s` : 'already in memory';
  return `Data: ${dataFolder} (${counts}, ${read})`;
}

/** What the loader changed under a stated policy (e.g. re-ratings kept latest), "Note: …" each. */
export function noteLines(loaded: DataLoadedParams): string[] {
  return loaded.notes.map((note) => `Note: ${note}`);
}

/** "Protocol: bootstrapped …; 2 worker threads". */
export function protocolLine(protocol: ProtocolConfig, threads: number): string {
  return `Protocol: ${describeProtocol(protocol)}; ${threads} worker thread${threads === 1 ? '' : 's'}`;
}

/**
 * One finished fold: "model FM-MCMC ids k=10  r1f2 (2/10)  RMSE 0.9123  MAE 0.7201  1.52 s";
 * `position` is "(2/10)" when known.
 */
export function foldLine(done: Pick<FoldDoneParams, 'role' | 'label' | 'fold'>, position = ''): string {
  const { role, label, fold } = done;
  return (
    `${role} ${label}  ${fold.name}${position === '' ? '' : ` ${position}`}  ` +
    `RMSE ${fold.rmse.toFixed(4)}  MAE ${fold.mae.toFixed(4)}  ${fold.seconds.toFixed(2)} s`
  );
}

/** Per-fold table and mean ± std of one model. */
export function formatEvaluation(result: EvaluationResult): string {
  const rows = result.folds.map((fold) => [fold.name, fixed(fold.rmse, 4), fixed(fold.mae, 4), fixed(fold.seconds, 2)]);
  const lines = [
    modelLabel(result.model),
    ...table(['fold', 'RMSE', 'MAE', 'seconds'], rows),
    `mean ± std   RMSE ${plusMinus(result.rmse, 4)}   MAE ${plusMinus(result.mae, 4)}`,
    `time         ${fixed(result.seconds, 2)} s training, ${fixed(result.msPerIteration, 1)} ms per iteration`,
    ...blankBefore(rankingLines([{ name: 'model', ranking: result.ranking }])),
  ];
  return lines.join('\n');
}

/** The models fold by fold with the paired gains, then each summary and the mean gains. */
export function formatComparison(comparison: ComparisonResult): string {
  const { baseline, candidate, best } = comparison;
  const bestFolds = best?.evaluation.folds;
  const rows = baseline.folds.map((fold, index) => [
    fold.name,
    fixed(fold.rmse, 4),
    fixed(candidate.folds[index].rmse, 4),
    `${fixed(comparison.gainPerFold[index] * 100, 2)}%`,
    ...(best === undefined || bestFolds === undefined
      ? []
      : [fixed(bestFolds[index].rmse, 4), `${fixed(best.gainPerFold[index] * 100, 2)}%`]),
  ]);
  const header = ['fold', 'RMSE base', 'RMSE cand', 'gain', ...(best === undefined ? [] : ['RMSE best', 'gain best'])];
  const summary = (name: string, result: EvaluationResult): string =>
    `${name.padEnd(10)} RMSE ${plusMinus(result.rmse, 4)}   MAE ${plusMinus(result.mae, 4)}   ${fixed(result.seconds, 2)} s, ${fixed(result.msPerIteration, 1)} ms/iteration`;
  const lines = [
    `baseline:  ${modelLabel(baseline.model)}`,
    `candidate: ${modelLabel(candidate.model)}`,
    ...(best === undefined ? [] : [`best:      ${modelLabel(best.evaluation.model)}`]),
    '',
    ...table(header, rows),
    '',
    summary('baseline', baseline),
    summary('candidate', candidate),
    ...(best === undefined ? [] : [summary('best', best.evaluation)]),
    '',
    `Paired relative RMSE gain of the candidate: ${fixed(comparison.gain.mean * 100, 2)}% ± ${fixed(comparison.gain.std * 100, 2)}% over ${comparison.gainPerFold.length} folds`,
    ...(best === undefined
      ? []
      : [`Paired relative RMSE gain of the best FM:   ${fixed(best.gain.mean * 100, 2)}% ± ${fixed(best.gain.std * 100, 2)}%`]),
    ...blankBefore(
      rankingLines([
        { name: 'baseline', ranking: baseline.ranking },
        { name: 'candidate', ranking: candidate.ranking },
        ...(best === undefined ? [] : [{ name: 'best', ranking: best.evaluation.ranking }]),
      ]),
    ),
  ];
  return lines.join('\n');
}

/** The article verdict: headline, why, and the best FM's line when it ran. */
export function verdictLines(comparison: ComparisonResult): string[] {
  const verdict = articleVerdict(comparison);
  return [verdict.headline, verdict.explanation, ...(verdict.best === undefined ? [] : [verdict.best])];
}

/** The result in one line, for a notification: "RMSE 0.9123 ± 0.0040 over 10 folds" or the verdict. */
export function resultHeadline(result: RunResult): string {
  if (result.kind === 'evaluate') {
    const { rmse, folds } = result.evaluation;
    // One fold has no spread worth a "± 0.0000".
    return folds.length === 1 ? `RMSE ${fixed(rmse.mean, 4)} on 1 fold` : `RMSE ${plusMinus(rmse, 4)} over ${folds.length} folds`;
  }
  return articleVerdict(result.comparison).headline;
}

/** `lines` after an empty line, or nothing. */
function blankBefore(lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', ...lines];
}

/** Left-aligned first column, right-aligned others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), ...rows.map(line)];
}

function plusMinus(value: MeanStd, digits: number): string {
  return `${fixed(value.mean, digits)} ± ${fixed(value.std, digits)}`;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}
