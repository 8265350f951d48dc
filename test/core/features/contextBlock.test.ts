import * as assert from 'node:assert/strict';
import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import { buildFeatureBlocks, type FeatureBlock } from '../../../src/core/features/featureBlocks';
import { userTimes } from '../../../src/core/features/contextBlock';
import { fineGroupIndex } from '../../../src/core/features/groups';
import { dataOf, ratingsOf } from '../eval/fixtures';

const DAY = 86_400;
/** 1997-11-03 as a day number. */
const NOV3 = Date.UTC(1997, 10, 3) / 1000 / DAY;

function timed(users: number[], items: number[], days: number[]): Ratings {
  return {
    ...ratingsOf(
      users,
      items,
      users.map(() => 3),
    ),
    timestamp: Float64Array.from(days, (day) => day * DAY + 3600),
  };
}

function rowOfBlock(block: FeatureBlock, row: number): Record<string, number> {
  const { offsets, indices, values } = block.matrix;
  const out: Record<string, number> = {};
  for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) out[block.featureNames[indices[entry]]] = values[entry];
  return out;
}

describe("context block (the user's time groups)", () => {
  // User 0 rated on days 0, 0 and 4 (after Nov 3, 1997), user 1 on day 2, user 2 only in test.
  const train = timed([0, 0, 0, 1], [0, 1, 2, 0], [NOV3, NOV3, NOV3 + 4, NOV3 + 2]);
  // Test: user 0 on day 4 (a training day), on day 30 (a new day, in December); user 1 on day 4
  // (a day user 0 rated on); cold user 2 on day 1.
  const test = timed([0, 0, 1, 2], [3, 3, 1, 0], [NOV3 + 4, NOV3 + 30, NOV3 + 4, NOV3 + 1]);
  const data: MovieLensData = dataOf(ratingsOf([], [], []), 3, 4);

  it('one row per (user, day) of the training and test ratings, grouped by user and ascending in time', () => {
    const { context, user } = buildFeatureBlocks(data, train, ['ids', 'implicit', 'userDay'], test);
    assert.ok(context !== null);
    const { layout } = context;
    assert.deepEqual([...layout.owner], [0, 0, 0, 1, 1, 2]);
    assert.deepEqual([...layout.time], [NOV3, NOV3 + 4, NOV3 + 30, NOV3 + 2, NOV3 + 4, NOV3 + 1]);
    assert.deepEqual([...layout.ownerStart], [0, 3, 5, 6]);
    assert.deepEqual([...layout.trainRow], [0, 0, 1, 3]);
    assert.deepEqual([...layout.testRow], [1, 2, 4, 5]);
    // The user block stays one row per user, implicit feedback once each.
    assert.equal(user.matrix.rows, 3);
    // "Now" is each user's latest training day; the cold user has none.
    assert.deepEqual([...context.nowRow], [1, 3, -1]);
  });

  it('rows hold the date, the (user, day) and the month; features no training rating has are left out', () => {
    const { context } = buildFeatureBlocks(data, train, ['ids', 'ratingDate', 'userDay', 'ratingMonth'], test);
    assert.ok(context !== null);
    assert.deepEqual(rowOfBlock(context, 0), { 'ratingDate=1997-11-03': 1, 'userDay=1@1997-11-03': 1, 'ratingMonth=1997-11': 1 });
    // User 1's test day 4: the date is a training date (user 0's), the pair is not.
    assert.deepEqual(rowOfBlock(context, 4), { 'ratingDate=1997-11-07': 1, 'ratingMonth=1997-11': 1 });
    // User 0's day 30, in December: nothing of it was seen in training.
    assert.deepEqual(rowOfBlock(context, 2), {});
    // Cold rows and the groups they lack, for the groups' prior means.
    const pairs = Array.from(context.coldRow, (row, index) => [row, context.coldGroup[index]]);
    const [date, userDay, month] = [fineGroupIndex('ratingDate'), fineGroupIndex('userDay'), fineGroupIndex('ratingMonth')];
    assert.deepEqual(pairs, [
      [2, date],
      [2, userDay],
      [2, month],
      [4, userDay],
      [5, date],
      [5, userDay],
    ]);
  });

  it('ratingMonth alone keys rows by (user, month); no time group, no context block', () => {
    const { context } = buildFeatureBlocks(data, train, ['ids', 'ratingMonth'], test);
    assert.ok(context !== null);
    assert.equal(context.layout.key, 'month');
    assert.deepEqual([...context.layout.owner], [0, 0, 1, 2]);
    assert.deepEqual([...context.layout.trainRow], [0, 0, 0, 2]);
    assert.deepEqual(rowOfBlock(context, 1), {});
    assert.equal(buildFeatureBlocks(data, train, ['ids', 'implicit', 'filmAge'], test).context, null);
  });
});

describe('userTimes', () => {
  it("each user's distinct times ascending, as sorting every (user, time) pair would give", () => {
    let seed = 7;
    const next = (bound: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % bound;
    const users = 6;
    const parts = [40, 15].map((length) => ({
      user: Int32Array.from({ length }, () => next(users - 1)),
      time: Int32Array.from({ length }, () => 9000 + next(9) - (next(2) === 0 ? 20000 : 0)),
    }));
    const { ownerStart, time } = userTimes(
      users,
      parts.map((part) => part.user),
      parts.map((part) => part.time),
    );
    const pairs = new Set(parts.flatMap((part) => Array.from(part.user, (user, index) => `${user} ${part.time[index]}`)));
    const expected = [...pairs].map((pair) => pair.split(' ').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(
      [...time],
      expected.map((pair) => pair[1]),
    );
    for (let user = 0; user < users; user++) {
      const owned = expected.filter((pair) => pair[0] === user).length;
      assert.equal(ownerStart[user + 1] - ownerStart[user], owned, `user ${user}`);
    }
    // The last user has no ratings: an empty range at the end.
    assert.equal(ownerStart[users - 1], ownerStart[users]);
  });
});
