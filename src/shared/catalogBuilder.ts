/**
 * A data set's catalogue (shared/catalog.ts) from the parsed data. Built where the data is: the
 * query worker describes a folder it read, and the host builds it from what a run's worker
 * parsed (shared memory), so a run needs no second thread for it.
 */
import type { MovieLensData } from '../core/data/types';
import type { CatalogItem, DataCatalog } from './catalog';

/** User ids and films by dense index: the same indices a model trained on this data uses. */
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
