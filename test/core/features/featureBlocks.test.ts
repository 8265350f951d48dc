import * as assert from 'node:assert/strict';
import type { MovieLensData, Ratings } from '../../../src/core/data/types';
import { buildFeatureBlocks, type FeatureBlock } from '../../../src/core/features/featureBlocks';
import { ageBucket, titleWords, yearBucket, zipBucket } from '../../../src/core/features/buckets';
import { FINE_GROUPS } from '../../../src/core/features/groups';
import { fromTriplets, transpose, type SparseMatrix } from '../../../src/core/sparse/sparseMatrix';

function ratings(rows: readonly (readonly [number, number, number])[]): Ratings {
  return {
    length: rows.length,
    user: Int32Array.from(rows, (row) => row[0]),
    item: Int32Array.from(rows, (row) => row[1]),
    rating: Float32Array.from(rows, (row) => row[2]),
    timestamp: new Float64Array(rows.length),
  };
}

/** Three users (the third has no training ratings) and four films (the fourth unrated). */
function tinyData(): MovieLensData {
  return {
    format: 'ml-100k',
    folder: '/tiny',
    ratingsFile: '/tiny/u.data',
    itemsFile: '/tiny/u.item',
    users: {
      count: 3,
      rawId: Int32Array.from([10, 20, 30]),
      demographics: {
        age: Int16Array.from([17, 30, 61]),
        gender: Uint8Array.from([1, 2, 2]),
        occupation: Int16Array.from([0, 1, 1]),
        occupations: ['student', 'writer'],
        zip: ['02139', 'T8H1N', '98101'],
      },
    },
    items: {
      count: 4,
      rawId: Int32Array.from([1, 2, 3, 4]),
      title: ['Toy Story (1995)', 'Star Wars (1977)', 'Return of the Jedi (1983)', 'Star Trek: Generations (1994)'],
      year: Int16Array.from([1995, 1977, 0, 1994]),
      genreNames: ['Action', 'Comedy', 'Sci-Fi'],
      genreOffset: Int32Array.from([0, 1, 3, 4, 6]),
      genreIndex: Int16Array.from([1, 0, 2, 2, 0, 2]),
    },
    ratings: ratings([
      [0, 0, 4],
      [0, 1, 5],
      [1, 1, 3],
      [1, 2, 2],
      [2, 0, 5],
    ]),
    ratingScale: { min: 1, max: 5 },
    splits: [],
    userIndex: new Map([
      [10, 0],
      [20, 1],
      [30, 2],
    ]),
    itemIndex: new Map([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]),
  };
}

/** The training part: user 2 (raw 30) and film 3 (raw 4) have no training ratings. */
const TRAIN = ratings([
  [0, 0, 4],
  [0, 1, 5],
  [1, 1, 3],
  [1, 2, 2],
]);

/** Row of a block as { featureName: value }. */
function rowOf(block: FeatureBlock, row: number): Record<string, number> {
  const { offsets, indices, values } = block.matrix;
  const out: Record<string, number> = {};
  for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) out[block.featureNames[indices[entry]]] = values[entry];
  return out;
}

function dense(matrix: SparseMatrix): number[][] {
  const out = Array.from({ length: matrix.rows }, () => new Array<number>(matrix.columns).fill(0));
  for (let row = 0; row < matrix.rows; row++) {
    for (let entry = matrix.offsets[row]; entry < matrix.offsets[row + 1]; entry++) out[row][matrix.indices[entry]] += matrix.values[entry];
  }
  return out;
}

