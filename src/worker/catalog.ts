import type { MovieLensData } from '../core/data/types';
import { Gender } from '../core/data/types';
import type { CatalogItem, CatalogUser, DataCatalog } from '../shared/catalog';
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

/**
 * What the host keeps of a data set: user ids and films by dense index, the same indices a model
 * trained on this data uses, so the host can map raw ids to model rows. The users' details stay
 * here (the Users view asks for pages of them).
 */
export function buildCatalog(data: MovieLensData): DataCatalog {
  const items: CatalogItem[] = [];
  for (let item = 0; item < data.items.count; item++) {
    const year = data.items.year[item];
    items.push({ id: data.items.rawId[item], title: data.items.title[item], year: year > 0 ? year : undefined });
  }
  return {
    format: data.format,
    folder: data.folder,
    ratingsFile: data.ratingsFile,
    itemsFile: data.itemsFile,
    ratingScale: { min: data.ratingScale.min, max: data.ratingScale.max },
    userIds: Array.from(data.users.rawId),
    ...(data.users.demographics === null ? {} : { occupations: [...data.users.demographics.occupations].sort() }),
    items,
  };
}
