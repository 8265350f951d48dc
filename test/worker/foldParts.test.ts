import * as assert from 'node:assert/strict';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';
import type { Fold, Ratings } from '../../src/core/data/types';
import { makeFolds, planFolds } from '../../src/core/eval/protocols';
import { ratingCountOf, ratingPart, userFold } from '../../src/worker/foldParts';
import { RunFolds } from '../../src/worker/runFolds';
import { plantedData } from '../core/eval/fixtures';

/** "item:rating" of one user's ratings in a part, in file order. */
function ofUser(ratings: Ratings, user: number): string[] {
  const found: string[] = [];
  for (let row = 0; row < ratings.length; row++) if (ratings.user[row] === user) found.push(`${ratings.item[row]}:${ratings.rating[row]}`);
  return found;
}

describe("worker folds: one fold at a time, a user's part of a fold from the test mask", () => {
  const data = plantedData({ users: 30, items: 25, rank: 2, perUser: 10, noise: 0.1, seed: 3 });
  // Shuffled rows (not grouped by user): the per-user index must keep file order all the same.
  const order = [...Array(data.ratings.length).keys()].sort((first, second) => ((first * 7919) % 101) - ((second * 7919) % 101));
  const pick = <T extends Int32Array | Float32Array | Float64Array | Uint32Array>(column: T): T =>
    column.map((_, row) => column[order[row]]) as T;
  const shuffled = {
    ...data,
    ratings: {
      ...data.ratings,
      user: pick(data.ratings.user),
      item: pick(data.ratings.item),
      rating: pick(data.ratings.rating),
      timestamp: pick(data.ratings.timestamp),
    },
  };

  for (const protocol of ['bootstrap', 'holdout', 'cold-users'] as const) {
    it(`${protocol}: each user's fold and each rating's part equal a pass over the whole fold`, () => {
      const config = defaultProtocolConfig({ protocol, folds: 2, repeats: 2, seed: 4 });
      const folds = new RunFolds('key', shuffled, planFolds(shuffled, config));
      const whole: Fold[] = makeFolds(shuffled, config);
      whole.forEach((fold, index) => {
        for (let user = 0; user < shuffled.users.count; user++) {
          const mine = userFold(folds, index, user);
          assert.equal(mine.name, fold.name);
          assert.deepEqual(ofUser(mine.train, user), ofUser(fold.train, user), `${fold.name} user ${user}: training part`);
          assert.deepEqual(ofUser(mine.test, user), ofUser(fold.test, user), `${fold.name} user ${user}: test part`);
          assert.equal(mine.train.length + mine.test.length, ratingCountOf(shuffled, user));
          for (let item = 0; item < shuffled.items.count; item++) {
            const expected = ofUser(fold.train, user).some((entry) => entry.startsWith(`${item}:`))
              ? 'train'
              : ofUser(fold.test, user).some((entry) => entry.startsWith(`${item}:`))
                ? 'test'
                : undefined;
            assert.equal(ratingPart(mine, item), expected);
          }
        }
      });
    });
  }

  it('keeps the ratings of the one fold last asked for', () => {
    const folds = new RunFolds('key', data, planFolds(data, defaultProtocolConfig({ folds: 2, repeats: 1 })));
    const first = folds.fold(0);
    assert.equal(folds.fold(0), first, 'asked again: the same copy');
    const second = folds.fold(1);
    assert.notEqual(second, first);
    assert.notEqual(folds.fold(0), first, 'made again after another fold replaced it');
    assert.equal(folds.fold(2), undefined);
    assert.deepEqual(folds.names, ['r1f1', 'r1f2']);
  });
});
