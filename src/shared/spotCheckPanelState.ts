/** Pure helpers over SpotCheckState, shared by the host and the Spot Check webview. */
import { isWhatIfState } from './whatIfState';
import type { WhatIfState } from './whatIfState';

export interface RatedFilm {
  readonly itemId: number;
  readonly title: string;
  readonly actual?: number;
  readonly predicted?: number;
  /** For a rating: the part of the model's fold it was in (held out = 'test'). */
  readonly part?: 'train' | 'test';
  /** An ordinal model's probability of each of the state's ratingLevels for this film (sums to 1). */
  readonly levelProbabilities?: readonly number[];
}

export interface SpotCheckState {
  /** A user of the data (states stored before what-ifs have no kind: they are all this). */
  readonly kind?: 'user';
  readonly runId: string;
  readonly runLabel: string;
  /** The model that made the predictions (a comparison's candidate), by the one labeler. */
  readonly modelLabel?: string;
  /** The fold the model was trained on: the history is its training half. */
  readonly foldName?: string;
  readonly user: {
    readonly id: number;
    readonly age?: number;
    readonly gender?: string;
    readonly occupation?: string;
    readonly ratingCount: number;
  };
  /** Top-10 films of the user's training ratings. */
  readonly history: readonly RatedFilm[];
  /** The user's test films ranked by prediction, top 5, with actual and predicted ratings. */
  readonly recommendedFromTest: readonly RatedFilm[];
  /** Top-N among all films the user has not rated in training. */
  readonly topUnseen: readonly RatedFilm[];
  /** Every rating of the user (train and test part), best first; capped for very active users. */
  readonly fullHistory?: readonly RatedFilm[];
  /** The run was deleted while the panel showed it. */
  readonly deleted?: boolean;
  /**
   * An ordinal model's rating levels (ascending), once for the state: the charted films then carry
   * levelProbabilities, a predicted rating distribution each. Absent for a Gaussian model.
   */
  readonly ratingLevels?: readonly number[];
}

/** The most ratings the full history lists (ml-25m has users with tens of thousands). */
export const FULL_HISTORY_LIMIT = 1000;

/** Loose structural check of a persisted or received spot-check state. */
export function isSpotCheckState(value: unknown): value is SpotCheckState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SpotCheckState>;
  return (
    typeof candidate.runId === 'string' &&
    typeof candidate.user === 'object' &&
    candidate.user !== null &&
    Array.isArray(candidate.history) &&
    Array.isArray(candidate.recommendedFromTest) &&
    Array.isArray(candidate.topUnseen) &&
    hasValidDistributions(candidate)
  );
}

/** Rating levels, if any, are numbers; a film's level probabilities are one per level, each in [0, 1]. */
function hasValidDistributions(candidate: Partial<SpotCheckState>): boolean {
  const levels: unknown = candidate.ratingLevels;
  if (levels !== undefined && !(Array.isArray(levels) && levels.every((level) => typeof level === 'number' && Number.isFinite(level))))
    return false;
  const count = levels === undefined ? 0 : levels.length;
  const films = [...(candidate.history ?? []), ...(candidate.recommendedFromTest ?? []), ...(candidate.topUnseen ?? [])] as unknown[];
  return films.every((film) => {
    if (typeof film !== 'object' || film === null) return false;
    const probabilities: unknown = (film as RatedFilm).levelProbabilities;
    if (probabilities === undefined) return true;
    return (
      Array.isArray(probabilities) &&
      probabilities.length === count &&
      probabilities.every((value) => typeof value === 'number' && value >= 0 && value <= 1)
    );
  });
}

/** What the Spot Check panel shows: a user of the data, or a new user (a cold-start what-if). */
export type SpotCheckPanelState = SpotCheckState | WhatIfState;

export function isSpotCheckPanelState(value: unknown): value is SpotCheckPanelState {
  return isWhatIfState(value) || isSpotCheckState(value);
}
