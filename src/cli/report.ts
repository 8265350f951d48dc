import type { MovieLensData } from '../core/data/types';
import type { EvaluationResult } from '../core/eval/types';
import { modelLabel } from '../shared/labels';

// The text of a run (tables, verdict, data and fold lines) is shared with the extension's Output
// channel: src/shared/runReport.ts. `table` stays importable from here for the bench.
export { table } from '../shared/runReport';

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
    ...(result.ranking === undefined ? {} : { ranking: result.ranking }),
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
