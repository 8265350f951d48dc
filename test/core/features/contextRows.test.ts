import * as assert from 'node:assert/strict';
import type { Fold, MovieLensData, Ratings } from '../../../src/core/data/types';
import { buildContextProblem, contextRowsOf, foldContextModel, rowOf } from '../../../src/core/features/contextRows';
import { buildFeatureBlocks, type FeatureBlock } from '../../../src/core/features/featureBlocks';
import {
  contextKey,
  dayOf,
  filmAgeBucket,
  filmAgeLabel,
  monthLabel,
  monthOfDay,
  usesContextRows,
} from '../../../src/core/features/timeContext';
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
    assert.deepEqual(
      [1996, 1997, 1998, 2000, 2001, 2005, 2030, 2080].map((year) => filmAgeLabel(filmAgeBucket(year, 1997))),
      ['0', '0', '1', '2-3', '4-7', '8-15', '32+', '32+'],
    );
    assert.equal(filmAgeBucket(1998, 0), -1);
  });

  it('which groups make a context block, keyed how, and which make film rows', () => {
    assert.equal(contextKey(['ids', 'implicit']), null);
    assert.equal(usesContextRows(['ids', 'user', 'raters']), false);
    assert.equal(contextKey(['ids', 'ratingMonth']), 'month');
    assert.equal(contextKey(['ratingMonth', 'userDay']), 'day');
    assert.equal(contextKey(['ids', 'ratingDate']), 'day');
    assert.equal(contextKey(['ids', 'filmAge']), null);
    assert.equal(usesContextRows(['ids', 'filmAge']), true);
    assert.equal(usesContextRows(['ids', 'userDay']), false);
    assert.equal(contextKey(['ids', 'dayImplicit']), 'day');
    assert.equal(contextKey(['ids', 'userDrift', 'ratingMonth']), 'day');
    assert.equal(usesContextRows(['ids', 'filmMonth']), true);
    assert.equal(contextKey(['ids', 'filmMonth']), null);
  });
});

