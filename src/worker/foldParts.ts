/**
 * Which part of a fold a rating is in: the training part the model learnt from, or the test part
 * held out to measure it. For hovers ("this rating was held out") and the spot check's full history.
 */
import type { Fold, Ratings } from '../core/data/types';

export type FoldPart = 'train' | 'test';

/** The films one user (dense index) rated in a part, with the ratings. */
function ratedBy(ratings: Ratings, user: number): Map<number, number> {
  const rated = new Map<number, number>();
  const users = ratings.user;
  const items = ratings.item;
  const values = ratings.rating;
  for (let index = 0; index < ratings.length; index++) if (users[index] === user) rated.set(items[index], values[index]);
  return rated;
}

/** The user's films in each part of the fold. */
export function userParts(fold: Fold, user: number): { readonly train: Map<number, number>; readonly test: Map<number, number> } {
  return { train: ratedBy(fold.train, user), test: ratedBy(fold.test, user) };
}

/** The part of the fold that holds the user's rating of the film, if either does. */
export function ratingPart(fold: Fold, user: number, item: number): FoldPart | undefined {
  const inPart = (ratings: Ratings): boolean => {
    const users = ratings.user;
    const items = ratings.item;
    for (let index = 0; index < ratings.length; index++) if (users[index] === user && items[index] === item) return true;
    return false;
  };
  if (inPart(fold.train)) return 'train';
  if (inPart(fold.test)) return 'test';
  return undefined;
}
