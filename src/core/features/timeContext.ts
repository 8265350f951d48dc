/**
 * Time of a rating, as the time-aware feature groups see it. Every rating's timestamp is known
 * when it is predicted (the test ratings of every protocol carry theirs), so these are per-rating
 * features, not per user or per film: the user's time groups make the FM's context block
 * (contextBlock.ts), the film's age makes (film, age) rows of the film block (contextRows.ts).
 */
import type { FeatureGroup } from './groups';

const SECONDS_PER_DAY = 86_400;

/** Groups that key the context block's rows by (user, day). */
const DAY_GROUPS: readonly FeatureGroup[] = ['ratingDate', 'userDay', 'dayImplicit', 'userDrift', 'dayFrequency'];

/**
 * The per-rating groups of the context block (featureBlocks.ts) with one feature a row: a row
 * without training ratings lacks those it could not learn and gets their prior means.
 * dayImplicit (empty on such a row) and userDrift (a value, not a one-hot) are context groups
 * too but have no prior mean to stand in.
 */
export const CONTEXT_GROUPS = ['ratingDate', 'userDay', 'ratingMonth', 'dayFrequency'] as const;

/**
 * How the context block's rows are keyed for `groups`: (user, day), (user, month) when the month
 * is the finest time asked for, or no context block at all.
 */
export function contextKey(groups: readonly FeatureGroup[]): 'day' | 'month' | null {
  if (groups.some((group) => DAY_GROUPS.includes(group))) return 'day';
  return groups.includes('ratingMonth') ? 'month' : null;
}

/** Whether the film block's rows are (film, age or month) pairs (contextRows.ts): filmAge or filmMonth is on. */
export function usesContextRows(groups: readonly FeatureGroup[]): boolean {
  return groups.includes('filmAge') || groups.includes('filmMonth');
}

/**
 * The bucket of n training ratings by a user on a day: 0 for none (a test day without any),
 * then doubling, 1, 2-3, 4-7, …, 64+ (Koren's frequency is log-scaled too).
 */
export function frequencyBucket(ratings: number): number {
  return ratings <= 0 ? 0 : Math.min(7, 1 + Math.floor(Math.log2(ratings)));
}

const FREQUENCY_LABELS = ['0', '1', '2-3', '4-7', '8-15', '16-31', '32-63', '64+'];

/** "4-7" for bucket 3 (ratings that day). */
export function frequencyLabel(bucket: number): string {
  return FREQUENCY_LABELS[bucket] ?? String(bucket);
}

/** timeSVD++'s exponent β of dev_u(t) = sign(t − t̄_u)·|t − t̄_u|^β (days; Koren 2009 found 0.4). */
const DRIFT_EXPONENT = 0.4;

/** The user drift feature's value for a day `distance` days after the user's mean training day. */
export function driftValue(distance: number): number {
  return Math.sign(distance) * Math.abs(distance) ** DRIFT_EXPONENT;
}

/** Whole UTC days since 1970-01-01. */
export function dayOf(timestamp: number): number {
  return Math.floor(timestamp / SECONDS_PER_DAY);
}

/** Months since January 1970 (UTC) of a day number. */
export function monthOfDay(day: number): number {
  const date = new Date(day * SECONDS_PER_DAY * 1000);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** "1997-11-03" for a day number. */
export function dayLabel(day: number): string {
  return new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}

/** "1997-11" for a month number. */
export function monthLabel(month: number): string {
  const year = 1970 + Math.floor(month / 12);
  return `${year}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** UTC year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * SECONDS_PER_DAY * 1000).getUTCFullYear();
}

/**
 * The film's age when rated, rating year − release year, in doubling buckets (0, 1, 2-3, 4-7,
 * 8-15, 16-31, 32+): a year matters for a new film, a decade for an old one. Ratings before the
 * release year (dates rounded to the year) count as 0. −1 when the release year is unknown.
 */
export function filmAgeBucket(ratingYear: number, releaseYear: number): number {
  if (!(releaseYear > 0)) return -1;
  const age = ratingYear - releaseYear;
  if (age <= 0) return 0;
  return Math.min(6, 1 + Math.floor(Math.log2(age)));
}

const FILM_AGE_LABELS = ['0', '1', '2-3', '4-7', '8-15', '16-31', '32+'];

/** "2-3" for bucket 2 (years). */
export function filmAgeLabel(bucket: number): string {
  return FILM_AGE_LABELS[bucket] ?? String(bucket);
}
