import * as assert from 'node:assert/strict';
import { filmAt, layoutOf } from '../../../src/host/hover/dataLine';
import { userLabel } from '../../../src/host/views/userFilter';
import { matchesFilter } from '../../../src/shared/userQuery';

describe('hover line parsing (film id under the cursor)', () => {
  it('knows the MovieLens file names, and no others', () => {
    for (const name of ['u.data', 'u1.base', 'u5.test', 'ua.base', 'ub.test', 'ratings.dat', 'ratings.csv']) {
      assert.equal(layoutOf(name)?.kind, 'ratings', name);
    }
    for (const name of ['u.item', 'movies.dat', 'movies.csv']) assert.equal(layoutOf(name)?.kind, 'films', name);
    for (const name of ['u.user', 'README', 'data.csv', 'u.info']) assert.equal(layoutOf(name), undefined, name);
  });

  it('finds the film id column of each ratings format, with the user and the rating', () => {
    const line = '196\t242\t3\t881250949';
    assert.equal(filmAt('u.data', line, 0, 2), undefined, 'the user id is not a film');
    for (const character of [4, 5, 6, 7]) {
      assert.deepEqual(filmAt('u.data', line, 0, character), { kind: 'ratings', itemId: 242, userId: 196, rating: 3, start: 4, end: 7 });
    }
    assert.equal(filmAt('u.data', line, 0, 9), undefined, 'the rating is not a film');
    assert.deepEqual(filmAt('ratings.dat', '1::1193::5::978300760', 0, 4), {
      kind: 'ratings',
      itemId: 1193,
      userId: 1,
      rating: 5,
      start: 3,
      end: 7,
    });
    assert.deepEqual(filmAt('ratings.csv', '1,307,3.5,1256677221', 3, 3), {
      kind: 'ratings',
      itemId: 307,
      userId: 1,
      rating: 3.5,
      start: 2,
      end: 5,
    });
    assert.equal(filmAt('ratings.csv', 'userId,movieId,rating,timestamp', 0, 8), undefined, 'the CSV header');
  });

  it('finds the id of film files, and ignores lines that are not data', () => {
    assert.deepEqual(filmAt('u.item', '1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0', 0, 0), {
      kind: 'films',
      itemId: 1,
      userId: undefined,
      rating: undefined,
      start: 0,
      end: 1,
    });
    assert.equal(filmAt('movies.csv', '"1",Toy Story (1995),Adventure', 1, 1), undefined, 'not a whole number');
    assert.equal(filmAt('movies.dat', '', 0, 0), undefined);
    assert.equal(filmAt('u.data', 'garbage', 0, 1), undefined);
  });
});

describe('Users view labels and filter', () => {
  const user = { id: 13, age: 47, gender: 'M', occupation: 'educator', ratingCount: 636 };
  it('labels a user as "id · age · gender · occupation · n ratings"', () => {
    assert.equal(userLabel(user), '13 · 47 · M · educator · 636 ratings');
    assert.equal(userLabel({ id: 5, ratingCount: 2 }), '5 · 2 ratings');
  });
  it('matches every word: a number against id or age, M/F against gender, text in the occupation', () => {
    assert.ok(matchesFilter(user, '13'));
    assert.ok(matchesFilter(user, '47'));
    assert.ok(matchesFilter(user, 'm educ'));
    assert.ok(matchesFilter(user, '  '));
    assert.ok(!matchesFilter(user, 'F'));
    assert.ok(!matchesFilter(user, '12'));
    assert.ok(!matchesFilter(user, 'm programmer'));
  });
});
