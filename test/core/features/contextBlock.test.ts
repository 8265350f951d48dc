import * as assert from 'node:assert/strict';
import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import { buildFeatureBlocks, type FeatureBlock } from '../../../src/core/features/featureBlocks';
import { userTimes } from '../../../src/core/features/contextBlock';
import { fineGroupIndex } from '../../../src/core/features/groups';
import { driftValue, frequencyBucket, frequencyLabel } from '../../../src/core/features/timeContext';
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

  it('dayImplicit: per (user, day) row the films its user rated that day in training, each 1/√n; nothing of the test ratings', () => {
    const { context } = buildFeatureBlocks(data, train, ['ids', 'userDay', 'dayImplicit'], test);
    assert.ok(context !== null);
    const half = 1 / Math.sqrt(2);
    const implicitOf = (row: number): Record<string, number> =>
      Object.fromEntries(Object.entries(rowOfBlock(context, row)).filter(([name]) => name.startsWith('dayImplicit=')));
    assert.deepEqual(implicitOf(0), { 'dayImplicit=1': half, 'dayImplicit=2': half });
    // User 0's day 4: film 3 of training only, not the test rating's film 4 on that day.
    assert.deepEqual(implicitOf(1), { 'dayImplicit=3': 1 });
    assert.deepEqual(implicitOf(3), { 'dayImplicit=1': 1 });
    // User 1's test day 4 is user 0's training day: another user's films are not its own.
    for (const row of [2, 4, 5]) assert.deepEqual(implicitOf(row), {}, `row ${row}`);
    // Films only rated in test never become columns.
    assert.ok(!context.featureNames.includes('dayImplicit=4'));
    // The same rows whatever the test ratings' films and values.
    const otherTest = { ...test, item: Int32Array.from([0, 1, 2, 3]), rating: Float32Array.from([5, 1, 5, 1]) };
    const other = buildFeatureBlocks(data, train, ['ids', 'userDay', 'dayImplicit'], otherTest).context;
    assert.ok(other !== null);
    for (let row = 0; row < context.layout.count; row++) assert.deepEqual(rowOfBlock(other, row), rowOfBlock(context, row), `row ${row}`);
    // A row without training ratings still only lacks its userDay: an empty day set has no prior mean to stand in.
    const userDay = fineGroupIndex('userDay');
    assert.deepEqual(
      Array.from(context.coldRow, (row, index) => [row, context.coldGroup[index]]),
      [
        [2, userDay],
        [4, userDay],
        [5, userDay],
      ],
    );
  });

  it("userDrift: the day's signed distance from the user's mean training day, damped (|d|^0.4), in one column per user", () => {
    const { context } = buildFeatureBlocks(data, train, ['ids', 'userDrift'], test);
    assert.ok(context !== null);
    assert.equal(context.layout.key, 'day');
    // User 0's training days NOV3, NOV3, NOV3 + 4: mean NOV3 + 4/3.
    const close = (row: number, expected: number): void => {
      const value = rowOfBlock(context, row)['userDrift=1'];
      assert.ok(Math.abs(value - expected) < 1e-12, `row ${row}: ${value} vs ${expected}`);
    };
    close(0, -((4 / 3) ** 0.4));
    close(1, (8 / 3) ** 0.4);
    // A test day takes its distance from the training mean (its timestamp is known, its rating is not read).
    close(2, (30 - 4 / 3) ** 0.4);
    assert.ok(Math.abs(driftValue(-8) + 8 ** 0.4) < 1e-12);
    // User 1 rated on one day: no distance to learn from, so no column; user 2 has no training rating.
    for (const row of [3, 4, 5]) assert.deepEqual(rowOfBlock(context, row), {}, `row ${row}`);
    assert.deepEqual(context.featureNames, ['userDrift=1']);
  });

  it("dayFrequency: the bucket of the row's training ratings; a day without any takes the prior mean", () => {
    const { context } = buildFeatureBlocks(data, train, ['ids', 'dayFrequency'], test);
    assert.ok(context !== null);
    assert.deepEqual(rowOfBlock(context, 0), { 'dayFrequency=2-3': 1 });
    assert.deepEqual(rowOfBlock(context, 1), { 'dayFrequency=1': 1 });
    assert.deepEqual(rowOfBlock(context, 3), { 'dayFrequency=1': 1 });
    // Test-only days count no test rating: bucket 0, which no training rating has.
    for (const row of [2, 4, 5]) assert.deepEqual(rowOfBlock(context, row), {}, `row ${row}`);
    const frequency = fineGroupIndex('dayFrequency');
    assert.deepEqual(
      Array.from(context.coldRow, (row, index) => [row, context.coldGroup[index]]),
      [
        [2, frequency],
        [4, frequency],
        [5, frequency],
      ],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 7, 8, 100].map((count) => frequencyLabel(frequencyBucket(count))),
      ['0', '1', '2-3', '2-3', '4-7', '4-7', '8-15', '64+'],
    );
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
