import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadProgressParams, SharedData } from '../../src/shared/protocol/workerProtocol';
import type { DataLoadedParams, RunRequest } from '../../src/shared/run';
import { CatalogService } from '../../src/host/data/catalogService';
import { FoldPool } from '../../src/threads/foldPool';
import { QueryClient } from '../../src/threads/queryClient';
import { shareParsedData } from '../../src/threads/dataSharing';
import type { RunOutcome } from '../../src/threads/runHandle';
import { buildWorker, fmRequest, removeFolder, syntheticFolder, workerPath } from './workerHarness';

/** A run to its end, with what it said about its data. */
async function runOn(pool: FoldPool, request: RunRequest): Promise<{ loaded?: DataLoadedParams; outcome: RunOutcome }> {
  const handle = pool.startRun(request);
  const seen: { loaded?: DataLoadedParams } = {};
  handle.onDidLoadData((params) => (seen.loaded = params));
  const outcome = await handle.outcome;
  return { loaded: seen.loaded, outcome };
}

function foldRmses(outcome: RunOutcome): number[] {
  assert.equal(outcome.status, 'completed');
  if (outcome.status !== 'completed' || outcome.completed.result.kind !== 'evaluate') return [];
  return outcome.completed.result.evaluation.folds.map((fold) => fold.rmse);
}

describe('a data folder parsed once by the pool and the query worker together (real worker threads)', function () {
  let folder: string;
  let pool: FoldPool;
  let queries: QueryClient;
  let sharing: { dispose(): void };
  let poolParses: SharedData[];
  let queryParses: LoadProgressParams[];

  before(function () {
    this.timeout(120_000);
    buildWorker();
  });
  beforeEach(() => {
    folder = syntheticFolder();
    pool = new FoldPool({ workerPath, threads: 2 });
    queries = new QueryClient({ workerPath });
    sharing = shareParsedData(pool, queries);
    poolParses = [];
    queryParses = [];
    pool.onDidParseData((shared) => poolParses.push(shared));
    queries.onDidProgressLoad((progress) => queryParses.push(progress));
  });
  afterEach(async () => {
    sharing.dispose();
    await pool.dispose();
    await queries.dispose();
    removeFolder(folder);
  });

  it('a run reads what the query worker parsed, with the same numbers as a run that parses the folder', async function () {
    await queries.describeData(folder);
    assert.ok(queryParses.length > 0, 'the query worker parsed the folder');

    const shared = await runOn(pool, fmRequest(folder));
    assert.equal(shared.loaded?.seconds, 0, 'no parse in the run');
    assert.equal(poolParses.length, 0);

    const alone = new FoldPool({ workerPath, threads: 2 });
    try {
      const parsed = await runOn(alone, fmRequest(folder));
      assert.ok((parsed.loaded?.seconds ?? 0) > 0, 'a pool of its own parses the folder');
      assert.equal(shared.loaded?.ratings, parsed.loaded?.ratings);
      assert.deepEqual(foldRmses(shared.outcome), foldRmses(parsed.outcome));
    } finally {
      await alone.dispose();
    }
  });

  it("the query worker describes a run's data without parsing it, the same catalogue as a parse", async function () {
    const run = await runOn(pool, fmRequest(folder));
    assert.ok((run.loaded?.seconds ?? 0) > 0, 'the run parsed the folder');
    assert.equal(poolParses.length, 1);
    assert.equal(queries.started, false, 'the offer waits for a request to start the query worker');

    const catalog = await queries.describeData(folder);
    assert.equal(queryParses.length, 0, 'no parse in the query worker');

    const alone = new QueryClient({ workerPath });
    try {
      const reports: LoadProgressParams[] = [];
      alone.onDidProgressLoad((progress) => reports.push(progress));
      assert.deepEqual(await alone.describeData(folder), catalog);
      assert.ok(reports.length > 0, 'a query worker of its own parses the folder');
    } finally {
      await alone.dispose();
    }
  });

  it("a run's parse gives the catalogue without the query worker, the same one the query worker describes", async function () {
    const catalogs = new CatalogService(queries);
    const learning = catalogs.learnFromRuns(pool);
    try {
      const run = await runOn(pool, fmRequest(folder));
      assert.ok((run.loaded?.seconds ?? 0) > 0, 'the run parsed the folder');
      assert.ok(catalogs.has(folder), 'kept once the run read the data');
      const kept = await catalogs.get(folder);
      assert.equal(queries.started, false, 'no query worker started for it');
      const alone = new QueryClient({ workerPath });
      try {
        assert.deepEqual(kept.catalog, await alone.describeData(folder));
      } finally {
        await alone.dispose();
      }
      assert.equal(kept.userRow.get(kept.catalog.userIds[3]), 3);
    } finally {
      learning.dispose();
    }
  });

  it('data offered before the files changed is not used: the run parses the folder and sees the change', async function () {
    await queries.describeData(folder);
    assert.ok(queryParses.length > 0, 'the query worker parsed the folder (and offered it to the pool)');
    const ratingsFile = path.join(folder, 'u.data');
    const lines = readFileSync(ratingsFile, 'latin1').trimEnd().split('\n');
    writeFileSync(ratingsFile, `${lines.slice(0, -1).join('\n')}\n`, 'latin1');

    const run = await runOn(pool, fmRequest(folder));
    assert.equal(run.outcome.status, 'completed');
    assert.ok((run.loaded?.seconds ?? 0) > 0, 'the run parsed the changed folder');
    assert.equal(run.loaded?.ratings, lines.length - 1);
  });
});
