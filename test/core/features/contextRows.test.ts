import * as assert from 'node:assert/strict';
import type { Fold, MovieLensData, Ratings } from '../../../src/core/data/types';
import { buildContextProblem, contextRowsOf, foldContextModel, rowOf } from '../../../src/core/features/contextRows';
import { buildFeatureBlocks, type FeatureBlock } from '../../../src/core/features/featureBlocks';
import { dayOf, filmAgeBucket, filmAgeLabel, monthLabel, monthOfDay, rowKeys, usesContextRows } from '../../../src/core/features/timeContext';
import type { EmbeddingModel } from '../../../src/core/model/embeddingModel';
import { dataOf, ratingsOf } from '../eval/fixtures';

const DAY = 86_400;
/** 1997-11-03 and the days after it, as day numbers. */
const NOV3 = Date.UTC(1997, 10, 3) / 1000 / DAY;

function timed(users: number[], items: number[], values: number[], days: number[]): Ratings {
  return { ...ratingsOf(users, items, values), timestamp: Float64Array.from(days, (day) => day * DAY + 3600) };
}

function rowOfBlock(block: FeatureBlock, row: number): Record<string, number> {
  const { offsets, indices, values } = block.matrix;
  const out: Record<string, number> = {};
  for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) out[block.featureNames[indices[entry]]] = values[entry];
  return out;
}

describe('time of a rating', () => {
  it('days, months and their labels in UTC; film age in doubling buckets, −1 without a release year', () => {
    assert.equal(dayOf(NOV3 * DAY + 86_399), NOV3);
    assert.equal(monthLabel(monthOfDay(NOV3)), '1997-11');
    assert.equal(monthLabel(monthOfDay(NOV3 + 28)), '1997-12');
    assert.equal(monthLabel(monthOfDay(NOV3 + 59)), '1998-01');
    assert.deepEqual([1996, 1997, 1998, 2000, 2001, 2005, 2030, 2080].map((year) => filmAgeLabel(filmAgeBucket(year, 1997))), ['0', '0', '1', '2-3', '4-7', '8-15', '32+', '32+']);
    assert.equal(filmAgeBucket(1998, 0), -1);
  });

  it('which groups key which block', () => {
    assert.deepEqual(rowKeys(['ids', 'implicit']), { user: null, item: null });
    assert.equal(usesContextRows(['ids', 'user', 'raters']), false);
    assert.deepEqual(rowKeys(['ids', 'ratingMonth']), { user: 'month', item: null });
    assert.deepEqual(rowKeys(['ratingMonth', 'userDay']), { user: 'day', item: null });
    assert.deepEqual(rowKeys(['ids', 'filmAge']), { user: null, item: 'filmAge' });
  });
});

