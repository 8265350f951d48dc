import * as path from 'node:path';
import { DataError } from '../data/errors';
import type { MovieLensData, MovieLensFormat } from '../data/types';
import type { FeatureGroup } from './groups';

/** The file that carries user demographics in each release; the CSV releases have none. */
const USERS_FILE: Readonly<Record<MovieLensFormat, string | undefined>> = {
  'ml-100k': 'u.user',
  'ml-1m': 'users.dat',
  'ml-csv': undefined,
};

/**
 * The requested groups that the data (or any folder of that release format) cannot fill: today
 * only `user` (age, gender, occupation, zip), which needs a users file. Every other group comes
 * from the ratings and the films file, which every loaded folder has.
 */
export function unavailableFeatureGroups(source: MovieLensData | MovieLensFormat, groups: readonly FeatureGroup[]): FeatureGroup[] {
  const hasUsers = typeof source === 'string' ? USERS_FILE[source] !== undefined : source.users.demographics !== null;
  return groups.filter((group) => group === 'user' && !hasUsers);
}

/**
 * `groups` without those the data or format cannot fill: for default feature lists (a format is
 * enough, known from the file names before anything is read); an explicit request is refused.
 */
export function availableFeatureGroups(source: MovieLensData | MovieLensFormat, groups: readonly FeatureGroup[]): FeatureGroup[] {
  const missing = unavailableFeatureGroups(source, groups);
  return groups.filter((group) => !missing.includes(group));
}

/**
 * Refuses feature groups the data cannot fill, naming the group and the file it needs, so that
 * `user` on a CSV release fails as 100K without u.user does instead of silently training
 * without it. Called by the engine before training (CLI, extension and bench alike).
 */
export function requireFeatureData(data: MovieLensData, groups: readonly FeatureGroup[]): void {
  if (unavailableFeatureGroups(data, groups).length === 0) return;
  const usersFile = USERS_FILE[data.format];
  if (usersFile !== undefined) {
    throw new DataError(
      path.join(data.folder, usersFile),
      0,
      `feature group 'user' (age, gender, occupation, zip) needs ${usersFile}, and this data has no users from it`,
    );
  }
  throw new DataError(
    data.folder,
    0,
    "feature group 'user' (age, gender, occupation, zip) needs a users file (u.user in MovieLens 100K, users.dat in 1M); " +
      'the CSV releases (ratings.csv, movies.csv) have none: leave out the user group',
  );
}
