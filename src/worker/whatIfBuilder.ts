import type { MovieLensData } from '../core/data/types';
import { newUserProblems } from '../core/recommend/newUser';
import { whatIf } from '../core/recommend/whatIf';
import type { WhatIfFilm } from '../core/recommend/whatIf';
import { modelLabel, runLabel } from '../shared/labels';
import type { WhatIfParams } from '../shared/protocol/workerProtocol';
import type { WhatIfFilmView, WhatIfState } from '../shared/whatIfState';
import type { RunFolds } from './runFolds';
import { checkModelFits, modelConfigOf, modelFoldIndex } from './spotCheckBuilder';

/**
 * A new user's what-if under a stored run's model, on the fold that model was trained on (its
 * training part is what popularity counts when the model cannot score a new user). Throws an Error
 * naming the inputs the data does not have (an unknown film id or occupation).
 */
export function computeWhatIf(request: WhatIfParams, data: MovieLensData, folds: RunFolds): WhatIfState {
  const { model, user, run } = request;
  checkModelFits(model, data);
  const problems = newUserProblems(data, user);
  if (problems.length > 0) throw new Error(`The new user cannot be scored: ${problems.join('; ')}.`);
  const fold = folds.fold(modelFoldIndex(model, folds));
  if (fold === undefined) throw new Error("The run's protocol gives no fold on this data.");
  const result = whatIf(data, fold, model, user, request.count);
  return {
    kind: 'whatIf',
    runId: run.runId,
    runLabel: runLabel(run),
    modelLabel: modelLabel(modelConfigOf(run)),
    foldName: fold.name,
    inputs: user,
    basis: result.basis,
    fallback: result.fallback,
    used: result.encoding?.used ?? [],
    unknown: result.encoding?.unknown ?? [],
    liked: result.liked.map((film) => ({ itemId: film.itemId, title: film.title })),
    recommendations: result.recommendations.map(filmView),
    occupations: [...(data.users.demographics?.occupations ?? [])],
  };
}

function filmView(film: WhatIfFilm): WhatIfFilmView {
  return { itemId: film.itemId, title: film.title, predicted: film.predicted, trainCount: film.trainCount };
}
