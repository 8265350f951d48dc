import type { MovieLensData } from '../core/data/types';
import type { SpotCheckFilm } from '../core/recommend/spotCheck';
import type { RatedFilm, SpotCheckState } from '../shared/spotCheckPanelState';
import type { SpotCheckParams } from '../shared/protocol/workerProtocol';
import { runLabel } from '../shared/labels';
import { catalogUser } from './catalog';
import { makeFolds } from '../core/eval/protocols';
import { spotCheck } from '../core/recommend/spotCheck';

/**
 * A user's spot check under a stored run's model, on the fold that model was trained on (the
 * protocol and seed give back the same folds). Throws an Error that says what does not fit.
 */
export function computeSpotCheck(request: SpotCheckParams, data: MovieLensData): SpotCheckState {
  const model = request.model;
  if (model.userCount !== data.users.count || model.itemCount !== data.items.count) {
    throw new Error(
      `The model has ${model.userCount} users and ${model.itemCount} films but ${data.folder} now has ` +
        `${data.users.count} and ${data.items.count}: the data changed since the run; train again.`,
    );
  }
  const user = data.userIndex.get(request.userId);
  if (user === undefined) throw new Error(`User ${request.userId} is not in ${data.ratingsFile}.`);
  const folds = makeFolds(data, request.run.protocol);
  const fold = folds.find((candidate) => candidate.name === model.foldName) ?? folds[0];
  if (fold === undefined) throw new Error('The run\'s protocol gives no fold on this data.');
  const result = spotCheck(data, fold, model, user, { unseenCount: request.unseenCount });
  return {
    runId: request.run.runId,
    runLabel: `${runLabel(request.run)}, fold ${fold.name}`,
    user: catalogUser(data, user),
    history: result.history.map(ratedFilm),
    recommendedFromTest: result.recommendedFromTest.map(ratedFilm),
    topUnseen: result.topUnseen.map(ratedFilm),
  };
}

function ratedFilm(film: SpotCheckFilm): RatedFilm {
  return { itemId: film.itemId, title: film.title, actual: film.actual, predicted: film.predicted };
}
