import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import type { RecommenderLabApi } from '../../src/host/extension';
import { INTERRUPTED_MESSAGE } from '../../src/host/runs/runLibrary';
import { STALE_MS } from '../../src/host/runs/runLock';
import type { RunLock } from '../../src/host/runs/runLock';
import type { RunRecord } from '../../src/host/runs/runRecord';
import { newRunRecord } from '../../src/host/runs/runRecord';
import { RunStore } from '../../src/host/runs/runStore';
import { RUNNING_ELSEWHERE } from '../../src/host/views/runsView';
import { completedRun } from '../host/runs/runFixtures';
import { fmRequest } from '../worker/workerHarness';
import { activateExtension, eventually, hoverText, movieLensFolder } from './helpers';

/** Every file under a folder whose name matches (the Output channel's log file lives in the logs folder). */
function findFiles(folder: string, name: RegExp): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The lines the "Recommender Lab" Output channel wrote to its log file so far. */
function outputLines(api: RecommenderLabApi): string[] {
  // <logs>/<session>/window…/exthost/<extension id>: the channel's file is in this session's logs.
  const sessionLogs = path.resolve(api.context.logUri.fsPath, '..', '..', '..');
  return findFiles(sessionLogs, /Recommender Lab\.log$/).flatMap((file) => readFileSync(file, 'utf8').split('\n'));
}

/** A lock as another window on this machine writes it: a live process, a heartbeat `ageMs` old. */
function otherWindowLock(ageMs: number): RunLock {
  // The code-server process that started this extension host: alive for as long as the test runs.
  return { owner: 'another-window', pid: process.ppid, hostname: hostname(), heartbeatAt: new Date(Date.now() - ageMs).toISOString() };
}

/** Two ALS sweeps on a holdout fold, no panel: a run that ends in a second. */
function trainQuickly(dataFolder: string): Thenable<RunRecord | undefined> {
  return vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
    dataFolder,
    method: 'als',
    iterations: 2,
    protocol: 'holdout',
    showPanel: false,
  });
}

