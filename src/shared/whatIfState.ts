/**
 * The cold-start what-if as the Spot Check panel shows it: a new user's inputs, what the model made
 * of them and its top films, and how they moved since the inputs last changed. Pure types and
 * helpers, shared by the worker (which builds the state), the host and the webview.
 */
import type { NamedFeature, NewUser, WhatIfFallback } from '../core/recommend/newUser';
import { hasOnlyKeys, isNonEmptyString, isPositiveInteger, isRecord } from './protocol/messages';

export type { NamedFeature, NewUser, WhatIfFallback } from '../core/recommend/newUser';

/** A recommended film as the panel lists it. */
export interface WhatIfFilmView {
  readonly itemId: number;
  readonly title: string;
  /** The model's prediction for the new user; none under popularity. */
  readonly predicted?: number;
  /** Ratings of the film in the fold's training part. */
  readonly trainCount: number;
}

export interface WhatIfState {
  readonly kind: 'whatIf';
  readonly runId: string;
  readonly runLabel: string;
  /** The model that scored the user (a comparison's candidate), by the one labeler. */
  readonly modelLabel: string;
  readonly foldName: string;
  readonly inputs: NewUser;
  readonly basis: 'model' | 'popularity';
  readonly fallback?: WhatIfFallback;
  /** The row's features ("age=25-34"), and the inputs the model has no feature for. */
  readonly used: readonly NamedFeature[];
  readonly unknown: readonly string[];
  readonly liked: readonly { readonly itemId: number; readonly title: string }[];
  readonly recommendations: readonly WhatIfFilmView[];
  /** The top films before the inputs last changed (same run): what the change column compares with. */
  readonly previous?: readonly WhatIfFilmView[];
  /** The occupations of the data, for the form. */
  readonly occupations: readonly string[];
  /** The run was deleted while the panel showed it. */
  readonly deleted?: boolean;
}

/** Loose structural check of a persisted or received what-if state. */
export function isWhatIfState(value: unknown): value is WhatIfState {
  return (
    isRecord(value) &&
    value.kind === 'whatIf' &&
    typeof value.runId === 'string' &&
    isRecord(value.inputs) &&
    Array.isArray(value.recommendations) &&
    Array.isArray(value.liked)
  );
}

/** How many films a new user may say they liked (a few are what the what-if is about). */
export const MAX_LIKED_FILMS = 50;

/** Field by field: a page may send anything, the host scores only inputs of this shape. */
export function isNewUser(value: unknown): value is NewUser {
  if (!isRecord(value) || !hasOnlyKeys(value, [], ['age', 'gender', 'occupation', 'zip', 'liked'])) return false;
  const { age, gender, occupation, zip, liked } = value;
  return (
    (age === undefined || (typeof age === 'number' && Number.isInteger(age) && age >= 0 && age <= 150)) &&
    (gender === undefined || gender === 'M' || gender === 'F') &&
    (occupation === undefined || isNonEmptyString(occupation, 100)) &&
    (zip === undefined || isNonEmptyString(zip, 20)) &&
    (liked === undefined || (Array.isArray(liked) && liked.length <= MAX_LIKED_FILMS && liked.every(isPositiveInteger)))
  );
}

/** How a film's place changed since the previous top list: new in it, or up/down by places. */
export type RankChange = { readonly kind: 'new' } | { readonly kind: 'moved'; readonly places: number; readonly ratingChange?: number };

/**
 * Each current film's change against `previous` (undefined when there is no previous list: the
 * first scoring); places > 0 is up. The rating change is current − previous prediction.
 */
export function rankChanges(
  current: readonly WhatIfFilmView[],
  previous: readonly WhatIfFilmView[] | undefined,
): (RankChange | undefined)[] {
  if (previous === undefined) return current.map(() => undefined);
  return current.map((film, index) => {
    const before = previous.findIndex((candidate) => candidate.itemId === film.itemId);
    if (before < 0) return { kind: 'new' };
    const old = previous[before].predicted;
    const ratingChange = film.predicted === undefined || old === undefined ? undefined : film.predicted - old;
    return { kind: 'moved', places: before - index, ratingChange };
  });
}

/** The films of `previous` no longer in the top list. */
export function droppedFilms(current: readonly WhatIfFilmView[], previous: readonly WhatIfFilmView[] | undefined): WhatIfFilmView[] {
  if (previous === undefined) return [];
  const shown = new Set(current.map((film) => film.itemId));
  return previous.filter((film) => !shown.has(film.itemId));
}

/** A change as the table shows it: "new", "↑ 2 (+0.12)", "↓ 1 (−0.05)", "="; "" before the first change. */
export function rankChangeText(change: RankChange | undefined): string {
  if (change === undefined) return '';
  if (change.kind === 'new') return 'new';
  const places = change.places > 0 ? `↑ ${change.places}` : change.places < 0 ? `↓ ${-change.places}` : '=';
  // Below half a hundredth the rating reads the same ("4.52" both times).
  if (change.ratingChange === undefined || Math.abs(change.ratingChange) < 0.005) return places;
  const sign = change.ratingChange > 0 ? '+' : '−';
  return `${places} (${sign}${Math.abs(change.ratingChange).toFixed(2)})`;
}
