import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DataCatalog } from '../../../src/shared/catalog';
import type { SerializedModel } from '../../../src/shared/run';
import { newRunRecord } from '../../../src/host/runs/runRecord';
import { RunStore } from '../../../src/host/runs/runStore';
import { fmRequest, removeFolder } from '../../worker/workerHarness';
import { completedRun } from './runFixtures';

function model(users: number, items: number, dimension: number): SerializedModel {
  const fill = (length: number, offset: number): Float32Array => Float32Array.from({ length }, (_, index) => Math.sin(index + offset));
  return {
    formatVersion: 1,
    kind: 'fm',
    foldName: 'r1f1',
    userCount: users,
    itemCount: items,
    dimension,
    globalBias: 3.53,
    userBias: fill(users, 1),
    itemBias: fill(items, 2),
    userFactors: fill(users * dimension, 3),
    itemFactors: fill(items * dimension, 4),
    ratingScale: { min: 1, max: 5 },
  };
}

const catalog: DataCatalog = {
  format: 'ml-100k',
  folder: '/data',
  ratingsFile: '/data/u.data',
  itemsFile: '/data/u.item',
  ratingScale: { min: 1, max: 5 },
  userIds: [7],
  items: [{ id: 9, title: 'A film (1999)', year: 1999 }],
};

describe('run store (versioned, atomic, on disk)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'recommender-lab-store-'))));
  afterEach(() => removeFolder(root));

  it('keeps runs, results and models across a new store over the same folder', async () => {
    const store = new RunStore(root);
    const first = completedRun({ startedAt: '2026-01-01T10:00:00Z' });
    await store.create({ ...first, status: 'running', result: undefined });
    const stored = model(5, 4, 3);
    await store.saveModel(first.request.runId, stored, catalog);
    await store.update({ ...first, hasModel: true });
    const second = newRunRecord(fmRequest('/data'), new Date('2026-01-01T11:00:00Z'));
    await store.create(second);
    await store.update({ ...second, status: 'cancelled' });

    const reopened = new RunStore(root);
    const { runs, skipped } = await reopened.list();
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      runs.map((run) => [run.request.runId, run.status]),
      [
        [second.request.runId, 'cancelled'],
        [first.request.runId, 'completed'],
      ],
    );
    const loaded = await reopened.loadModel(runs[1]);
    assert.ok(loaded !== undefined);
    assert.deepEqual(loaded.model.userFactors, stored.userFactors);
    assert.deepEqual(loaded.model.itemBias, stored.itemBias);
    assert.equal(loaded.model.globalBias, stored.globalBias);
    assert.deepEqual(loaded.catalog, catalog);
    // No temporary files are left after the writes.
    for (const runId of [first.request.runId, second.request.runId]) {
      assert.ok(readdirSync(path.join(root, 'runs', runId)).every((name) => !name.includes('.tmp-')));
    }
  });

  it('skips (and never deletes) runs of another format version or damaged ones', async () => {
    const store = new RunStore(root);
    await store.create(newRunRecord(fmRequest('/data')));
    const future = path.join(root, 'runs', 'from-the-future');
    mkdirSync(future, { recursive: true });
    writeFileSync(path.join(future, 'run.json'), JSON.stringify({ formatVersion: 2, request: {} }));
    const damaged = path.join(root, 'runs', 'damaged');
    mkdirSync(damaged);
    writeFileSync(path.join(damaged, 'run.json'), '{"formatVersion": 1, "requ');
    const { runs, skipped } = await store.list();
    assert.equal(runs.length, 1);
    assert.deepEqual(skipped.map((entry) => path.basename(entry.folder)).sort(), ['damaged', 'from-the-future']);
    assert.match(skipped.find((entry) => entry.folder === future)?.reason ?? '', /version 2/);
    assert.ok(existsSync(path.join(future, 'run.json')) && existsSync(path.join(damaged, 'run.json')));
  });

  it('deletes one run without touching the others, and refuses run ids that are paths', async () => {
    const store = new RunStore(root);
    const keep = newRunRecord(fmRequest('/data'));
    const drop = newRunRecord(fmRequest('/data'));
    await store.create(keep);
    await store.create(drop);
    await store.delete(drop.request.runId);
    assert.deepEqual(
      (await store.list()).runs.map((run) => run.request.runId),
      [keep.request.runId],
    );
    await assert.rejects(store.create(newRunRecord({ ...fmRequest('/data'), runId: '../escape' })), /Invalid run id/);
  });

  it('writes run.json pretty (one field a line) with a .gitignore for locks and half-done writes', async () => {
    const store = new RunStore(root);
    const record = completedRun();
    await store.create(record);
    const text = readFileSync(path.join(root, 'runs', record.request.runId, 'run.json'), 'utf8');
    assert.equal(text, `${JSON.stringify(record, null, 2)}\n`);
    const ignored = readFileSync(path.join(root, 'runs', '.gitignore'), 'utf8');
    assert.match(ignored, /^\*\/run\.lock$/m);
    // A .gitignore the user edited is theirs: never overwritten.
    writeFileSync(path.join(root, 'runs', '.gitignore'), 'mine\n');
    await store.create(completedRun());
    assert.equal(readFileSync(path.join(root, 'runs', '.gitignore'), 'utf8'), 'mine\n');
  });

  it('deleting a run another window already deleted is no error, and leaves the others', async () => {
    const store = new RunStore(root);
    const keep = completedRun();
    const gone = completedRun();
    await store.create(keep);
    await store.create(gone);
    await new RunStore(root).delete(gone.request.runId);
    await store.delete(gone.request.runId);
    assert.deepEqual(
      (await store.list()).runs.map((run) => run.request.runId),
      [keep.request.runId],
    );
  });

  it('detects a damaged model file', async () => {
    const store = new RunStore(root);
    const record = newRunRecord(fmRequest('/data'));
    await store.create(record);
    await store.saveModel(record.request.runId, model(3, 3, 2), catalog);
    writeFileSync(path.join(root, 'runs', record.request.runId, 'model.bin'), Buffer.from('RLMODEL\0short'));
    await assert.rejects(store.loadModel({ ...record, hasModel: true }), /cut short|bytes, expected/);
  });
});
