import { Gender } from '../data/types';
import type { MovieLensData } from '../data/types';
import type { Fold } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import { predictRating, score } from '../model/embeddingModel';

/** A film in a spot check; the shape of the protocol's RatedFilm plus the dense index. */
export interface SpotCheckFilm {
  /** Dense item index. */
  readonly item: number;
  /** Raw film id from the data files. */
  readonly itemId: number;
  readonly title: string;
  /** The user's rating, when they rated it (training part for history, test part otherwise). */
  readonly actual?: number;
  /** The model's clipped prediction. */
  readonly predicted: number;
}

export interface SpotCheckResult {
  /** Dense user index. */
  readonly user: number;
  /** Raw user id from the data files. */
  readonly userId: number;
  readonly trainCount: number;
  readonly testCount: number;
  /** The user's best-rated training films (ties: higher prediction first, then film index). */
  readonly history: readonly SpotCheckFilm[];
  /** The user's test films ranked by prediction, with actual ratings. */
  readonly recommendedFromTest: readonly SpotCheckFilm[];
  /** The best-predicted films among all films the user did not rate in training. */
  readonly topUnseen: readonly SpotCheckFilm[];
}

export interface SpotCheckOptions {
  /** Default 10. */
  readonly historyCount?: number;
  /** Default 5. */
  readonly testCount?: number;
  /** Default 10. */
  readonly unseenCount?: number;
}

/**
 * What a model recommends to one user (dense index) of a fold: their top training ratings, their
 * test films ranked by prediction (with the actual ratings, to eyeball the ranking) and the top
 * unseen films. Rankings use the unclipped score so that clipped ties at the scale's ends are
 * still ordered; film index breaks exact ties, so the result is deterministic.
 */
export function spotCheck(
  data: MovieLensData,
  fold: Fold,
  model: EmbeddingModel,
  user: number,
  options: SpotCheckOptions = {},
): SpotCheckResult {
  if (!(Number.isInteger(user) && user >= 0 && user < model.userCount && user < data.users.count)) {
    throw new RangeError(`user index must be within 0..${Math.min(model.userCount, data.users.count) - 1}, got ${user}`);
  }
  const { historyCount = 10, testCount = 5, unseenCount = 10 } = options;
  const scores = new Float64Array(model.itemCount);
  for (let item = 0; item < model.itemCount; item++) scores[item] = score(model, user, item);

  const rated = new Map<number, number>();
  const train = fold.train;
  for (let index = 0; index < train.length; index++) {
    if (train.user[index] === user) rated.set(train.item[index], train.rating[index]);
  }
  const tested = new Map<number, number>();
  const test = fold.test;
  for (let index = 0; index < test.length; index++) {
    if (test.user[index] === user) tested.set(test.item[index], test.rating[index]);
  }

  const film = (item: number, actual?: number): SpotCheckFilm => ({
    item,
    itemId: data.items.rawId[item],
    title: data.items.title[item] ?? `#${data.items.rawId[item]}`,
    actual,
    predicted: predictRating(model, user, item),
  });
  const byScore = (first: number, second: number): number => scores[second] - scores[first] || first - second;

  const history = [...rated.keys()]
    .sort((first, second) => (rated.get(second) ?? 0) - (rated.get(first) ?? 0) || byScore(first, second))
    .slice(0, historyCount)
    .map((item) => film(item, rated.get(item)));
  const recommendedFromTest = [...tested.keys()]
    .sort(byScore)
    .slice(0, testCount)
    .map((item) => film(item, tested.get(item)));
  const unseen: number[] = [];
  for (let item = 0; item < model.itemCount; item++) if (!rated.has(item)) unseen.push(item);
  const topUnseen = unseen
    .sort(byScore)
    .slice(0, unseenCount)
    .map((item) => film(item, tested.get(item)));

  return {
    user,
    userId: data.users.rawId[user],
    trainCount: rated.size,
    testCount: tested.size,
    history,
    recommendedFromTest,
    topUnseen,
  };
}

/** The spot check as plain text for a terminal. */
export function formatSpotCheck(data: MovieLensData, result: SpotCheckResult): string {
  const lines: string[] = [];
  lines.push(
    `User ${result.userId}${describeUser(data, result.user)}: ${result.trainCount} training ratings, ${result.testCount} test ratings`,
  );
  const section = (title: string, films: readonly SpotCheckFilm[], empty: string): void => {
    lines.push('', title);
    if (films.length === 0) lines.push(`  (${empty})`);
    films.forEach((entry, index) => {
      const actual = entry.actual === undefined ? '     ' : `${entry.actual.toFixed(1).padStart(5)}`;
      lines.push(
        `  ${String(index + 1).padStart(2)}. ${actual}  ${entry.predicted.toFixed(2).padStart(5)}  ${entry.title} [${entry.itemId}]`,
      );
    });
  };
  lines.push('', `${' '.repeat(6)}${'rated'.padStart(5)}  ${'pred.'.padStart(5)}  film [id]`);
  section('Top training ratings', result.history, 'no training ratings: a cold user');
  section('Test films ranked by prediction', result.recommendedFromTest, 'no test ratings in this fold');
  section('Top unseen films (not rated in training; actual shown when in the test part)', result.topUnseen, 'none');
  return lines.join('\n');
}

function describeUser(data: MovieLensData, user: number): string {
  const demographics = data.users.demographics;
  if (!demographics) return '';
  const parts: string[] = [];
  if (demographics.age[user] >= 0) parts.push(`age ${demographics.age[user]}`);
  const gender = demographics.gender[user];
  if (gender === Gender.Male) parts.push('male');
  if (gender === Gender.Female) parts.push('female');
  const occupation = demographics.occupation[user];
  if (occupation >= 0 && demographics.occupations[occupation]) parts.push(demographics.occupations[occupation]);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
