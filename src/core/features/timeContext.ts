/**
 * Time of a rating, as the time-aware feature groups see it. Every rating's timestamp is known
 * when it is predicted (the test ratings of every protocol carry theirs), so these are per-rating
 * features, not per user or per film: see contextRows.ts for how they enter the FM's blocks.
 */
import type { FeatureGroup } from './groups';

const SECONDS_PER_DAY = 86_400;

/** Groups that make the user block's rows (user, day) pairs. */
const DAY_GROUPS: readonly FeatureGroup[] = ['ratingDate', 'userDay'];

/** How the rows of each block are keyed for `groups`: by time ('day', 'month', 'filmAge') or not at all. */
export interface RowKeys {
  readonly user: 'day' | 'month' | null;
  readonly item: 'filmAge' | null;
}

export function rowKeys(groups: readonly FeatureGroup[]): RowKeys {
  const user = groups.some((group) => DAY_GROUPS.includes(group)) ? 'day' : groups.includes('ratingMonth') ? 'month' : null;
  return { user, item: groups.includes('filmAge') ? 'filmAge' : null };
}

/** Whether any per-rating time group is on (the FM then trains on context rows). */
export function usesContextRows(groups: readonly FeatureGroup[]): boolean {
  const keys = rowKeys(groups);
  return keys.user !== null || keys.item !== null;
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
