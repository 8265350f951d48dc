import type { CatalogUser } from '../../shared/catalog';
import type { UserPage, UserQuery } from '../../shared/userQuery';
import type { CatalogService } from '../data/catalogService';

/**
 * One page asked of the worker for the Users view: its reply and, while the worker first reads a
 * large ratings file sorted by user, the page's first users ahead of it (the preview). The view
 * shows the preview, then the reply when it comes (see UsersTreeProvider.getChildren).
 */
export class UserPageRequest {
  /** The reply once in. */
  outcome: { readonly page: UserPage } | { readonly error: unknown } | undefined;
  /** The preview, if one came before the reply. */
  preview: readonly CatalogUser[] | undefined;
  /** The view shows the preview: the reply must be shown when it comes. */
  previewShown = false;
  /** The reply was shown after the preview: a later look asks the worker again. */
  consumed = false;
  /** Settles when the reply or the preview is in, whichever first. */
  readonly firstNews: Promise<void>;
  /** Settles when the reply is in. */
  readonly settled: Promise<void>;

  constructor(
    readonly folder: string,
    /** The folder and the query: the same key, the same page. */
    readonly key: string,
    catalogs: CatalogService,
    query: UserQuery,
  ) {
    let previewed: () => void = () => undefined;
    const previewIn = new Promise<void>((resolve) => (previewed = resolve));
    this.settled = catalogs
      .users(folder, query, (users) => {
        if (this.outcome !== undefined) return;
        this.preview = users;
        previewed();
      })
      .then(
        (page) => void (this.outcome = { page }),
        (error: unknown) => void (this.outcome = { error }),
      );
    this.firstNews = Promise.race([this.settled, previewIn]);
  }

  /** Whether a look at `key` now may use this request instead of asking again. */
  serves(key: string): boolean {
    return this.key === key && !this.consumed && (this.outcome === undefined || this.previewShown);
  }
}
