/**
 * What the host keeps of a data set (built by the worker): the Users view, hovers and spot checks
 * work from it without parsing. Types only.
 */

/** What the host keeps of a data set: enough for the Users view and hovers without parsing. */
export interface DataCatalog {
  readonly format: string;
  readonly folder: string;
  readonly ratingsFile: string;
  readonly itemsFile: string;
  readonly ratingScale: { readonly min: number; readonly max: number };
  /** users[i] is dense user index i: row i of a model's user factors. */
  readonly users: readonly CatalogUser[];
  /** items[i] is dense item index i: row i of a model's item factors. */
  readonly items: readonly CatalogItem[];
}

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

