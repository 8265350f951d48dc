import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import { writeSyntheticRelease } from '../../src/core/data/syntheticRelease';
import type { RecommenderLabApi } from '../../src/host/extension';
import type { SpotCheckState } from '../../src/shared/spotCheckPanelState';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import type { RunRecord } from '../../src/host/runs/runRecord';
import { runRmse } from '../../src/host/runs/runRecord';
import { RunStore } from '../../src/host/runs/runStore';
import { runLabel } from '../../src/shared/labels';
import type { UserNode } from '../../src/host/views/usersView';
import { makeZip } from '../host/download/zipFixture';
import { activateExtension, hoverText, movieLensFolder, waitFor } from './helpers';

/** Few iterations, one repeat of 2-fold: a real ml-100k run in seconds. */
const QUICK = { method: 'mcmc', iterations: 12, protocol: 'bootstrap', folds: 2, repeats: 1, showPanel: true } as const;

describe('Recommender Lab in the extension host', function () {
  this.timeout(300_000);
  let api: RecommenderLabApi;
  let dataFolder: string;
  let trained: RunRecord;
  const temporary: string[] = [];
  const tempFolder = (): string => {
    const folder = mkdtempSync(path.join(tmpdir(), 'recommender-lab-it-'));
    temporary.push(folder);
    return folder;
  };

  before(async () => {
    api = await activateExtension();
    dataFolder = await movieLensFolder();
  });
  after(() => {
    for (const folder of temporary) rmSync(folder, { recursive: true, force: true });
  });

  it('registers every command under the Recommender Lab category', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of [
      'trainFm',
      'compareSvdFm',
      'cancelRun',
      'downloadMovieLens',
      'selectDataFolder',
      'openSpotCheck',
      'openRun',
      'deleteRun',
      'compareRuns',
      'filterUsers',
      'newUser',
      'sortUsers',
      'showMoreUsers',
      'showTrainingPanel',
    ]) {
      assert.ok(commands.includes(`recommenderLab.${command}`), `recommenderLab.${command} is registered`);
    }
  });

  it("warms the run pool's workers once the workspace shows its data; a warm-up trains on every worker and yields to a run", async () => {
    await waitFor(() => api.warmUp.state !== 'waiting', 30_000, 'the warm-up to be started or skipped');
    // Started by its timer, unless an earlier test file's run was going then (it warmed them).
    assert.ok(api.warmUp.state === 'started' || api.warmUp.state === 'run going', api.warmUp.state);
    if (api.warmUp.done !== undefined) assert.notEqual(await api.warmUp.done, 'failed');
    await waitFor(() => api.pool.activeRuns.length === 0, 120_000, 'no run going');
    assert.equal(await api.warmUp.run(), 'completed');
    assert.equal(api.pool.startedWorkers, api.pool.threads);
    const warming = api.warmUp.run();
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder,
      ...QUICK,
      showPanel: false,
    });
    assert.equal(await warming, 'cancelled');
    assert.equal(record?.status, 'completed');
  });

  it('Train FM on ml-100k produces a completed run with a sane RMSE, asking for the catalogue while its folds train', async () => {
    // The stored model needs the data folder's catalogue: asked for when the data is read, the
    // query worker describes the folder while the folds train, instead of starting once they are done.
    api.catalogs.invalidate(dataFolder);
    const started = Date.now();
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', { dataFolder, ...QUICK });
    let foldsDoneWhenAsked: number | undefined;
    await waitFor(
      () => {
        if (api.catalogs.has(dataFolder)) foldsDoneWhenAsked ??= api.controller.runningState?.folds.length ?? Number.POSITIVE_INFINITY;
        return foldsDoneWhenAsked !== undefined;
      },
      120_000,
      'the catalogue to be asked for',
    );
    const record = await running;
    assert.ok(record !== undefined, 'the command returned the run');
    assert.equal(record.status, 'completed', record.error?.message);
    assert.ok(
      foldsDoneWhenAsked !== undefined && foldsDoneWhenAsked < record.folds.length,
      `the catalogue was asked for with ${foldsDoneWhenAsked} of ${record.folds.length} folds done`,
    );
    const rmse = runRmse(record);
    assert.ok(rmse !== undefined && rmse.mean >= 0.85 && rmse.mean <= 1.1, `RMSE ${rmse?.mean}`);
    assert.equal(record.folds.length, 2);
    assert.equal(record.request.model.noise, 'per-user', 'the recommenderLab.noise default reaches the worker');
    assert.ok(record.curves.length === 2 && record.curves.every((curve) => curve.points.length > 0));
    assert.ok(record.timings.firstProgressSeconds !== undefined && record.timings.totalSeconds !== undefined);
    console.log(
      `    Train FM (MCMC, 12 samples, 2 folds): first progress after ${record.timings.firstProgressSeconds.toFixed(2)} s, ` +
        `final table after ${record.timings.totalSeconds.toFixed(2)} s (command ${((Date.now() - started) / 1000).toFixed(2)} s), RMSE ${rmse.mean.toFixed(4)}`,
    );
    assert.equal(api.trainingPanel.runId, record.request.runId, 'the Training panel shows the run');
    trained = record;
  });

  it('Train FM on a CSV release fits the default features to it (no users file: no user group); an explicit user group is refused naming the file', async () => {
    const csv = tempFolder();
    writeSyntheticRelease(csv, { ratings: 3000, format: 'csv', seed: 2 });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder: csv,
      ...QUICK,
      showPanel: false,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    assert.deepEqual(record?.request.model.features, ['ids', 'item', 'implicit', 'raters', 'userDay']);
    const explicit = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder: csv,
      ...QUICK,
      features: ['ids', 'user'],
      showPanel: false,
    });
    assert.equal(explicit?.status, 'failed');
    assert.match(explicit?.error?.message ?? '', /feature group 'user' .* needs a users file/);
  });

  it('lists the 943 users of ml-100k in the Users view, and filters them', async () => {
    await api.dataFolders.set(dataFolder);
    const nodes = await api.users.getChildren();
    const users = nodes.filter((node): node is Extract<UserNode, { kind: 'user' }> => node.kind === 'user');
    assert.equal(users.length, 943);
    const label = api.users.getTreeItem(users[0]).label;
    assert.equal(label, '1 · 24 · M · technician · 272 ratings');
    await vscode.commands.executeCommand('recommenderLab.filterUsers', 'F programmer');
    const filtered = await api.users.getChildren();
    assert.ok(filtered.length > 0 && filtered.length < 943);
    for (const node of filtered) {
      assert.ok(node.kind === 'user' && node.user.gender === 'F' && node.user.occupation === 'programmer');
    }
    assert.equal(api.usersView.description, 'filter: F programmer');
    await vscode.commands.executeCommand('recommenderLab.filterUsers', '');
    assert.equal((await api.users.getChildren()).length, 943);
  });

  it('a MovieLens folder unzipped into the workspace a moment ago is offered at once, before any watcher event', async () => {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace !== undefined);
    await api.dataFolders.available(); // the kept search has settled
    const unzipped = path.join(workspace, `ml-unzipped-${process.pid}`);
    try {
      // Written in one go, as unzip does; no await before the call, so no file event has come in.
      writeSyntheticMovieLens(unzipped, { users: 20, items: 15, ratingsPerUser: 5, seed: 2 });
      const offered = await api.dataFolders.available();
      assert.ok(offered.includes(unzipped), `offered: ${offered.join(', ')}`);
    } finally {
      rmSync(unzipped, { recursive: true, force: true });
    }
    assert.ok(!(await api.dataFolders.available()).includes(unzipped), 'gone once removed');
  });

  it('hovers a film id in u.data with the title, the actual rating and a predicted rating in [1, 5]', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dataFolder, 'u.data')));
    // Line 1 of u.data: user 196 rated film 242 (Kolya) with 3.
    const first = document.lineAt(0).text;
    const [user, film, rating] = first.split('\t');
    const character = first.indexOf('\t') + 1;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(0, character),
    );
    const text = hoverText(hovers);
    const title = api.catalogs.get(dataFolder).then(({ catalog, itemRow }) => catalog.items[itemRow.get(Number(film)) ?? -1]?.title);
    const expectedTitle = await title;
    assert.ok(expectedTitle !== undefined);
    assert.ok(text.includes(expectedTitle.replace(/[()]/g, (character) => `\\${character}`)) || text.includes(expectedTitle), text);
    assert.ok(text.includes(`Actual rating: **${rating}** by user ${user}`), text);
    const predicted = /Predicted rating for user (\d+): \*\*([\d.]+)\*\*/.exec(text);
    assert.ok(predicted !== null, text);
    assert.equal(predicted[1], user);
    const value = Number(predicted[2]);
    assert.ok(value >= 1 && value <= 5, `predicted ${value}`);

    const userHover = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(0, 0),
    );
    assert.equal(hoverText(userHover).includes('Predicted rating'), false, 'the user id column is not a film');
  });

  it('hovers say how to train before any model, name unknown ids, and use the Users view selection in film files', async () => {
    const folder = tempFolder();
    writeSyntheticMovieLens(folder, { users: 40, items: 30, ratingsPerUser: 10, seed: 4 });
    const hoverAt = async (file: string, line: number, character: number): Promise<string> => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, file)));
      return hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          new vscode.Position(line, character),
        ),
      );
    };
    const filmColumn = (line: string): number => line.indexOf('\t') + 1;
    const firstLine = readFileSync(path.join(folder, 'u.data'), 'utf8').split('\n')[0];
    const before = await hoverAt('u.data', 0, filmColumn(firstLine));
    assert.match(before, /No trained model for this data yet/);
    assert.match(before, /command:recommenderLab\.trainFm/);

    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder: folder,
      method: 'als',
      iterations: 3,
      protocol: 'bootstrap',
      folds: 2,
      repeats: 1,
      showPanel: false,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    assert.match(await hoverAt('u.data', 0, filmColumn(firstLine)), /Predicted rating for user \d+: \*\*[1-5]\.\d\d\*\*/);

    // A ratings file with ids the data does not know: clear words, never an exception.
    writeFileSync(path.join(folder, 'uz.test'), '1\t99999\t4\t0\n99999\t1\t4\t0\n');
    // The file name is data: escaped Markdown ("u\\.item").
    assert.match(await hoverAt('uz.test', 0, 3), /Film 99999\*\* is not in u\\\.item: unknown film id/);
    assert.match(await hoverAt('uz.test', 1, 7), /User 99999 is not in the model's data/);

    // Film files predict for the user picked in the Users view.
    api.users.selected = undefined;
    assert.match(await hoverAt('u.item', 0, 0), /Pick a user in the \[Users view\]/);
    api.users.selected = { folder, userId: 1 };
    assert.match(await hoverAt('u.item', 0, 0), /Predicted rating for user 1: \*\*[1-5]\.\d\d\*\*/);
    api.users.selected = undefined;
  });

  it('opens a spot check for a user under the latest run', async () => {
    const state = await vscode.commands.executeCommand<SpotCheckState | undefined>('recommenderLab.openSpotCheck', {
      userId: 196,
      dataFolder,
    });
    assert.ok(state !== undefined);
    assert.equal(state.runId, trained.request.runId);
    assert.equal(state.user.id, 196);
    assert.equal(state.history.length, 10);
    assert.ok(state.recommendedFromTest.length > 0 && state.recommendedFromTest.length <= 5);
    assert.equal(state.topUnseen.length, 10);
    assert.ok(state.recommendedFromTest.every((film) => film.actual !== undefined && film.predicted !== undefined));
    const shown = api.spotCheckPanel.current;
    assert.ok(shown !== undefined && shown.kind !== 'whatIf');
    assert.equal(shown.user.id, 196);
  });

  it('cancel stops a run: it is recorded cancelled and earlier runs stay intact', async () => {
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder,
      iterations: 100_000,
    });
    await waitFor(() => (api.controller.runningState?.curves.length ?? 0) > 0, 60_000, 'the first progress');
    const cancelled = await vscode.commands.executeCommand<boolean>('recommenderLab.cancelRun');
    assert.equal(cancelled, true);
    const record = await running;
    assert.equal(record?.status, 'cancelled');
    const runs = await api.library.list();
    const earlier = runs.find((run) => run.request.runId === trained.request.runId);
    assert.equal(earlier?.status, 'completed');
    assert.ok((await api.library.model(earlier)) !== undefined, 'the earlier model still loads');
  });

  it('a worker crash marks the run failed, keeps earlier runs, and the next run gets a new worker', async () => {
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder,
      iterations: 100_000,
      showPanel: false,
    });
    await waitFor(() => (api.controller.runningState?.curves.length ?? 0) > 0, 60_000, 'the first progress');
    // Kills the worker thread from outside, as an out-of-memory abort would.
    await api.pool.terminateWorkers();
    const record = await running;
    assert.equal(record?.status, 'failed');
    assert.match(record?.error?.message ?? '', /worker stopped unexpectedly/);
    assert.equal((await api.library.get(trained.request.runId))?.status, 'completed');
    const next = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder,
      method: 'als',
      iterations: 2,
      showPanel: false,
    });
    assert.equal(next?.status, 'completed', next?.error?.message);
  });

  it('bad data fails the run with the file and line of the malformed line', async () => {
    const folder = tempFolder();
    writeSyntheticMovieLens(folder, { users: 40, items: 30, ratingsPerUser: 10, seed: 3 });
    const ratings = path.join(folder, 'u.data');
    const lines = readFileSync(ratings, 'utf8').split('\n');
    lines[22] = '5\t7\tfive\t881250949';
    writeFileSync(ratings, lines.join('\n'));
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder: folder,
      showPanel: false,
    });
    assert.equal(record?.status, 'failed');
    assert.equal(record?.error?.file, ratings);
    assert.equal(record?.error?.line, 23);
    assert.match(record?.error?.message ?? '', /u\.data:23/);
    // The workspace data is never modified.
    assert.equal(readFileSync(ratings, 'utf8'), lines.join('\n'));
  });

  it('keeps runs across a reload of the run store', async () => {
    const reopened = new RunStore(api.library.store.root);
    const { runs } = await reopened.list();
    const again = runs.find((run) => run.request.runId === trained.request.runId);
    assert.ok(again !== undefined);
    assert.equal(again.status, 'completed');
    assert.deepEqual(again.result, trained.result);
    const stored = await reopened.loadModel(again);
    assert.ok(stored !== undefined);
    assert.equal(stored.catalog.userIds.length, 943);
    assert.equal(stored.model.userCount, 943);
    assert.ok(runs.some((run) => run.status === 'cancelled'));
    assert.ok(runs.some((run) => run.status === 'failed'));
  });

  it('Runs view commands: open a run, compare two runs on the same folds, delete one', async () => {
    const runs = await api.library.list();
    assert.ok(runs.length >= 4);
    const items = await api.runs.getChildren();
    assert.deepEqual(
      items.map((run) => run.request.runId),
      runs.map((run) => run.request.runId),
    );
    const item = api.runs.getTreeItem(trained);
    // Its RMSE first, then its one label; the spread in the description.
    assert.equal(item.label, `RMSE ${runRmse(trained)?.mean.toFixed(4)} · ${runLabel(trained.request)}`);
    assert.match(String(item.description), /^bootstrap 2-fold × 1 · ± 0\.\d{4}/);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.match(tooltip, /- Started: \S/, 'runs of one configuration and figure are told apart by their start');

    const opened = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.openRun', trained.request.runId);
    assert.equal(opened?.request.runId, trained.request.runId);
    assert.equal(api.trainingPanel.runId, trained.request.runId);
    assert.equal(api.library.selected, trained.request.runId);

    const other = runs.find(
      (run) => run.status === 'completed' && run.request.runId !== trained.request.runId && run.request.dataFolder === dataFolder,
    );
    assert.ok(other !== undefined, 'a second completed run on ml-100k');
    const state = await vscode.commands.executeCommand<TrainingPanelState | undefined>('recommenderLab.compareRuns', trained, [
      trained,
      other,
    ]);
    assert.ok(state?.result?.kind === 'compare');
    assert.equal(state.result.comparison.gainPerFold.length, 2, 'same protocol and seed: paired per fold');

    const cancelledRun = runs.find((run) => run.status === 'cancelled');
    assert.ok(cancelledRun !== undefined);
    assert.equal(await vscode.commands.executeCommand('recommenderLab.deleteRun', cancelledRun, undefined, { confirm: false }), true);
    const after = await new RunStore(api.library.store.root).list();
    assert.equal(
      after.runs.some((run) => run.request.runId === cancelledRun.request.runId),
      false,
    );
    assert.equal(after.runs.length, runs.length - 1);
    assert.ok(after.runs.some((run) => run.request.runId === trained.request.runId));
  });

  it('compares SVD and FM on the same folds (the article experiment) with a paired gain', async () => {
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.compareSvdFm', {
      ...QUICK,
      dataFolder,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    const result = record?.result;
    assert.ok(result?.kind === 'compare');
    assert.equal(result.comparison.gainPerFold.length, 2);
    assert.ok(result.comparison.baseline.rmse.mean > 0.85 && result.comparison.baseline.rmse.mean < 1.1);
  });

  it('downloads MovieLens from a local server into the chosen folder; a cut download leaves nothing', async () => {
    const source = tempFolder();
    writeSyntheticMovieLens(source, { users: 30, items: 20, ratingsPerUser: 5, seed: 5 });
    const archive = makeZip(new Map(readdirSync(source).map((name) => [`ml-100k/${name}`, readFileSync(path.join(source, name))])));
    // https with the certificate the harness made for this run (the extension host trusts it).
    const tls = { cert: readFileSync(process.env.RLAB_TEST_TLS_CERT ?? ''), key: readFileSync(process.env.RLAB_TEST_TLS_KEY ?? '') };
    const server: Server = createHttpsServer(tls, (request, response) => {
      // The archive's MD5 is published beside it, as GroupLens does; checked by the download.
      if (request.url === '/ml-100k.zip.md5') {
        response.end(`MD5 (ml-100k.zip) = ${createHash('md5').update(archive).digest('hex')}\n`);
        return;
      }
      if (request.url?.endsWith('.md5')) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-length': archive.length });
      if (request.url === '/cut.zip') response.write(archive.subarray(0, 100), () => response.destroy());
      else response.end(archive);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const cutTarget = tempFolder();
      const failed = await vscode.commands.executeCommand<string | undefined>('recommenderLab.downloadMovieLens', {
        url: `${base}/cut.zip`,
        targetFolder: cutTarget,
        acceptLicense: true,
      });
      assert.equal(failed, undefined);
      assert.deepEqual(readdirSync(cutTarget), []);
      const target = tempFolder();
      const folder = await vscode.commands.executeCommand<string | undefined>('recommenderLab.downloadMovieLens', {
        url: `${base}/ml-100k.zip`,
        targetFolder: target,
        acceptLicense: true,
      });
      assert.equal(folder, path.join(target, 'ml-100k'));
      assert.ok(existsSync(path.join(target, 'ml-100k', 'u.data')));
      assert.equal(api.dataFolders.current, folder);
    } finally {
      server.close();
      await api.dataFolders.set(dataFolder);
    }
  });
});
