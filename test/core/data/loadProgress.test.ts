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
    readLines(
      file,
      () => void lines++,
      64 * 1024,
      (bytesRead, totalBytes) => reports.push([bytesRead, totalBytes]),
    );
    assert.ok(reports.length >= Math.floor(size / (64 * 1024)), `${reports.length} reports for ${size} bytes`);
    for (let index = 1; index < reports.length; index++) assert.ok(reports[index][0] >= reports[index - 1][0], 'never goes back');
    assert.ok(reports.every(([, total]) => total === size));
    assert.deepEqual(reports[reports.length - 1], [size, size]);
    assert.ok(lines > 1000);
  });

  it("loadMovieLens reports the ratings file's reading in percent-ready figures, ending at 100 %", () => {
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

describe("the ratings parser's two paths (plain lines in one pass, the rest the careful way)", () => {
  const load = (
    files: Record<string, string>,
  ): { user: number[]; item: number[]; rating: number[]; timestamp: number[]; userIds: number[] } => {
    const folder = writeFolder(files);
    try {
      const data = loadMovieLens(folder);
      return {
        user: [...data.ratings.user],
        item: [...data.ratings.item],
        rating: [...data.ratings.rating],
        timestamp: [...data.ratings.timestamp],
        userIds: [...data.users.rawId],
      };
    } finally {
      removeFolder(folder);
    }
  };

  it('reads the same values whichever path a CSV line takes', () => {
    const lines = [
      'userId,movieId,rating,timestamp',
      '1,1,4.0,964982703', // plain
      '1,3,3.50,964982931', // two decimals: careful
      '01,7,5,964983815', // a leading zero: plain, user 1
      '7,1,0.5,1', // plain, the lowest half star
      '5000000,3,2.5,964982224', // a user id past the dense table: careful, a new user
      '7,3,3,123456789012', // a 12-digit timestamp: careful
      '8,7,1.0,964982400\r', // CRLF: plain once the line end is cut
      '', // blank: skipped
      '5000000,9,4.5,964982225', // that user again, now known: careful (looked up by the map)
      '9,9,2,964982226', // a new user after them: careful, then plain for the next line
      '9,1,2,964982227',
    ];
    const read = load({
      'movies.csv': 'movieId,title,genres\n1,A (1995),Drama\n3,B (1996),Drama\n7,C (1997),Drama\n9,D (1998),Drama\n',
      'ratings.csv': `${lines.join('\n')}\n`,
    });
    assert.deepEqual(read.userIds, [1, 7, 5_000_000, 8, 9]);
    assert.deepEqual(read.user, [0, 0, 0, 1, 2, 1, 3, 2, 4, 4]);
    assert.deepEqual(read.item, [0, 1, 2, 0, 1, 1, 2, 3, 3, 0]);
    assert.deepEqual(read.rating, [4, 3.5, 5, 0.5, 2.5, 3, 1, 4.5, 2, 2]);
    assert.deepEqual(
      read.timestamp,
      [964982703, 964982931, 964983815, 1, 964982224, 123456789012, 964982400, 964982225, 964982226, 964982227],
    );
  });

  it('reads whole stars written as d.0 and two-byte separators (1M) on both paths', () => {
    const read = load({
      'users.dat': '4::M::25::12::55117\n2::F::56::0::K1A-0B1\n',
      'movies.dat': '5::Some Film (1999)::Comedy\n8::Other Film (2000)::Action\n',
      'ratings.dat': '4::5::5::978300760\n4::8::3.0::978300761\n2::8::03::978302109\n2::5::1::9783019680000\n',
    });
    assert.deepEqual(read.user, [0, 0, 1, 1]);
    assert.deepEqual(read.item, [0, 1, 1, 0]);
    assert.deepEqual(read.rating, [5, 3, 3, 1]);
    assert.deepEqual(read.timestamp, [978300760, 978300761, 978302109, 9783019680000]);
  });
});
