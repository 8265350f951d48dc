import type { MovieLensData } from '../core/data/types';
import type { ComparisonResult, EvaluationResult, MeanStd } from '../core/eval/types';
import type { ProtocolConfig } from '../core/config/types';
import { modelLabel } from '../shared/labels';
import { formatRanking, rankingJson, rankingRows } from './rankingReport';

/** The JSON form of one evaluation: the fields scripts rely on, then the configuration. */
export function evaluationJson(result: EvaluationResult): Record<string, unknown> {
  return {
    label: modelLabel(result.model),
    folds: result.folds.map((fold) => ({
      name: fold.name,
      rmse: fold.rmse,
      mae: fold.mae,
      seconds: fold.seconds,
      iterations: fold.iterations,
      trainCount: fold.trainCount,
      testCount: fold.testCount,
      ...(fold.ranking === undefined ? {} : { ranking: fold.ranking }),
    })),
    rmse: result.rmse,
    mae: result.mae,
    ...(result.ranking === undefined ? {} : { ranking: rankingJson(result.ranking) }),
    seconds: result.seconds,
    msPerIteration: result.msPerIteration,
    model: result.model,
    protocol: result.protocol,
  };
}

/** The data set in one line. */
export function describeData(data: MovieLensData): string {
  return `${data.folder} (${data.format}: ${data.users.count} users, ${data.items.count} films, ${data.ratings.length} ratings)`;
}

/** What the loader changed under a stated policy (e.g. re-ratings in a CSV release), one line each. */
export function describeNotes(data: MovieLensData): string[] {
  return [...(data.notes ?? [])];
}

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

/** Per-fold table and mean ± std of one model. */
export function formatEvaluation(result: EvaluationResult): string {
  const rows = result.folds.map((fold) => [fold.name, fixed(fold.rmse, 4), fixed(fold.mae, 4), fixed(fold.seconds, 2)]);
  const lines = [
    modelLabel(result.model),
    ...table(['fold', 'RMSE', 'MAE', 'seconds'], rows),
    `mean ± std   RMSE ${plusMinus(result.rmse, 4)}   MAE ${plusMinus(result.mae, 4)}`,
    `time         ${fixed(result.seconds, 2)} s training, ${fixed(result.msPerIteration, 1)} ms per iteration`,
    ...blankBefore(formatRanking(rankingRows([{ name: 'model', ranking: result.ranking }]))),
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
    ...(best === undefined || bestFolds === undefined ? [] : [fixed(bestFolds[index].rmse, 4), `${fixed(best.gainPerFold[index] * 100, 2)}%`]),
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
    ...(best === undefined ? [] : [`Paired relative RMSE gain of the best FM:   ${fixed(best.gain.mean * 100, 2)}% ± ${fixed(best.gain.std * 100, 2)}%`]),
    ...blankBefore(
      formatRanking(
        rankingRows([
          { name: 'baseline', ranking: baseline.ranking },
          { name: 'candidate', ranking: candidate.ranking },
          ...(best === undefined ? [] : [{ name: 'best', ranking: best.evaluation.ranking }]),
        ]),
      ),
    ),
  ];
  return lines.join('\n');
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
