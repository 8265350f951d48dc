import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FoldPool } from '../../src/threads/foldPool';
import type { RunHandle } from '../../src/threads/runHandle';
import { buildWorker, fmRequest, removeFolder, syntheticFolder, workerPath } from './workerHarness';

/** Each thread of this process with its nice value (/proc/self/task/<tid>/stat, field 19). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // After the command name's closing parenthesis: field 3 (state) onwards, so nice is the 17th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      values.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended while listed.
    }
  }
  return values;
}

/** The threads' nice values while a long run's folds train on `pool`. */
async function niceWhileTraining(pool: FoldPool, folder: string): Promise<Map<number, number>> {
  const handle: RunHandle = pool.startRun(fmRequest(folder, { iterations: 100_000 }));
  await new Promise<void>((resolve) => handle.onProgress(() => resolve()));
  const values = threadNiceValues();
  handle.cancel();
  await handle.outcome;
  return values;
}

describe('a background pool trains below the editor: its worker threads lower their own priority (Linux, real threads)', function () {
  let folder: string;

  before(function () {
    if (process.platform !== 'linux') this.skip();
    this.timeout(120_000);
    buildWorker();
    folder = syntheticFolder();
  });
  after(() => {
    if (folder !== undefined) removeFolder(folder);
  });

  it('the workers of a background pool run at nice 10, every other thread as before; a plain pool changes none', async function () {
    this.timeout(60_000);
    const before = threadNiceValues();
    const background = new FoldPool({ workerPath, threads: 2, background: true });
    const plain = new FoldPool({ workerPath, threads: 2 });
    try {
      const withBackground = await niceWhileTraining(background, folder);
      const lowered = [...withBackground].filter(([tid, nice]) => !before.has(tid) && nice === 10);
      assert.equal(lowered.length, 2, `two worker threads at nice 10: ${JSON.stringify([...withBackground])}`);
      for (const [tid, nice] of before)
        if (withBackground.has(tid)) assert.equal(withBackground.get(tid), nice, `thread ${tid} kept its nice value`);
      assert.equal(withBackground.get(process.pid), 0, 'the main thread is not lowered');

      const withPlain = await niceWhileTraining(plain, folder);
      const plainLowered = [...withPlain].filter(([tid, nice]) => !withBackground.has(tid) && nice !== 0);
      assert.deepEqual(plainLowered, [], 'a plain pool lowers no thread');
    } finally {
      await background.dispose();
      await plain.dispose();
    }
  });
});
