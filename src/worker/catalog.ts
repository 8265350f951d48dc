import type { MovieLensData } from '../core/data/types';
import { Gender } from '../core/data/types';
import type { CatalogUser } from '../shared/catalog';
import { ratingCountOf } from './foldParts';

const GENDER_NAMES: Readonly<Record<number, string | undefined>> = {
  [Gender.Male]: 'M',
  [Gender.Female]: 'F',
};

/** One user as the catalogue shows them (ratingCount: from the data's per-user index when not given). */
export function catalogUser(data: MovieLensData, user: number, ratingCount?: number): CatalogUser {
  const count = ratingCount ?? ratingCountOf(data, user);
  const id = data.users.rawId[user];
  const demographics = data.users.demographics;
  if (demographics === null) return { id, ratingCount: count };
  const age = demographics.age[user];
  const occupation = demographics.occupation[user];
  return {
    id,
    age: age >= 0 ? age : undefined,
    gender: GENDER_NAMES[demographics.gender[user]],
    occupation: occupation >= 0 ? demographics.occupations[occupation] : undefined,
    ratingCount: count,
  };
}
