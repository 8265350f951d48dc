import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DataCatalog } from '../../../src/shared/catalog';
import type { SerializedModel } from '../../../src/shared/run';
import { INTERRUPTED_MESSAGE, RunLibrary } from '../../../src/host/runs/runLibrary';
import { localLockHost, newLock, STALE_MS } from '../../../src/host/runs/runLock';
import type { RunLock } from '../../../src/host/runs/runLock';
import { newRunRecord } from '../../../src/host/runs/runRecord';
import { LOCK_FILE, RunStore } from '../../../src/host/runs/runStore';
import { fmRequest, removeFolder } from '../../worker/workerHarness';
import { completedRun } from './runFixtures';

const catalog: DataCatalog = {
  format: 'ml-100k',
  folder: '/data/ml-100k',
  ratingsFile: '/data/ml-100k/u.data',
  itemsFile: '/data/ml-100k/u.item',
  ratingScale: { min: 1, max: 5 },
  userIds: [1],
  items: [{ id: 1, title: 'A film (1999)' }],
};

const model: SerializedModel = {
  formatVersion: 1,
  kind: 'fm',
  foldName: 'r1f1',
  userCount: 1,
  itemCount: 1,
  dimension: 2,
  globalBias: 3.5,
  ratingScale: { min: 1, max: 5 },
  userBias: Float32Array.of(0.1),
  itemBias: Float32Array.of(-0.2),
  userFactors: Float32Array.of(0.3, 0.4),
  itemFactors: Float32Array.of(0.5, 0.6),
};

/** Writes a run folder by hand, as another window or a hand edit would. */
function writeRunFolder(root: string, name: string, content: unknown, lock?: RunLock): string {
  const folder = path.join(root, 'runs', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'run.json'), typeof content === 'string' ? content : JSON.stringify(content));
  if (lock !== undefined) writeFileSync(path.join(folder, LOCK_FILE), JSON.stringify(lock));
  return folder;
}

