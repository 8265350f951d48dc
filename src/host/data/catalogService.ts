import type { CatalogUser, DataCatalog } from '../../shared/catalog';
import { buildCatalog } from '../../shared/catalogBuilder';
import type { FoldPool } from '../../threads/foldPool';
import type { UserPage, UserQuery } from '../../shared/userQuery';
import type { QueryClient } from '../../threads/queryClient';
import { folderKey } from '../runs/runLibrary';

/** A catalogue with its id lookups. Rows are the dense indices the models use. */
export interface IndexedCatalog {
  readonly catalog: DataCatalog;
  readonly userRow: ReadonlyMap<number, number>;
  readonly itemRow: ReadonlyMap<number, number>;
}

export function indexCatalog(catalog: DataCatalog): IndexedCatalog {
  return {
    catalog,
    userRow: new Map(catalog.userIds.map((id, row) => [id, row])),
    itemRow: new Map(catalog.items.map((item, row) => [item.id, row])),
  };
}

/**
 * Catalogues of data folders, described by the query worker on first use (or built from a run's
 * parse, see learnFromRuns) and kept; pages of users, asked each time.
 */
export class CatalogService {
  private readonly catalogs = new Map<string, Promise<IndexedCatalog>>();

  constructor(private readonly client: QueryClient) {}

  get(folder: string): Promise<IndexedCatalog> {
    const key = folderKey(folder);
    let catalog = this.catalogs.get(key);
    if (catalog === undefined) {
      catalog = this.client.describeData(folder).then(indexCatalog);
      // A failure is not kept: the user may fix the file and try again.
      catalog.catch(() => this.catalogs.delete(key));
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  /**
   * Keeps the catalogue of every folder a run's worker parses, built here from that data (shared
   * memory): the run's stored model needs it, and asking the query worker instead would start that
   * thread, to adopt the data, while a window's first run starts its folds.
   */
  learnFromRuns(pool: FoldPool): { dispose(): void } {
    return pool.onDidParseData((shared) => {
      this.catalogs.set(folderKey(shared.data.folder), Promise.resolve(indexCatalog(buildCatalog(shared.data))));
    });
  }

  /** Whether the folder's catalogue is kept or being described now. */
  has(folder: string): boolean {
    return this.catalogs.has(folderKey(folder));
  }

  /** A page of the folder's users (filtered and ordered by the worker; never kept here), its preview to `onPreview` (QueryClient.queryUsers). */
  users(folder: string, query: UserQuery, onPreview?: (users: readonly CatalogUser[]) => void): Promise<UserPage> {
    return this.client.queryUsers(folder, query, onPreview);
  }

  invalidate(folder?: string): void {
    if (folder === undefined) this.catalogs.clear();
    else this.catalogs.delete(folderKey(folder));
  }
}
