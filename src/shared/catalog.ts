/**
 * What the host keeps of a data set (built by the worker): hovers and spot checks map ids to a
 * model's rows with it, without parsing. Small at any size: the users are their ids only (the
 * Users view asks the worker for pages of users, src/shared/userQuery.ts). Types only.
 */

/** What the host keeps of a data set (and stores beside a run's model, catalog.json). */
export interface DataCatalog {
  readonly format: string;
  readonly folder: string;
  readonly ratingsFile: string;
  readonly itemsFile: string;
  readonly ratingScale: { readonly min: number; readonly max: number };
  /** userIds[i] is the id of dense user index i: row i of a model's user factors. */
  readonly userIds: readonly number[];
  /** The users' occupations, sorted, when the data has demographics (100K, 1M); absent otherwise. */
  readonly occupations?: readonly string[];
  /** items[i] is dense item index i: row i of a model's item factors. */
  readonly items: readonly CatalogItem[];
}

/** One user as the Users view and the spot check show them. */
export interface CatalogUser {
  readonly id: number;
  readonly age?: number;
  readonly gender?: string;
  readonly occupation?: string;
  readonly ratingCount: number;
}

export interface CatalogItem {
  readonly id: number;
  readonly title: string;
  readonly year?: number;
}
