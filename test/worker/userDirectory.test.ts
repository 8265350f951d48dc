import * as assert from 'node:assert/strict';
import { loadMovieLens } from '../../src/core/data/load';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import { writeSyntheticRelease } from '../../src/core/data/syntheticRelease';
import type { MovieLensData, RatingsSoFar } from '../../src/core/data/types';
import type { CatalogUser } from '../../src/shared/catalog';
import { matchesFilter } from '../../src/shared/userQuery';
import { catalogUser } from '../../src/worker/catalog';
import { FirstUsersScan, isPreviewable, previewFirstUsers, queryUsers } from '../../src/worker/userDirectory';
import { removeFolder, writeFolder } from '../core/data/folders';

/** Every user of the data, counted the slow way. */
function everyUser(data: MovieLensData): CatalogUser[] {
  const counts = new Array<number>(data.users.count).fill(0);
  for (const user of data.ratings.user) counts[user]++;
  return counts.map((count, user) => catalogUser(data, user, count));
}

describe('Users view pages answered in the worker', () => {
  let folders: string[] = [];
  let demographic: MovieLensData;
  let csv: MovieLensData;
  before(() => {
    folders = [writeFolder({}), writeFolder({})];
    writeSyntheticMovieLens(folders[0], { users: 300, items: 120, ratingsPerUser: 25, seed: 5 });
    writeSyntheticRelease(folders[1], { ratings: 40_000, format: 'csv', seed: 2 });
    demographic = loadMovieLens(folders[0]);
    csv = loadMovieLens(folders[1]);
  });
  after(() => folders.forEach(removeFolder));

  it('pages through the users by id: each page the next slice, together every user once', () => {
    const all = everyUser(csv).sort((first, second) => first.id - second.id);
    const seen: CatalogUser[] = [];
    for (let offset = 0; offset < all.length; offset += 97) {
      const page = queryUsers(csv, { filter: '', order: 'id', offset, limit: 97 });
      assert.equal(page.userCount, csv.users.count);
      assert.equal(page.matching, csv.users.count);
      assert.equal(page.offset, offset);
      seen.push(...page.users);
    }
    assert.deepEqual(seen, all);
    assert.deepEqual(queryUsers(csv, { filter: '', order: 'id', offset: all.length, limit: 10 }).users, []);
  });

  it('orders by activity: the top N are the N users with the most ratings (ties by id)', () => {
    const expected = everyUser(csv).sort((first, second) => second.ratingCount - first.ratingCount || first.id - second.id);
    const top = queryUsers(csv, { filter: '', order: 'activity', offset: 0, limit: 25 });
    assert.deepEqual(top.users, expected.slice(0, 25));
    assert.ok(top.users[0].ratingCount > top.users[24].ratingCount, 'long-tailed activity: the top differ');
    assert.deepEqual(queryUsers(csv, { filter: '', order: 'activity', offset: 25, limit: 25 }).users, expected.slice(25, 50));
  });

  it('filters in the worker: the same users as the filter applied to every user, counted, paged', () => {
    for (const filter of ['F programmer', 'age:25-34 ratings:>=20', 'm', '25', 'student ratings:<30', 'id:1-40']) {
      const expected = everyUser(demographic)
        .filter((user) => matchesFilter(user, filter))
        .sort((first, second) => first.id - second.id);
      assert.ok(expected.length > 0 && expected.length < demographic.users.count, `${filter}: ${expected.length} users`);
      const page = queryUsers(demographic, { filter, order: 'id', offset: 0, limit: 5 });
      assert.equal(page.matching, expected.length, filter);
      assert.deepEqual(page.users, expected.slice(0, 5), filter);
      assert.deepEqual(queryUsers(demographic, { filter, order: 'id', offset: 5, limit: 1000 }).users, expected.slice(5), filter);
    }
  });

  it('a filter it cannot read: every user, and the problem said', () => {
    const page = queryUsers(demographic, { filter: 'ratings:lots', order: 'id', offset: 0, limit: 3 });
    assert.equal(page.matching, demographic.users.count);
    assert.equal(page.users.length, 3);
    assert.match(page.problem ?? '', /'ratings:lots'/);
  });
});