/** A process id that was alive a moment ago and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('run library (what the views see of the store)', () => {
  let root: string;
  const libraries: RunLibrary[] = [];
  const library = (options: ConstructorParameters<typeof RunLibrary>[1] = {}): RunLibrary => {
    const created = new RunLibrary(new RunStore(root), options);
    libraries.push(created);
    return created;
  };
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'recommender-lab-library-'))));
  afterEach(() => {
    for (const created of libraries.splice(0)) created.dispose();
    removeFolder(root);
  });

  it('lists the valid runs beside a run.json holding only {"formatVersion":1}, and reports it once', async () => {
    const good = completedRun();
    await new RunStore(root).create(good);
    const broken = writeRunFolder(root, 'broken', { formatVersion: 1 });
    const runs = library();
    const reports: string[][] = [];
    runs.onDidSkip((skipped) => reports.push(skipped.map((entry) => entry.folder)));
    assert.deepEqual(
      (await runs.list()).map((run) => run.request.runId),
      [good.request.runId],
    );
    assert.deepEqual(reports, [[broken]]);
    assert.match(runs.skipped[0].reason, /request must be an object/);
    // Reading again (a refresh, another view) does not report it again.
    await runs.refresh();
    await runs.refresh(['broken']);
    assert.equal(reports.length, 1);
    assert.equal(readFileSync(path.join(broken, 'run.json'), 'utf8'), '{"formatVersion":1}', 'left on disk as it was');
  });

  it('does not keep a failed read: the next call reads the store again', async () => {
    // The runs folder is a file: reading it fails (ENOTDIR).
    writeFileSync(path.join(root, 'runs'), 'not a folder');
    const runs = library();
    await assert.rejects(runs.list());
    rmSync(path.join(root, 'runs'));
    const good = completedRun();
    await new RunStore(root).create(good);
    assert.deepEqual(
      (await runs.list()).map((run) => run.request.runId),
      [good.request.runId],
    );
  });

  it('does not keep a model that failed to load', async () => {
    const store = new RunStore(root);
    const record = { ...completedRun(), hasModel: true };
    await store.create(record);
    const runs = library();
    assert.equal(await runs.model(record), undefined, 'no model.bin yet');
    await store.saveModel(record.request.runId, model, catalog);
    const loaded = await runs.model(record);
    assert.deepEqual(loaded?.catalog, catalog);
  });

  it("sees another window's new and deleted runs after a refresh, and deleting a run already gone is no error", async () => {
    const here = library();
    const there = library();
    assert.deepEqual(await here.list(), []);
    const changes: number[] = [];
    here.onDidChange(() => changes.push(Date.now()));
    const theirs = completedRun({ startedAt: '2026-02-01T10:00:00Z' });
    await there.create(theirs);
    await here.refresh([theirs.request.runId]);
    assert.deepEqual(
      (await here.list()).map((run) => run.request.runId),
      [theirs.request.runId],
    );
    assert.equal(changes.length, 1);
    // Nothing changed on disk: no change event.
    await here.refresh([theirs.request.runId]);
    assert.equal(changes.length, 1);

    await there.delete(theirs.request.runId);
    await here.refresh([theirs.request.runId]);
    assert.deepEqual(await here.list(), []);
    await there.create(completedRun({ startedAt: '2026-02-02T10:00:00Z' }));
    await here.refresh();
    assert.equal((await here.list()).length, 1);
    const [only] = await here.list();
    await there.delete(only.request.runId);
    await here.delete(only.request.runId);
    assert.deepEqual(await here.list(), []);
  });

  it('a run going in another window shows as running there, as interrupted once its owner is gone', async () => {
    const owner = library({ heartbeatMs: 40 });
    const finished = completedRun();
    const record = newRunRecord(finished.request, new Date(finished.startedAt));
    await owner.create(record);
    const runId = record.request.runId;
    const lockFile = path.join(root, 'runs', runId, LOCK_FILE);
    const firstBeat = JSON.parse(readFileSync(lockFile, 'utf8')) as RunLock;
    assert.equal(firstBeat.pid, process.pid);

    // Another window (another library on this machine) sees it going.
    const other = library();
    assert.equal((await other.get(runId))?.status, 'running');
    assert.equal(other.isRunningElsewhere(runId), true);
    // The owner's heartbeat goes on while the run does.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const laterBeat = JSON.parse(readFileSync(lockFile, 'utf8')) as RunLock;
    assert.ok(Date.parse(laterBeat.heartbeatAt) > Date.parse(firstBeat.heartbeatAt), 'the heartbeat moved on');

    // The run ends: the lock goes, the other window reads the outcome.
    await owner.update(finished);
    assert.throws(() => readFileSync(lockFile), /ENOENT/);
    await other.refresh([runId]);
    assert.equal((await other.get(runId))?.status, 'completed');
    assert.equal(other.isRunningElsewhere(runId), false);
  });

  it('a running run with a stale heartbeat, a dead owner or no lock reads as interrupted', async () => {
    const host = localLockHost('another-window');
    const stale = newRunRecord(fmRequest('/data/ml-100k'));
    writeRunFolder(root, stale.request.runId, stale, newLock(host, new Date(Date.now() - STALE_MS - 1_000)));
    const dead = newRunRecord(fmRequest('/data/ml-100k'));
    writeRunFolder(root, dead.request.runId, dead, { ...newLock(host), pid: deadPid() });
    const unlocked = newRunRecord(fmRequest('/data/ml-100k'));
    writeRunFolder(root, unlocked.request.runId, unlocked);
    const elsewhere = newRunRecord(fmRequest('/data/ml-100k'));
    // Another machine (a shared drive): only the heartbeat tells, the pid means nothing here.
    writeRunFolder(root, elsewhere.request.runId, elsewhere, { ...newLock(host), hostname: 'another-machine', pid: deadPid() });

    const runs = library();
    for (const record of [stale, dead, unlocked]) {
      const shown = await runs.get(record.request.runId);
      assert.equal(shown?.status, 'failed', record.request.runId);
      assert.equal(shown?.error?.message, INTERRUPTED_MESSAGE);
      assert.equal(runs.isRunningElsewhere(record.request.runId), false);
    }
    assert.equal((await runs.get(elsewhere.request.runId))?.status, 'running');
    assert.equal(runs.isRunningElsewhere(elsewhere.request.runId), true);
    // On disk they stay as they were: another window may still finish them.
    assert.equal(JSON.parse(readFileSync(path.join(root, 'runs', stale.request.runId, 'run.json'), 'utf8')).status, 'running');
  });

  it('when the heartbeat of a run elsewhere stops, the run turns interrupted by itself', async () => {
    const record = newRunRecord(fmRequest('/data/ml-100k'));
    // A heartbeat that goes stale 300 ms from now.
    writeRunFolder(root, record.request.runId, record, newLock(localLockHost('another-window'), new Date(Date.now() - STALE_MS + 300)));
    const runs = library();
    assert.equal((await runs.get(record.request.runId))?.status, 'running');
    const changed = new Promise<void>((resolve) => runs.onDidChange(resolve));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 3_000));
    assert.notEqual(await Promise.race([changed, timeout]), 'timeout', 'a change event when the heartbeat went stale');
    assert.equal((await runs.get(record.request.runId))?.status, 'failed');
  });

  it('catches up cheaply with folders that came or went, without re-reading the others', async () => {
    const here = library();
    const kept = completedRun({ startedAt: '2026-02-01T10:00:00Z' });
    const gone = completedRun({ startedAt: '2026-02-01T11:00:00Z' });
    const store = new RunStore(root);
    await store.create(kept);
    await store.create(gone);
    assert.equal((await here.list()).length, 2);
    // Changed behind the library's back, with no refresh: one run rewritten, one deleted, one added.
    const rewritten = { ...kept, timings: { totalSeconds: 1 } };
    await store.update(rewritten);
    await store.delete(gone.request.runId);
    const added = completedRun({ startedAt: '2026-02-01T12:00:00Z' });
    await store.create(added);
    await here.catchUp();
    const runs = await here.list();
    assert.deepEqual(
      runs.map((run) => run.request.runId),
      [added.request.runId, kept.request.runId],
    );
    assert.equal(runs[1].timings.totalSeconds, kept.timings.totalSeconds, 'a run that stayed is not read again');
  });

  it('switches stores without losing runs: each store keeps its own', async () => {
    const first = library();
    const run = completedRun();
    await first.create(run);
    const otherRoot = mkdtempSync(path.join(tmpdir(), 'recommender-lab-library-other-'));
    try {
      await first.useStore(new RunStore(otherRoot));
      assert.deepEqual(await first.list(), []);
      await first.useStore(new RunStore(root));
      assert.deepEqual(
        (await first.list()).map((entry) => entry.request.runId),
        [run.request.runId],
      );
    } finally {
      removeFolder(otherRoot);
    }
  });
});
