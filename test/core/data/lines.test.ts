import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { subsetRatings } from '../../../src/core/data/columns';
import { readLines } from '../../../src/core/data/lines';
import { removeFolder, writeFolder } from './folders';

function collect(content: string | Buffer, chunkBytes: number): Array<[number, string]> {
  const folder = writeFolder({ 'file.txt': content });
  try {
    const lines: Array<[number, string]> = [];
    readLines(
      path.join(folder, 'file.txt'),
      (bytes, start, end, line) => lines.push([line, bytes.toString('utf8', start, end)]),
      chunkBytes,
    );
    return lines;
  } finally {
    removeFolder(folder);
  }
}

describe('readLines', () => {
  const text = '\ufeffalpha\r\nbeta gamma\n\n  \nlonger line number five\r\nsix';
  const expected: Array<[number, string]> = [
    [1, 'alpha'],
    [2, 'beta gamma'],
    [5, 'longer line number five'],
    [6, 'six'],
  ];

  it('gives the same lines and numbers whatever the chunk size', () => {
    for (const chunk of [1, 2, 3, 5, 7, 64, 1 << 20]) assert.deepEqual(collect(text, chunk), expected, `chunk ${chunk}`);
  });

  it('handles an empty file and a lone newline', () => {
    assert.deepEqual(collect('', 4), []);
    assert.deepEqual(collect('\n\r\n', 4), []);
    assert.deepEqual(collect(Buffer.from([0xef, 0xbb, 0xbf]), 2), []);
  });

  it('names the file when it cannot be opened', () => {
    assert.throws(() => readLines('/nonexistent/recommender-lab/u.data', () => undefined), {
      name: 'DataError',
      message: '/nonexistent/recommender-lab/u.data: cannot open: no such file',
    });
  });
});

describe('subsetRatings', () => {
  it('copies the chosen rows in order', () => {
    const ratings = {
      length: 4,
      user: Int32Array.from([0, 1, 2, 3]),
      item: Int32Array.from([4, 5, 6, 7]),
      rating: Float32Array.from([1, 2, 3, 4]),
      timestamp: Float64Array.from([10, 20, 30, 40]),
    };
    const subset = subsetRatings(ratings, Uint32Array.from([3, 1]));
    assert.equal(subset.length, 2);
    assert.deepEqual(Array.from(subset.user), [3, 1]);
    assert.deepEqual(Array.from(subset.item), [7, 5]);
    assert.deepEqual(Array.from(subset.rating), [4, 2]);
    assert.deepEqual(Array.from(subset.timestamp), [40, 20]);
    subset.user[0] = 99;
    assert.equal(ratings.user[3], 3);
    assert.throws(() => subsetRatings(ratings, [4]), RangeError);
  });
});