describe('the first users previewed while a ratings file is read', () => {
  /** Rows so far as (raw user id) per row; dense users by first appearance, as the parse numbers them. */
  function soFar(rawUsers: readonly number[]): RatingsSoFar {
    const dense = new Map<number, number>();
    const raw: number[] = [];
    const users = Int32Array.from(rawUsers, (id) => {
      if (!dense.has(id)) {
        dense.set(id, raw.length);
        raw.push(id);
      }
      return dense.get(id) ?? -1;
    });
    return { users: () => users, userRawId: (user) => raw[user] };
  }

  it('gives the first users whose ratings are all read, with their counts; the last user seen may go on', () => {
    const rows = [3, 3, 5, 7, 7, 7, 9];
    assert.deepEqual(previewFirstUsers(soFar(rows), 3), [
      { id: 3, ratingCount: 2 },
      { id: 5, ratingCount: 1 },
      { id: 7, ratingCount: 3 },
    ]);
    assert.equal(previewFirstUsers(soFar(rows), 4), undefined, 'user 9 may have more ratings further on');
    assert.equal(previewFirstUsers(soFar([]), 1), undefined);
    assert.equal(previewFirstUsers(soFar(rows), 0), undefined);
  });

  it('gives nothing when the rows so far are not in user order', () => {
    assert.equal(previewFirstUsers(soFar([3, 5, 3, 7, 9]), 3), undefined, 'user 3 again after 5');
    assert.equal(previewFirstUsers(soFar([5, 5, 3, 7, 9]), 2), undefined, 'ids descending');
    assert.deepEqual(previewFirstUsers(soFar([3, 5, 5, 3, 9]), 1), [{ id: 3, ratingCount: 1 }], 'only what the page needs is looked at');
  });

  it('previews only the unfiltered first page by id', () => {
    assert.ok(isPreviewable({ filter: ' ', order: 'id', offset: 0, limit: 1000 }));
    assert.ok(!isPreviewable({ filter: 'ratings:>=5', order: 'id', offset: 0, limit: 1000 }));
    assert.ok(!isPreviewable({ filter: '', order: 'activity', offset: 0, limit: 1000 }));
    assert.ok(!isPreviewable({ filter: '', order: 'id', offset: 1000, limit: 1000 }));
  });
});

describe('the first users previewed as the reading goes (FirstUsersScan)', () => {
  it('continues from the rows it has seen: the same page as one look at all of them, at any split', () => {
    const rows = [2, 2, 4, 6, 6, 6, 8, 9, 9, 11];
    const all = new Int32Array(rows.length);
    const raw: number[] = [];
    rows.forEach((id, index) => {
      if (raw[raw.length - 1] !== id) raw.push(id);
      all[index] = raw.length - 1;
    });
    const upTo = (length: number): RatingsSoFar => ({ users: () => all.subarray(0, length), userRawId: (user) => raw[user] });
    const whole = previewFirstUsers(upTo(rows.length), 4);
    assert.deepEqual(whole, [
      { id: 2, ratingCount: 2 },
      { id: 4, ratingCount: 1 },
      { id: 6, ratingCount: 3 },
      { id: 8, ratingCount: 1 },
    ]);
    for (let split = 0; split <= rows.length; split++) {
      const scan = new FirstUsersScan(4);
      const early = scan.advance(upTo(split));
      assert.deepEqual(early ?? scan.advance(upTo(rows.length)), whole, `split at ${split}`);
    }
    const outOfOrder = new FirstUsersScan(3);
    const back = Int32Array.from([0, 1, 0, 2]);
    const ids = [5, 7, 9];
    assert.equal(outOfOrder.advance({ users: () => back.subarray(0, 2), userRawId: (user) => ids[user] }), undefined);
    assert.equal(outOfOrder.advance({ users: () => back, userRawId: (user) => ids[user] }), undefined, 'user 5 again after 7');
  });
});
