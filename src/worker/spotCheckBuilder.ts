import type { Fold, MovieLensData } from '../core/data/types';
import { rowsOfUser } from '../core/data/userRows';
import type { SpotCheckFilm } from '../core/recommend/spotCheck';
import type { RatedFilm, SpotCheckState } from '../shared/spotCheckPanelState';
import { FULL_HISTORY_LIMIT } from '../shared/spotCheckPanelState';
import type { SpotCheckParams } from '../shared/protocol/workerProtocol';
import type { RunRequest, SerializedModel } from '../shared/run';
import { modelLabel, runLabel } from '../shared/labels';
import { catalogUser } from './catalog';
import { spotCheck } from '../core/recommend/spotCheck';
import { predictRating, ratingDistribution } from '../core/model/embeddingModel';
import { userFold, userParts, userRowsOf } from './foldParts';
import type { RunFolds } from './runFolds';

/**
 * A user's spot check under a stored run's model, on the fold that model was trained on (the
 * protocol and seed give back the same folds): from the user's own ratings in that fold, so it
 * costs the user's ratings and the films, not the data's size. Throws an Error that says what
 * does not fit.
 */
export function computeSpotCheck(request: SpotCheckParams, data: MovieLensData, folds: RunFolds): SpotCheckState {
  const model = request.model;
  checkModelFits(model, data);
  const user = data.userIndex.get(request.userId);
  if (user === undefined) throw new Error(`User ${request.userId} is not in ${data.ratingsFile}.`);
  const fold = userFold(folds, modelFoldIndex(model, folds), user);
  const result = spotCheck(data, fold, model, user, { unseenCount: request.unseenCount });
  // An ordinal model's predicted rating distribution of each charted film (levels once, below).
  const ratedFilm = (film: SpotCheckFilm): RatedFilm => {
    const distribution = ratingDistribution(model, user, film.item);
    return { ...plainFilm(film), ...(distribution === undefined ? {} : { levelProbabilities: Array.from(distribution) }) };
  };
  return {
    runId: request.run.runId,
    runLabel: runLabel(request.run),
    modelLabel: modelLabel(modelConfigOf(request.run)),
    foldName: fold.name,
    user: catalogUser(data, user),
    history: result.history.map(ratedFilm),
    recommendedFromTest: result.recommendedFromTest.map(ratedFilm),
    topUnseen: result.topUnseen.map(ratedFilm),
    fullHistory: fullHistory(data, fold, model, user),
    ...(model.ordinal === undefined ? {} : { ratingLevels: Array.from(model.ordinal.levels) }),
  };
}

/** The model a run keeps (the pool keeps a comparison's candidate's first fold). */
export function modelConfigOf(run: RunRequest): RunRequest['model'] {
  return run.kind === 'compare' && run.candidate !== undefined ? run.candidate : run.model;
}

export function checkModelFits(model: SerializedModel, data: MovieLensData): void {
  if (model.userCount !== data.users.count || model.itemCount !== data.items.count) {
    throw new Error(
      `The model has ${model.userCount} users and ${model.itemCount} films but ${data.folder} now has ` +
        `${data.users.count} and ${data.items.count}: the data changed since the run; train again.`,
    );
  }
}

/** The index of the fold a stored model was trained on (its folds made again from the run's protocol and seed). */
export function modelFoldIndex(model: SerializedModel, folds: RunFolds): number {
  if (folds.count === 0) throw new Error("The run's protocol gives no fold on this data.");
  return Math.max(0, folds.indexOf(model.foldName));
}

/** Every rating of the user, best first (then by title), each marked with its part of the fold. */
function fullHistory(data: MovieLensData, fold: Fold, model: SerializedModel, user: number): RatedFilm[] {
  const { train, test } = userParts(fold);
  const films: RatedFilm[] = [];
  const ratings = data.ratings;
  for (const index of rowsOfUser(userRowsOf(data), user)) {
    const item = ratings.item[index];
    films.push({
      itemId: data.items.rawId[item],
      title: data.items.title[item] ?? `#${data.items.rawId[item]}`,
      actual: ratings.rating[index],
      predicted: predictRating(model, user, item),
      part: train.has(item) ? 'train' : test.has(item) ? 'test' : undefined,
    });
  }
  films.sort((first, second) => (second.actual ?? 0) - (first.actual ?? 0) || first.title.localeCompare(second.title));
  return films.slice(0, FULL_HISTORY_LIMIT);
}

function plainFilm(film: SpotCheckFilm): RatedFilm {
  return { itemId: film.itemId, title: film.title, actual: film.actual, predicted: film.predicted };
}
