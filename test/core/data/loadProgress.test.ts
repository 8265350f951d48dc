import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLines } from '../../../src/core/data/lines';
import { loadMovieLens } from '../../../src/core/data/load';
import { writeSyntheticRelease } from '../../../src/core/data/syntheticRelease';
import type { LoadProgress } from '../../../src/core/data/types';
import { removeFolder, writeFolder } from './folders';

describe('loading with progress and into shared memory', () => {
  let folder: string;
  before(() => {
    folder = writeFolder({});
    // About 9 MB of ratings.csv: three 4 MB chunks.
    writeSyntheticRelease(folder, { ratings: 350_000, format: 'csv', seed: 3 });
  });
  after(() => removeFolder(folder));

  it('readLines reports the bytes read after each chunk, rising to the file size', () => {
    const file = path.join(folder, 'movies.csv');
    const size = fs.statSync(file).size;
    const reports: [number, number][] = [];
    let lines = 0;
    readLines(file, () => void lines++, 64 * 1024, (bytesRead, totalBytes) => reports.push([bytesRead, totalBytes]));
    assert.ok(reports.length >= Math.floor(size / (64 * 1024)), `${reports.length} reports for ${size} bytes`);
    for (let index = 1; index < reports.length; index++) assert.ok(reports[index][0] >= reports[index - 1][0], 'never goes back');
    assert.ok(reports.every(([, total]) => total === size));
    assert.deepEqual(reports[reports.length - 1], [size, size]);
    assert.ok(lines > 1000);
  });

  it('loadMovieLens reports the ratings file\'s reading in percent-ready figures, ending at 100 %', () => {
    const reports: LoadProgress[] = [];
    const data = loadMovieLens(folder, { onProgress: (progress) => reports.push(progress) });
    const file = path.join(folder, 'ratings.csv');
    const size = fs.statSync(file).size;
    assert.ok(reports.length >= 3, `${reports.length} reports`);
    assert.ok(reports.every((report) => report.file === file && report.totalBytes === size));
    const percents = reports.map((report) => Math.floor((100 * report.bytesRead) / report.totalBytes));
    assert.ok(percents[0] > 0 && percents[0] < 100, `first report ${percents[0]} %`);
    assert.equal(percents[percents.length - 1], 100);
    assert.equal(data.ratings.length, 350_000);
  });

  it('parses the rating columns straight into SharedArrayBuffers, the same values as a plain load', () => {
    const shared = loadMovieLens(folder, { sharedMemory: true });
    const plain = loadMovieLens(folder);
    for (const column of ['user', 'item', 'rating', 'timestamp'] as const) {
      assert.ok(shared.ratings[column].buffer instanceof SharedArrayBuffer, `${column} in shared memory`);
      assert.ok(plain.ratings[column].buffer instanceof ArrayBuffer);
      assert.deepEqual(shared.ratings[column], plain.ratings[column]);
    }
  });
});