describe('context rows', () => {
  // User 0 rated on days 0, 0 and 4 (after Nov 3, 1997), user 1 on day 2, user 2 only in test.
  const train = timed([0, 0, 0, 1], [0, 1, 2, 0], [4, 5, 2, 3], [NOV3, NOV3, NOV3 + 4, NOV3 + 2]);
  // Test: user 0 on day 2 (between 0 and 4: the earlier wins the tie), on day 3 (nearer 4) and
  // day 9 (after the last); user 1 on its day 2; cold user 2 on day 1.
  const test = timed([0, 0, 0, 1, 2], [3, 3, 3, 1, 0], [1, 2, 3, 4, 5], [NOV3 + 2, NOV3 + 3, NOV3 + 9, NOV3 + 2, NOV3 + 1]);
  const data: MovieLensData = dataOf(ratingsOf([], [], []), 3, 4);
  const fold: Fold = { name: 'tiny', train, test };

  it('one row per (user, day) with training ratings, grouped by user; test days take the nearest row', () => {
    const problem = buildContextProblem(data, fold, ['ids', 'userDay']);
    const { user, item } = problem.rows;
    assert.deepEqual([...user.owner], [0, 0, 1, 2]);
    assert.deepEqual([...user.time], [NOV3, NOV3 + 4, NOV3 + 2, -1]);
    assert.deepEqual([...user.ownerStart], [0, 2, 3, 4]);
    // Films are not keyed by time: one row each, in order.
    assert.deepEqual([...item.owner], [0, 1, 2, 3]);
    assert.deepEqual([...problem.fold.train.user], [0, 0, 1, 2]);
    assert.deepEqual([...problem.fold.test.user], [0, 1, 1, 2, 3]);
    assert.deepEqual([...problem.fold.test.item], [...test.item]);
    assert.equal(problem.data.users.count, 4);
    assert.equal(problem.data.items.count, 4);
    assert.equal(contextRowsOf(problem.data), problem.rows);
    assert.equal(contextRowsOf(data), undefined);
    assert.equal(rowOf(user, 0, NOV3 - 5), 0);
  });

  it('month rows merge the days of a month; film rows are (film, age bucket)', () => {
    const months = buildContextProblem(data, fold, ['ids', 'ratingMonth']);
    assert.deepEqual([...months.rows.user.owner], [0, 1, 2]);
    const films = buildContextProblem({ ...data, items: { ...data.items, year: Int16Array.from([1997, 1990, 0, 1996]) } }, fold, ['ids', 'filmAge']);
    // Film 0 (1997) rated in 1997: age 0; film 1 (1990): 7 years, bucket 4-7; film 2: unknown year.
    assert.deepEqual([...films.rows.item.time], [0, 3, -1, -1]);
    assert.deepEqual([...films.rows.user.owner], [0, 1, 2]);
  });

  it('the blocks: owner features on every row of the owner (implicit per owner), plus the row\'s time features', () => {
    const problem = buildContextProblem(data, fold, ['ids', 'implicit', 'ratingDate', 'userDay', 'ratingMonth']);
    const { user } = buildFeatureBlocks(problem.data, problem.fold.train, ['ids', 'implicit', 'ratingDate', 'userDay', 'ratingMonth']);
    assert.equal(user.matrix.rows, 4);
    const implicit = 1 / Math.sqrt(3);
    assert.deepEqual(rowOfBlock(user, 0), {
      'userId=1': 1,
      'implicit=1': implicit,
      'implicit=2': implicit,
      'implicit=3': implicit,
      'ratingDate=1997-11-03': 1,
      'userDay=1@1997-11-03': 1,
      'ratingMonth=1997-11': 1,
    });
    assert.deepEqual(rowOfBlock(user, 1), {
      'userId=1': 1,
      'implicit=1': implicit,
      'implicit=2': implicit,
      'implicit=3': implicit,
      'ratingDate=1997-11-07': 1,
      'userDay=1@1997-11-07': 1,
      'ratingMonth=1997-11': 1,
    });
    // The cold user's row: no training rating reaches anything of it.
    assert.deepEqual(rowOfBlock(user, 3), {});
  });

  it('the model folds back to one row per owner: its latest', () => {
    const problem = buildContextProblem(data, fold, ['ids', 'userDay']);
    const model: EmbeddingModel = {
      kind: 'fm',
      userCount: 4,
      itemCount: 4,
      dimension: 2,
      globalBias: 3,
      userBias: Float32Array.from([0.1, 0.2, 0.3, 0.4]),
      itemBias: Float32Array.from([1, 2, 3, 4]),
      userFactors: Float32Array.from([1, 1, 2, 2, 3, 3, 4, 4]),
      itemFactors: Float32Array.from([5, 5, 6, 6, 7, 7, 8, 8]),
      ratingScale: { min: 1, max: 5 },
    };
    const folded = foldContextModel(model, problem.rows);
    assert.equal(folded.userCount, 3);
    assert.deepEqual([...folded.userBias], [0.2, 0.3, 0.4].map(Math.fround));
    assert.deepEqual([...folded.userFactors], [2, 2, 3, 3, 4, 4]);
    assert.deepEqual([...folded.itemBias], [1, 2, 3, 4]);
    assert.equal(folded.globalBias, 3);
  });
});
