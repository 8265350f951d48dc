import * as assert from 'node:assert/strict';
import { subsetRatings } from '../../../src/core/data/columns';
import type { Ratings } from '../../../src/core/data/types';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import type { FeatureGroup } from '../../../src/core/features/groups';
import type { FmState } from '../../../src/core/fm/blockState';
import { createState } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

/** The same ratings with the users' runs in reverse order (each user's own ratings keep their order). */
function usersReversed(ratings: Ratings): Ratings {
  const rows: number[] = [];
  let end = ratings.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && ratings.user[start - 1] === ratings.user[end - 1]) start--;
    for (let row = start; row < end; row++) rows.push(row);
    end = start;
  }
  return subsetRatings(ratings, rows);
}

function stateOf(train: Ratings, test: Ratings, groups: readonly FeatureGroup[], data = plantedData().data): FmState {
  return createState(buildFeatureBlocks(data, train, groups, test), train.user, train.item, train.rating, 3, 0.1, new Random(4));
}

function sameCases(actual: FmState, expected: FmState): void {
  assert.deepEqual(actual.user.caseRow, expected.user.caseRow);
  assert.deepEqual(actual.item.caseRow, expected.item.caseRow);
  assert.deepEqual(actual.context?.caseRow, expected.context?.caseRow);
  assert.deepEqual(actual.target, expected.target);
  assert.deepEqual(actual.userCaseStart, expected.userCaseStart);
  assert.deepEqual(actual.residual, expected.residual);
}

describe('createState: training cases sorted by user (and context row) without needless copies', () => {
  const planted = plantedData({ users: 80, items: 60, ratingsPerUser: 20 });

  it('keeps the row numbers as 16-bit copies where the rows fit, and sorts a reordered fold into the same state', () => {
    const { train, test } = planted.fold;
    const inOrder = stateOf(train, test, ['ids', 'implicit'], planted.data);
    assert.ok(inOrder.user.caseRow instanceof Uint16Array && inOrder.item.caseRow instanceof Uint16Array);
    assert.deepEqual(Array.from(inOrder.user.caseRow), Array.from(train.user));
    assert.deepEqual(Array.from(inOrder.item.caseRow), Array.from(train.item));
    assert.equal(inOrder.target, train.rating);
    const reordered = usersReversed(train);
    assert.notDeepEqual(reordered.user, train.user);
    sameCases(stateOf(reordered, test, ['ids', 'implicit'], planted.data), inOrder);
  });

  it('takes a column of a fold in user order as it is when its block has over 65,536 rows', () => {
    const wide = plantedData({ users: 0x10000 + 40, items: 12, ratingsPerUser: 2, seed: 3 });
    const { train, test } = wide.fold;
    const state = stateOf(train, test, ['ids'], wide.data);
    assert.equal(state.user.caseRow, train.user);
    assert.ok(state.item.caseRow instanceof Uint16Array);
    assert.deepEqual(Array.from(state.item.caseRow), Array.from(train.item));
  });

  it("with a context block: sorts the cases by (user, day) row, each block's rows in 16 bits", () => {
    const { train, test } = withDays(planted.fold, 9);
    const groups: FeatureGroup[] = ['ids', 'userDay'];
    const inOrder = stateOf(train, test, groups, planted.data);
    assert.deepEqual(Array.from(inOrder.user.caseRow), Array.from(train.user));
    assert.ok(inOrder.context?.caseRow instanceof Uint16Array);
    assert.ok(inOrder.target instanceof Float32Array && inOrder.target !== train.rating);
    sameCases(stateOf(usersReversed(train), test, groups, planted.data), inOrder);
  });

  it("sorts the context layout's training rows in place, so its blocks make one state", () => {
    const { train, test } = withDays(planted.fold, 9);
    const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'userDay'], test);
    const trainRow = blocks.context?.layout.trainRow;
    const state = createState(blocks, train.user, train.item, train.rating, 3, 0.1, new Random(4));
    assert.deepEqual(Array.from(state.context?.caseRow ?? []), Array.from(trainRow ?? [1]));
    assert.ok(trainRow !== undefined && trainRow.every((row, index) => index === 0 || row >= trainRow[index - 1]));
    assert.throws(() => createState(blocks, train.user, train.item, train.rating, 3, 0.1, new Random(4)), /already made a state/);
  });

  it('copies columns in shared memory, and keeps latent targets as doubles of their own', () => {
    const { train, test } = planted.fold;
    const shared = (column: Int32Array): Int32Array => {
      const copy = new Int32Array(new SharedArrayBuffer(column.byteLength));
      copy.set(column);
      return copy;
    };
    const blocks = buildFeatureBlocks(planted.data, train, ['ids'], test);
    const state = createState(blocks, shared(train.user), shared(train.item), train.rating, 3, 0.1, new Random(4), { latentTargets: true });
    assert.ok(!(state.user.caseRow.buffer instanceof SharedArrayBuffer) && !(state.item.caseRow.buffer instanceof SharedArrayBuffer));
    assert.deepEqual(Array.from(state.user.caseRow), Array.from(train.user));
    assert.ok(state.target instanceof Float64Array);
    assert.deepEqual(Array.from(state.target), Array.from(train.rating));
  });
});