describe('runs on disk, as other windows and hand edits leave them', function () {
  this.timeout(120_000);
  let api: RecommenderLabApi;
  /** Another window's view of the same store. */
  let otherWindow: RunStore;
  const ids = (runs: readonly RunRecord[]): string[] => runs.map((run) => run.request.runId);
  const listed = async (runId: string): Promise<RunRecord | undefined> =>
    (await api.runs.getChildren()).find((run) => run.request.runId === runId);

  before(async () => {
    api = await activateExtension();
    await api.library.list();
    otherWindow = new RunStore(api.library.store.root);
    // The file watcher starts a moment after activation and misses what happens before: wait
    // until a run written on disk shows, so every test below starts with a live watcher.
    const probe = completedRun();
    await otherWindow.create(probe);
    try {
      await eventually(
        async () => {
          if ((await listed(probe.request.runId)) !== undefined) return true;
          await otherWindow.update({ ...probe, timings: { totalSeconds: Math.random() } });
          return false;
        },
        60_000,
        'the run store watcher to start',
      );
    } finally {
      await otherWindow.delete(probe.request.runId);
    }
    await eventually(async () => (await listed(probe.request.runId)) === undefined, 20_000, 'the probe run to go');
  });

  it('a run.json holding only {"formatVersion":1}: the Runs view lists the others, one warning in the Output channel', async () => {
    const before = ids(await api.runs.getChildren());
    const folder = path.join(api.library.store.runsFolder, 'corrupt-run');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'run.json'), '{"formatVersion":1}');
    try {
      await eventually(
        async () => api.library.skipped.some((entry) => entry.folder === folder),
        20_000,
        'the watcher to read the corrupt run',
      );
      assert.deepEqual(ids(await api.runs.getChildren()), before, 'the other runs, and only them');
      assert.match(api.runsView.message ?? '', /^1 stored run could not be read/);
      // Written again (an editor saving it): still one warning.
      writeFileSync(path.join(folder, 'run.json'), '{"formatVersion":1}');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await eventually(async () => outputLines(api).some((line) => line.includes(folder)), 20_000, 'the warning in the log file');
      const warnings = outputLines(api).filter((line) => line.includes(folder));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /\[warning\] Skipped the stored run .*corrupt-run, left on disk as it is: request must be an object/);

      // Hovers still work (they read the same runs).
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(await movieLensFolder(), 'u.data')));
      const character = document.lineAt(0).text.indexOf('\t') + 1;
      const hover = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          new vscode.Position(0, character),
        ),
      );
      assert.doesNotMatch(hover, /cannot describe film/);
      assert.match(hover, /film \d+/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await eventually(async () => api.library.skipped.length === 0, 20_000, 'the removed folder to leave the report');
    assert.equal(api.runsView.message, undefined);
  });

  it('a run written by another window appears in the Runs view, and leaves it when that window deletes it', async () => {
    const run = completedRun({ startedAt: new Date().toISOString() });
    let treeChanges = 0;
    const subscription = api.runs.onDidChangeTreeData(() => treeChanges++);
    try {
      await otherWindow.create(run);
      await eventually(async () => (await listed(run.request.runId)) !== undefined, 20_000, "the other window's run in the Runs view");
      assert.ok(treeChanges > 0, 'the Runs view was told to redraw');
      assert.equal((await api.library.get(run.request.runId))?.status, 'completed');

      await otherWindow.delete(run.request.runId);
      await eventually(async () => (await listed(run.request.runId)) === undefined, 20_000, 'the deleted run to leave the Runs view');
      // Open or delete what is already gone: no ENOENT, nothing to do.
      assert.equal(await vscode.commands.executeCommand('recommenderLab.openRun', run.request.runId), undefined);
      assert.equal(await vscode.commands.executeCommand('recommenderLab.deleteRun', run, undefined, { confirm: false }), true);
    } finally {
      subscription.dispose();
    }
  });

  it('a run another window is running shows as running there; once its heartbeat stops, as interrupted', async () => {
    const going = newRunRecord(fmRequest('/data/ml-100k'));
    const abandoned = newRunRecord(fmRequest('/data/ml-100k'));
    // Fresh enough to be live now, stale in 15 s without a new heartbeat.
    await otherWindow.create(going, otherWindowLock(STALE_MS - 15_000));
    await otherWindow.create(abandoned, otherWindowLock(STALE_MS + 60_000));
    try {
      await eventually(async () => (await listed(going.request.runId)) !== undefined, 10_000, 'the running run in the Runs view');
      const shown = await listed(going.request.runId);
      assert.ok(shown !== undefined);
      assert.equal(shown.status, 'running');
      const item = api.runs.getTreeItem(shown);
      assert.match(String(item.description), new RegExp(RUNNING_ELSEWHERE));
      assert.equal(item.contextValue, 'run.running', 'no Delete in the menu');
      assert.equal(await vscode.commands.executeCommand('recommenderLab.deleteRun', shown, undefined, { confirm: false }), false);
      assert.ok(existsSync(path.join(api.library.store.runsFolder, going.request.runId, 'run.json')), 'not deleted');

      const interrupted = await listed(abandoned.request.runId);
      assert.equal(interrupted?.status, 'failed');
      assert.equal(interrupted?.error?.message, INTERRUPTED_MESSAGE);

      // No new heartbeat: the view turns it to interrupted by itself.
      await eventually(
        async () => (await listed(going.request.runId))?.status === 'failed',
        30_000,
        'the stale run to read as interrupted',
      );
      assert.doesNotMatch(
        String(api.runs.getTreeItem((await listed(going.request.runId)) as RunRecord).description),
        new RegExp(RUNNING_ELSEWHERE),
      );
    } finally {
      await otherWindow.delete(going.request.runId);
      await otherWindow.delete(abandoned.request.runId);
    }
  });

  it('runsLocation "workspace" with a file named .recommender-lab in the way: the run fails saying so, earlier runs stay', async () => {
    // As on disk: the view may still be catching up with the tests before.
    const earlier = ids((await otherWindow.list()).runs);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace !== undefined);
    const inTheWay = path.join(workspace, '.recommender-lab');
    writeFileSync(inTheWay, 'not a folder\n');
    const data = mkdtempSync(path.join(tmpdir(), 'recommender-lab-in-the-way-'));
    writeSyntheticMovieLens(data, { users: 40, items: 30, ratingsPerUser: 10, seed: 9 });
    const settings = vscode.workspace.getConfiguration('recommenderLab');
    await settings.update('runsLocation', 'workspace', vscode.ConfigurationTarget.Workspace);
    try {
      await eventually(async () => api.library.store.runsFolder === path.join(inTheWay, 'runs'), 20_000, 'the library to move');
      const record = await trainQuickly(data);
      assert.equal(record?.status, 'failed');
      assert.match(
        record.error?.message ?? '',
        /could not be stored, so it did not start: .*\.recommender-lab.*a file of that name is in the way/,
      );
      assert.equal(readFileSync(inTheWay, 'utf8'), 'not a folder\n', 'the file is left as it was');
      assert.equal(api.controller.running, undefined, 'no run is left going');
    } finally {
      await settings.update('runsLocation', undefined, vscode.ConfigurationTarget.Workspace);
      await eventually(async () => api.library.store.runsFolder !== path.join(inTheWay, 'runs'), 20_000, 'the library to move back');
      rmSync(inTheWay, { force: true });
      rmSync(data, { recursive: true, force: true });
    }
    assert.deepEqual(ids(await api.library.list()), earlier, 'the runs kept in workspace storage are all there');
  });

  it('runsLocation "workspace": runs go to .recommender-lab/runs as pretty JSON beside their model; switching back shows the earlier runs', async () => {
    const earlier = ids((await otherWindow.list()).runs);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace !== undefined);
    const runsFolder = path.join(workspace, '.recommender-lab', 'runs');
    const data = mkdtempSync(path.join(tmpdir(), 'recommender-lab-location-'));
    writeSyntheticMovieLens(data, { users: 40, items: 30, ratingsPerUser: 10, seed: 9 });
    const settings = vscode.workspace.getConfiguration('recommenderLab');
    await settings.update('runsLocation', 'workspace', vscode.ConfigurationTarget.Workspace);
    try {
      await eventually(async () => api.library.store.runsFolder === runsFolder, 20_000, 'the library to move to the workspace');
      assert.deepEqual(await api.library.list(), []);
      const record = await trainQuickly(data);
      assert.ok(record !== undefined && record.status === 'completed', record?.error?.message);
      const folder = path.join(runsFolder, record.request.runId);
      const text = readFileSync(path.join(folder, 'run.json'), 'utf8');
      assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, 'pretty-printed');
      assert.equal(JSON.parse(text).status, 'completed');
      assert.ok(existsSync(path.join(folder, 'model.bin')) && existsSync(path.join(folder, 'catalog.json')), 'the model beside it');
      assert.ok(!existsSync(path.join(folder, 'run.lock')), 'no lock once the run ended');

      // Another window on this workspace writes a run: it shows here (the workspace's watcher).
      const theirs = completedRun({ startedAt: new Date().toISOString(), dataFolder: data });
      await new RunStore(path.dirname(runsFolder)).create(theirs);
      await eventually(async () => (await listed(theirs.request.runId)) !== undefined, 20_000, "the other window's run in the workspace");
    } finally {
      await settings.update('runsLocation', undefined, vscode.ConfigurationTarget.Workspace);
      await eventually(async () => api.library.store.runsFolder !== runsFolder, 20_000, 'the library to move back');
      rmSync(path.join(workspace, '.recommender-lab'), { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
    assert.deepEqual(ids(await api.library.list()), earlier, 'the runs kept in workspace storage are all there again');
  });
});