describe('film rows (filmAge)', () => {
  // User 0 rated in 1997 and 1998, user 1 in 1997; film 0 is from 1997, film 1 from 1990, film 2 has
  // no year, film 3 only in test.
  const JAN2 = Date.UTC(1998, 0, 2) / 1000 / DAY;
  const train = timed([0, 0, 0, 1], [0, 1, 2, 0], [4, 5, 2, 3], [NOV3, NOV3, NOV3 + 4, JAN2]);
  const test = timed([0, 1, 1], [0, 1, 3], [1, 2, 3], [NOV3 + 9, JAN2, NOV3]);
  const data: MovieLensData = {
    ...dataOf(ratingsOf([], [], []), 2, 4),
    items: { ...dataOf(ratingsOf([], [], []), 2, 4).items, year: Int16Array.from([1997, 1990, 0, 1996]) },
  };
  const fold: Fold = { name: 'tiny', train, test };

  it('one row per (film, age bucket) with training ratings, grouped by film; test ages take the nearest row', () => {
    const problem = buildContextProblem(data, fold);
    const { item } = problem.rows;
    // Film 0 (1997) rated in 1997 (age 0) and 1998 (age 1); film 1: 7 years, bucket 4-7; film 2:
    // unknown year; film 3 only in test.
    assert.deepEqual([...item.owner], [0, 0, 1, 2, 3]);
    assert.deepEqual([...item.time], [0, 1, 3, -1, -1]);
    assert.deepEqual([...item.ownerStart], [0, 2, 3, 4, 5]);
    assert.deepEqual([...problem.fold.train.item], [0, 2, 3, 1]);
    // Film 0 in 1997: its age-0 row; film 1 in 1998 (8 years, bucket 8-15): its only row; film 3: its untimed row.
    assert.deepEqual([...problem.fold.test.item], [0, 2, 4]);
    assert.deepEqual([...problem.fold.test.user], [...test.user]);
    assert.equal(problem.data.items.count, 5);
    assert.equal(problem.data.users.count, 2);
    assert.equal(contextRowsOf(problem.data), problem.rows);
    assert.equal(contextRowsOf(data), undefined);
    assert.equal(rowOf(item, 0, 5), 1);
  });

  it("the film block: the film's features on every row of the film (raters per film), plus the row's age", () => {
    const problem = buildContextProblem(data, fold);
    const { item } = buildFeatureBlocks(problem.data, problem.fold.train, ['ids', 'raters', 'filmAge']);
    assert.equal(item.matrix.rows, 5);
    const raters = 1 / Math.sqrt(2);
    assert.deepEqual(rowOfBlock(item, 0), { 'itemId=1': 1, 'raters=1': raters, 'raters=2': raters, 'filmAge=0': 1 });
    assert.deepEqual(rowOfBlock(item, 1), { 'itemId=1': 1, 'raters=1': raters, 'raters=2': raters, 'filmAge=1': 1 });
    // The film only in test: no training rating reaches anything of it.
    assert.deepEqual(rowOfBlock(item, 4), {});
  });

  it('the model folds back to one row per film: its latest', () => {
    const problem = buildContextProblem(data, fold);
    const model: EmbeddingModel = {
      kind: 'fm',
      userCount: 2,
      itemCount: 5,
      dimension: 2,
      globalBias: 3,
      userBias: Float32Array.from([0.1, 0.2]),
      itemBias: Float32Array.from([1, 2, 3, 4, 5]),
      userFactors: Float32Array.from([1, 1, 2, 2]),
      itemFactors: Float32Array.from([5, 5, 6, 6, 7, 7, 8, 8, 9, 9]),
      ratingScale: { min: 1, max: 5 },
    };
    const folded = foldContextModel(model, problem.rows);
    assert.equal(folded.itemCount, 4);
    assert.deepEqual([...folded.itemBias], [2, 3, 4, 5]);
    assert.deepEqual([...folded.itemFactors], [6, 6, 7, 7, 8, 8, 9, 9]);
    assert.deepEqual([...folded.userBias], [0.1, 0.2].map(Math.fround));
    assert.equal(folded.globalBias, 3);
  });
  it("filmMonth: rows are (film, month) pairs, each with the film's month one-hot and the age that month gives", () => {
    const problem = buildContextProblem(data, fold, 'month');
    const { item } = problem.rows;
    const [nov97, jan98] = [monthOfDay(NOV3), monthOfDay(JAN2)];
    assert.equal(problem.rows.key, 'month');
    assert.deepEqual([...item.owner], [0, 0, 1, 2, 3]);
    assert.deepEqual([...item.time], [nov97, jan98, nov97, nov97, -1]);
    assert.deepEqual([...problem.fold.train.item], [0, 2, 3, 1]);
    // Film 0 rated by user 0 ten days after Nov 3: its November row; film 1 in January: its only
    // (November) row, the nearest month; film 3: its untimed row.
    assert.deepEqual([...problem.fold.test.item], [0, 2, 4]);
    const blocks = buildFeatureBlocks(problem.data, problem.fold.train, ['ids', 'filmMonth', 'filmAge', 'dayImplicit'], problem.fold.test);
    assert.deepEqual(rowOfBlock(blocks.item, 0), { 'itemId=1': 1, 'filmMonth=1@1997-11': 1, 'filmAge=0': 1 });
    assert.deepEqual(rowOfBlock(blocks.item, 1), { 'itemId=1': 1, 'filmMonth=1@1998-01': 1, 'filmAge=1': 1 });
    // Film 2 has no release year: its month, no age.
    assert.deepEqual(rowOfBlock(blocks.item, 3), { 'itemId=3': 1, 'filmMonth=3@1997-11': 1 });
    assert.deepEqual(rowOfBlock(blocks.item, 4), {});
    // dayImplicit names films, not their rows: user 0's Nov 3 row holds films 1 and 2 (rows 0 and 2).
    assert.ok(blocks.context !== null);
    const half = 1 / Math.sqrt(2);
    assert.deepEqual(rowOfBlock(blocks.context, 0), { 'dayImplicit=1': half, 'dayImplicit=2': half });
  });
});