describe('feature blocks', () => {
  it('encodes ids, demographics and implicit feedback from training ratings only', () => {
    const { user } = buildFeatureBlocks(tinyData(), TRAIN, ['ids', 'user', 'implicit']);
    assert.deepEqual(rowOf(user, 0), {
      'userId=10': 1,
      'age=under 18': 1,
      'gender=M': 1,
      'occupation=student': 1,
      'zip=0': 1,
      'implicit=1': 1 / Math.sqrt(2),
      'implicit=2': 1 / Math.sqrt(2),
    });
    // Film 3 is rated by user 20 in training; the test rating of user 30 (film 1) must not leak.
    assert.deepEqual(rowOf(user, 1), {
      'userId=20': 1,
      'age=25-34': 1,
      'gender=F': 1,
      'occupation=writer': 1,
      'zip=other': 1,
      'implicit=2': 1 / Math.sqrt(2),
      'implicit=3': 1 / Math.sqrt(2),
    });
  });

  it('encodes the raters group: the users who rated the film in training', () => {
    const { item } = buildFeatureBlocks(tinyData(), TRAIN, ['raters']);
    // User 30's rating of film 1 is a test rating: it must not appear.
    assert.deepEqual(rowOf(item, 0), { 'raters=10': 1 });
    assert.deepEqual(rowOf(item, 1), { 'raters=10': 1 / Math.sqrt(2), 'raters=20': 1 / Math.sqrt(2) });
    assert.deepEqual(rowOf(item, 3), {});
    const withoutRaters = buildFeatureBlocks(tinyData(), TRAIN, ['implicit']);
    assert.deepEqual(rowOf(withoutRaters.item, 1), {}, 'implicit alone is the user side only');
  });

  it('gives a cold user its side features but no id or implicit data', () => {
    const { user } = buildFeatureBlocks(tinyData(), TRAIN, ['ids', 'user', 'implicit']);
    // Age 56+ and zip 9 occur on this cold user only: no training rating reaches them, so they go.
    assert.deepEqual(rowOf(user, 2), { 'gender=F': 1, 'occupation=writer': 1 });
    assert.equal(user.featureNames.includes('userId=30'), false);
  });

  it('drops features that no training rating reaches and keeps cold film rows', () => {
    const { item } = buildFeatureBlocks(tinyData(), TRAIN, ['ids', 'item']);
    assert.deepEqual(rowOf(item, 1), {
      'itemId=2': 1,
      'year=1975-1979': 1,
      'genre=Action': 1 / Math.sqrt(2),
      'genre=Sci-Fi': 1 / Math.sqrt(2),
    });
    // Film 4 is unrated in training: no id, and its year 1994 only occurs on it, so no year either.
    assert.deepEqual(rowOf(item, 3), { 'genre=Action': 1 / Math.sqrt(2), 'genre=Sci-Fi': 1 / Math.sqrt(2) });
    assert.deepEqual(rowOf(item, 2), { 'itemId=3': 1, 'genre=Sci-Fi': 1 });
  });

  it('switches groups on one by one and tags every feature with its fine group', () => {
    const idsOnly = buildFeatureBlocks(tinyData(), TRAIN, ['ids']);
    assert.deepEqual(idsOnly.user.featureNames, ['userId=10', 'userId=20']);
    assert.deepEqual(idsOnly.item.featureNames, ['itemId=1', 'itemId=2', 'itemId=3']);
    const all = buildFeatureBlocks(tinyData(), TRAIN, ['ids', 'user', 'item', 'title', 'implicit']);
    for (const block of [all.user, all.item]) {
      block.featureNames.forEach((name, feature) => assert.equal(name.split('=')[0], FINE_GROUPS[block.featureGroup[feature]]));
    }
    // "star" is in two titles; "wars" in one only, so it is no feature.
    assert.ok(all.item.featureNames.includes('title=star'));
    assert.equal(all.item.featureNames.includes('title=wars'), false);
  });

  it('keeps the CSR and its CSC transpose consistent', () => {
    const { user, item } = buildFeatureBlocks(tinyData(), TRAIN, ['ids', 'user', 'item', 'title', 'implicit']);
    for (const block of [user, item]) {
      const forward = dense(block.matrix);
      const backward = dense(block.byFeature);
      assert.equal(block.byFeature.rows, block.matrix.columns);
      assert.equal(block.byFeature.columns, block.matrix.rows);
      for (let row = 0; row < block.matrix.rows; row++) {
        for (let column = 0; column < block.matrix.columns; column++) assert.equal(backward[column][row], forward[row][column]);
      }
      for (let feature = 0; feature < block.byFeature.rows; feature++) {
        assert.ok(
          block.byFeature.offsets[feature + 1] > block.byFeature.offsets[feature],
          `feature ${block.featureNames[feature]} has rows`,
        );
      }
    }
  });
});

describe('sparse matrix', () => {
  it('sorts rows, sums duplicates and transposes', () => {
    const matrix = fromTriplets(3, 4, [2, 0, 0, 2, 0], [1, 3, 0, 1, 3], [1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(matrix.offsets), [0, 2, 2, 3]);
    assert.deepEqual(Array.from(matrix.indices), [0, 3, 1]);
    assert.deepEqual(Array.from(matrix.values), [3, 7, 5]);
    const back = transpose(transpose(matrix));
    assert.deepEqual(dense(back), dense(matrix));
    assert.deepEqual(dense(transpose(matrix)), [
      [3, 0, 0],
      [0, 0, 5],
      [0, 0, 0],
      [7, 0, 0],
    ]);
  });

  it('refuses entries outside the matrix', () => {
    assert.throws(() => fromTriplets(2, 2, [0, 2], [0, 0], [1, 1]), /outside a 2 × 2 matrix/);
  });
});

describe('buckets', () => {
  it('buckets ages, zips, years and title words', () => {
    assert.deepEqual([5, 18, 24, 25, 44, 45, 50, 56, 73].map(ageBucket), [
      'under 18',
      '18-24',
      '18-24',
      '25-34',
      '35-44',
      '45-49',
      '50-55',
      '56+',
      '56+',
    ]);
    assert.deepEqual(['55105', 'L9G2B', ''].map(zipBucket), ['5', 'other', undefined]);
    assert.deepEqual([0, 1933, 1962, 1989, 1997].map(yearBucket), [undefined, '1930s', '1960-1964', '1985-1989', '1997']);
    assert.deepEqual(titleWords('Shawshank Redemption, The (1994)'), ['shawshank', 'redemption']);
  });
});
