import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** In a thread of its own: set its nice value to `start`, call lowerThreadPriority, report the nice value it ends at. */
function niceAfterLowering(start: number): Promise<number> {
  const module = path.resolve(__dirname, '..', '..', 'src', 'worker', 'threadPriority.ts');
  const code = `
    const os = require('node:os');
    const { parentPort } = require('node:worker_threads');
    const { currentThreadId, lowerThreadPriority } = require(${JSON.stringify(module)});
    const id = currentThreadId();
    os.setPriority(id, ${start});
    lowerThreadPriority();
    parentPort.postMessage(os.getPriority(id));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, execArgv: ['--require', 'tsx/cjs'] });
    worker.once('message', (nice: number) => void worker.terminate().then(() => resolve(nice)));
    worker.once('error', reject);
  });
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
    const base = before.get(process.pid) ?? 0;
    // A test process already at nice 10 or more (run under `nice`) would show no change.
    if (base >= 10) this.skip();
    const background = new FoldPool({ workerPath, threads: 2, background: true });
    const plain = new FoldPool({ workerPath, threads: 2 });
    try {
      const withBackground = await niceWhileTraining(background, folder);
      const lowered = [...withBackground].filter(([tid, nice]) => !before.has(tid) && nice === 10);
      assert.equal(lowered.length, 2, `two worker threads at nice 10: ${JSON.stringify([...withBackground])}`);
      for (const [tid, nice] of before)
        if (withBackground.has(tid)) assert.equal(withBackground.get(tid), nice, `thread ${tid} kept its nice value`);
      assert.equal(withBackground.get(process.pid), base, 'the main thread is not lowered');

      const withPlain = await niceWhileTraining(plain, folder);
      const plainLowered = [...withPlain].filter(([tid, nice]) => !withBackground.has(tid) && nice !== base);
      assert.deepEqual(plainLowered, [], 'a plain pool lowers no thread');
    } finally {
      await background.dispose();
      await plain.dispose();
    }
  });

  it('only ever lowers: a thread already below that priority keeps its own', async function () {
    this.timeout(30_000);
    const base = threadNiceValues().get(process.pid) ?? 0;
    if (base > 5) this.skip();
    assert.equal(await niceAfterLowering(5), 10);
    assert.equal(await niceAfterLowering(15), 15);
  });
});
