/**
 * The Users view's questions, answered where the data is: a page of users in id or activity
 * order, filtered. Orders are sorted once per data set; a query is one pass over the users (a few
 * ms for ml-25m's 162 000), and only the page crosses to the host.
 */
import type { MovieLensData, RatingsSoFar } from '../core/data/types';
import type { CatalogUser } from '../shared/catalog';
import { matchesUser, parseUserFilter } from '../shared/userQuery';
import type { UserOrder, UserPage, UserQuery } from '../shared/userQuery';
import { catalogUser } from './catalog';

/** The most users one page may hold (the view asks for a few hundred at a time). */
export const MAX_PAGE = 10_000;

interface Directory {
  readonly counts: Int32Array;
  readonly orders: Map<UserOrder, Int32Array>;
}

const directories = new WeakMap<MovieLensData, Directory>();

function directoryOf(data: MovieLensData): Directory {
  let directory = directories.get(data);
  if (directory === undefined) {
    // One pass over the users' column: the first page must not wait for the per-user row index
    // that spot checks and hovers build (its scatter doubles the time at 25M ratings).
    const counts = new Int32Array(data.users.count);
    const users = data.ratings.user;
    for (let row = 0; row < data.ratings.length; row++) counts[users[row]]++;
    directory = { counts, orders: new Map() };
    directories.set(data, directory);
  }
  return directory;
}

/** Dense user indices in the order, sorted once per data set. */
function usersInOrder(data: MovieLensData, order: UserOrder): Int32Array {
  const directory = directoryOf(data);
  let sorted = directory.orders.get(order);
  if (sorted === undefined) {
    const { counts } = directory;
    const rawId = data.users.rawId;
    sorted = Int32Array.from({ length: data.users.count }, (_, user) => user);
    const byId = (first: number, second: number): number => rawId[first] - rawId[second];
    // Files sorted by user (ml-25m's ratings.csv) give dense indices in id order already.
    if (order !== 'id' || !isAscending(rawId))
      sorted.sort(order === 'id' ? byId : (first, second) => counts[second] - counts[first] || byId(first, second));
    directory.orders.set(order, sorted);
  }
  return sorted;
}

function isAscending(values: ArrayLike<number>): boolean {
  for (let index = 1; index < values.length; index++) if (values[index] <= values[index - 1]) return false;
  return true;
}

/** A page of the users that match the query's filter, in its order. */
export function queryUsers(data: MovieLensData, query: UserQuery): UserPage {
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.max(0, Math.min(MAX_PAGE, Math.floor(query.limit)));
  const { counts } = directoryOf(data);
  const order = usersInOrder(data, query.order);
  const parsed = parseUserFilter(query.filter);
  const userCount = data.users.count;
  if ('problem' in parsed || parsed.conditions.length === 0) {
    const users: CatalogUser[] = [];
    for (let position = offset; position < Math.min(userCount, offset + limit); position++) {
      users.push(catalogUser(data, order[position], counts[order[position]]));
    }
    return { userCount, matching: userCount, offset, users, ...('problem' in parsed ? { problem: parsed.problem } : {}) };
  }
  const users: CatalogUser[] = [];
  let matching = 0;
  for (const user of order) {
    const candidate = catalogUser(data, user, counts[user]);
    if (!matchesUser(candidate, parsed.conditions)) continue;
    if (matching >= offset && users.length < limit) users.push(candidate);
    matching++;
  }
  return { userCount, matching, offset, users };
}

/**
 * The first page of users by id while a ratings file is still being read, when the rows so far
 * are in user order (as ml-25m's ratings.csv, sorted by user): the first `limit` users whose
 * ratings are all read (the last user seen may go on), with their counts; undefined while fewer
 * are complete or once the rows are out of order. For a file sorted by user throughout, it is the
 * page the whole file gives; otherwise the page that follows the reading replaces it.
 */
export function previewFirstUsers(soFar: RatingsSoFar, limit: number): CatalogUser[] | undefined {
  return new FirstUsersScan(limit).advance(soFar);
}

/**
 * previewFirstUsers as the reading goes: each call looks only at the rows read since the last
 * one, so a file whose first users hold many ratings is not walked again at every percent.
 */
export class FirstUsersScan {
  private readonly page: CatalogUser[] = [];
  /** The next row to look at, and the first row of the run of ratings it belongs to. */
  private row = 1;
  private runStart = 0;
  private previousId = Number.NEGATIVE_INFINITY;
  private outOfOrder = false;

  constructor(private readonly limit: number) {}

  /** The page once `limit` users are complete in the rows read so far; undefined until then, or for good once out of order. */
  advance(soFar: RatingsSoFar): CatalogUser[] | undefined {
    const { page, limit } = this;
    if (this.outOfOrder || limit <= 0) return undefined;
    const users = soFar.users();
    let { row, runStart, previousId } = this;
    for (; row < users.length && page.length < limit; row++) {
      if (users[row] === users[row - 1]) continue;
      const user = users[runStart];
      const id = soFar.userRawId(user);
      // In user order, dense users (numbered by first appearance) come 0, 1, 2, … with ascending ids.
      if (user !== page.length || !(id > previousId)) {
        this.outOfOrder = true;
        return undefined;
      }
      page.push({ id, ratingCount: row - runStart });
      previousId = id;
      runStart = row;
    }
    this.row = row;
    this.runStart = runStart;
    this.previousId = previousId;
    return page.length === limit ? page : undefined;
  }
}

/** Whether a query's page can be previewed: the first page by id, unfiltered. */
export function isPreviewable(query: UserQuery): boolean {
  return query.order === 'id' && query.offset === 0 && query.filter.trim() === '' && query.limit > 0;
}
