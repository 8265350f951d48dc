import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isDataError } from '../../src/core/data/errors';
import { loadMovieLens } from '../../src/core/data/load';
import { writeSyntheticRelease } from '../../src/core/data/syntheticRelease';
import { idleCore, ratingsPartsOn } from '../../src/worker/ratingsPartThread';
import { buildWorker, workerPath } from './workerHarness';

/** The second half of a ratings.csv parsed on a real thread of dist/worker.js, joined by the loader. */
describe('ratings.csv halves on a second thread (dist/worker.js)', function () {
  this.timeout(60_000);
  let folder: string;

  before(() => {
    buildWorker();
    folder = path.join(mkdtempSync(path.join(tmpdir(), 'recommender-lab-parts-')), 'ml-synthetic');
    writeSyntheticRelease(folder, { ratings: 20_000, format: 'csv', seed: 3 });
  });

  after(() => rmSync(path.dirname(folder), { recursive: true, force: true }));

  it('loads the same data as one reading', () => {
    const whole = loadMovieLens(folder);
    const halves = loadMovieLens(folder, { parseInParallel: ratingsPartsOn(workerPath), parallelFromBytes: 1, sharedMemory: true });
    assert.deepEqual(halves.users.rawId, whole.users.rawId);
    assert.deepEqual(Array.from(halves.ratings.user), Array.from(whole.ratings.user));
    assert.deepEqual(Array.from(halves.ratings.item), Array.from(whole.ratings.item));
    assert.deepEqual(Array.from(halves.ratings.rating), Array.from(whole.ratings.rating));
    assert.deepEqual(Array.from(halves.ratings.timestamp), Array.from(whole.ratings.timestamp));
  });

  it('names a bad line of the second half by its line in the file, as one reading does', () => {
    const file = path.join(folder, 'ratings.csv');
    const original = readFileSync(file);
    try {
      const last = original.toString('latin1').trimEnd().split('\n').pop() ?? '';
      appendFileSync(file, `${last.slice(0, last.lastIndexOf(','))},not-a-time\n`);
      const lines = readFileSync(file, 'latin1').split('\n').length - 1;
      const messageOf = (load: () => unknown): string => {
        try {
          load();
        } catch (error) {
          assert.ok(isDataError(error), String(error));
          return error.message;
        }
        return assert.fail('loaded');
      };
      const whole = messageOf(() => loadMovieLens(folder));
      assert.equal(whole, `${file}:${lines}: timestamp 'not-a-time' is not a whole number`);
      assert.equal(
        messageOf(() => loadMovieLens(folder, { parseInParallel: ratingsPartsOn(workerPath), parallelFromBytes: 1 })),
        whole,
      );
    } finally {
      writeFileSync(file, original);
    }
  });

  it('asks whether to split only a file as large as parallelFromBytes, and reads it whole when told not to', () => {
    const asked: string[] = [];
    const parts = ratingsPartsOn(workerPath);
    const whole = loadMovieLens(folder);
    const small = loadMovieLens(folder, { parseInParallel: parts, parallelWanted: () => (asked.push('small'), true) });
    const declined = loadMovieLens(folder, {
      parseInParallel: parts,
      parallelFromBytes: 1,
      parallelWanted: () => (asked.push('large'), false),
    });
    assert.deepEqual(asked, ['large']);
    assert.deepEqual(Array.from(small.ratings.user), Array.from(whole.ratings.user));
    assert.deepEqual(Array.from(declined.ratings.item), Array.from(whole.ratings.item));
  });

  it('sees no idle core while every core is kept busy by other processes', async () => {
    // Busy loops in child processes, one per core, started before the look and ended after it.
    const busy = cpus().map(() =>
      spawn(process.execPath, ['-e', 'const end = Date.now() + 4000; while (Date.now() < end);'], { stdio: 'ignore' }),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(idleCore(), false);
    } finally {
      for (const child of busy) child.kill();
    }
  });
});
