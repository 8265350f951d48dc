import { DataError } from '../data/errors';
import type { MovieLensData, Ratings } from '../data/types';

/** The ordered levels of a data set's ratings, for the ordinal likelihood. */
export interface RatingLevels {
  /** The rating of each level, ascending: min, min + step, …, max. */
  readonly values: Float64Array;
  /** 1 (whole stars: 100K, 1M) or 0.5 (half stars: the CSV releases). */
  readonly step: number;
  /** The level index of each rating given. */
  readonly levelOf: (rating: number) => number;
}

/** Steps tried, coarsest first: whole stars, then half stars. */
const STEPS = [1, 0.5];
const TOLERANCE = 1e-6;

/**
 * The levels of the data's rating scale (ratingScale.min to .max) by the coarsest step that every
 * training rating sits on: 1..5 for 100K and 1M, 0.5..5 by halves (ten levels) for the CSV
 * releases. Ratings on no such step (a synthetic real-valued set) are refused with a DataError
 * that says why and names the first rating off the scale.
 */
export function ratingLevels(data: MovieLensData, train: Ratings): RatingLevels {
  const { min, max } = data.ratingScale;
  const onStep = (rating: number, step: number): boolean => {
    const position = (rating - min) / step;
    return rating >= min - TOLERANCE && rating <= max + TOLERANCE && Math.abs(position - Math.round(position)) < TOLERANCE;
  };
  for (const step of STEPS) {
    const span = (max - min) / step;
    if (Math.abs(span - Math.round(span)) > TOLERANCE || Math.round(span) < 1) continue;
    let fits = true;
    for (let index = 0; index < train.length && fits; index++) fits = onStep(train.rating[index], step);
    if (!fits) continue;
    const values = Float64Array.from({ length: Math.round(span) + 1 }, (_, level) => min + level * step);
    return { values, step, levelOf: (rating) => Math.round((rating - min) / step) };
  }
  let offScale = Number.NaN;
  for (let index = 0; index < train.length && Number.isNaN(offScale); index++)
    if (!onStep(train.rating[index], 0.5)) offScale = train.rating[index];
  throw new DataError(
    data.ratingsFile,
    0,
    `likelihood 'ordinal' needs ratings in whole or half stars from ${min} to ${max} (its levels); ` +
      `this data has a rating of ${offScale}: use likelihood 'gaussian'`,
  );
}
