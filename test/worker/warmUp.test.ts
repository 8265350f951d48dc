import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { FoldPool } from '../../src/threads/foldPool';
import { WARM_UP_FOLDS_PER_WORKER, WARM_UP_ITERATIONS, warmUpPool } from '../../src/threads/warmUp';
import type { RunRequest } from '../../src/shared/run';
import { buildWorker, fmRequest, removeFolder, syntheticFolder, workerPath } from './workerHarness';

function warmUpFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('recommender-lab-warm-up-'));
}

/** Every fold's test RMSE of a completed run, in order. */
async function foldRmses(pool: FoldPool, request: RunRequest): Promise<number[]> {
  const outcome = await pool.startRun(request).outcome;
  assert.equal(outcome.status, 'completed');
  if (outcome.status !== 'completed' || outcome.completed.result.kind !== 'evaluate') return [];
  return outcome.completed.result.evaluation.folds.map((fold) => fold.rmse);
}

describe('warming a fold pool (real worker threads, dist/worker.js)', function () {
  this.timeout(120_000);
  let folder: string;
  let pool: FoldPool;

  before(() => {
    buildWorker();
    folder = syntheticFolder();
  });
  after(() => removeFolder(folder));
  beforeEach(() => {
    pool = new FoldPool({ workerPath, threads: 2 });
  });
  afterEach(async () => {
    await pool.dispose();
  });

  it('trains synthetic folds on every worker, out of sight: no active run, no parse announced, its folder removed', async () => {
    const before = warmUpFolders();
    const parsed: string[] = [];
    pool.onDidParseData((shared) => parsed.push(shared.data.folder));
    let listed = -1;
    const iterations: number[] = [];
    const done = warmUpPool(pool, defaultModelConfig('fm'), ({ fold }) => iterations.push(fold.iterations));
    setTimeout(() => (listed = pool.activeRuns.length), 20);
    assert.equal(await done, 'completed');
    assert.equal(listed, 0, 'the warm-up is not among the active runs');
    assert.equal(pool.startedWorkers, 2);
    assert.deepEqual(parsed, []);
    assert.deepEqual(warmUpFolders(), before, 'the synthetic folder is gone');
    // Five folds a worker, each of the default FM's 200 samples cut to the warm-up's few.
    assert.deepEqual(iterations, new Array<number>(2 * WARM_UP_FOLDS_PER_WORKER).fill(WARM_UP_ITERATIONS));
  });

  it('gives way to a run started meanwhile, which gets the same numbers as on a pool never warmed', async () => {
    const request = fmRequest(folder, { method: 'mcmc', iterations: 30 });
    const fresh = new FoldPool({ workerPath, threads: 2 });
    let expected: number[];
    try {
      expected = await foldRmses(fresh, request);
    } finally {
      await fresh.dispose();
    }
    const warming = warmUpPool(pool, defaultModelConfig('fm'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const actual = await foldRmses(pool, { ...request, runId: `${request.runId}-after-warm-up` });
    assert.equal(await warming, 'cancelled');
    assert.deepEqual(actual, expected);
    assert.equal(expected.length, 2);
  });

  it('cuts any model to a few iterations, keeping its burn-in below them; an SVD warms too', async () => {
    const burnedIn = defaultModelConfig('fm', { iterations: 400, burnIn: 100 });
    const iterations: number[] = [];
    assert.equal(await warmUpPool(pool, burnedIn, ({ fold }) => iterations.push(fold.iterations)), 'completed');
    assert.ok(iterations.length > 0 && iterations.every((count) => count === WARM_UP_ITERATIONS));
    assert.equal(await warmUpPool(pool, defaultModelConfig('svd')), 'completed');
  });
});
