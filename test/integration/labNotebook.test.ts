import * as assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import { loadMovieLens } from '../../src/core/data/load';
import { makeFolds } from '../../src/core/eval/protocols';
import type { RecommenderLabApi } from '../../src/host/extension';
import { panelStateOf } from '../../src/host/runs/runRecord';
import type { RunRecord } from '../../src/host/runs/runRecord';
import { modelLabel } from '../../src/shared/labels';
import type { SpotCheckState } from '../../src/shared/spotCheckPanelState';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { activateExtension, hoverText, movieLensFolder, waitFor } from './helpers';

/** A real ml-100k run in seconds: few iterations, one repeat of 2-fold. */
const QUICK = { method: 'mcmc', iterations: 12, protocol: 'bootstrap', folds: 2, repeats: 1, showPanel: true } as const;

// Issue #9 ("a lab notebook, not a progress bar"), what the extension host can see of it: the
// panel before the data, the article experiment's third model, Problems entries, train/test in
// hovers, the spot check's model and history, deleted runs, Compare Runs' times, the log file.
describe('Recommender Lab as a lab notebook (extension host)', function () {
  this.timeout(300_000);
  let api: RecommenderLabApi;
  let dataFolder: string;
  const temporary: string[] = [];
  /** The text of the extension's "Recommender Lab" log file so far ('' before it exists). */
  const logText = (): string => {
    const folder = api.context.logUri.fsPath;
    const name = existsSync(folder) ? readdirSync(folder).find((file) => file.endsWith('Recommender Lab.log')) : undefined;
    return name === undefined ? '' : readFileSync(path.join(folder, name), 'utf8');
  };
  const tempFolder = (): string => {
    const folder = mkdtempSync(path.join(tmpdir(), 'recommender-lab-notebook-'));
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

  it('shows the run in the Training panel before the worker has read the data', async () => {
    // A folder no worker has read yet (100 000 ratings): its loading takes a while.
    const folder = tempFolder();
    writeSyntheticMovieLens(folder, { users: 1000, items: 400, ratingsPerUser: 100, seed: 6 });
    let atDataLoaded: { runId: string | undefined; status: string | undefined; curves: number } | undefined;
    const before = new Set((await api.library.list()).map((run) => run.request.runId));
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      method: 'als',
      iterations: 3,
      dataFolder: folder,
    });
    // The pool's handle exists as soon as the run started; its data event is the worker's first word.
    const deadline = Date.now() + 30_000;
    while (api.pool.activeRuns.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.ok(api.pool.activeRuns.length > 0, 'the run started');
    api.pool.activeRuns[0].onDidLoadData(() => {
      const shown = api.trainingPanel.current;
      atDataLoaded = { runId: shown?.request.runId, status: shown?.status, curves: shown?.curves.length ?? -1 };
    });
    const record = await running;
    assert.equal(record?.status, 'completed', record?.error?.message);
    assert.equal(before.has(record.request.runId), false);
    assert.deepEqual(
      atDataLoaded,
      { runId: record.request.runId, status: 'running', curves: 0 },
      'the panel showed the run, still empty, when the data arrived',
    );
  });

  it("a run's workers wait for a new Training panel's page: pageLoaded ends when the page says ready, at once when it has", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => !api.trainingPanel.isOpen, 10_000, 'the Training panel to close');
    const [latest] = await api.library.list();
    assert.ok(latest !== undefined, 'an earlier test stored a run');
    api.trainingPanel.show(panelStateOf(latest));
    assert.ok(api.trainingPanel.loadingMs !== undefined, 'a new page is loading');
    // Short: the cap ends the wait while the page still loads.
    let started = performance.now();
    await api.trainingPanel.pageLoaded(20);
    assert.ok(performance.now() - started < 1_000, 'the cap ends the wait');
    started = performance.now();
    await api.trainingPanel.pageLoaded(120_000);
    assert.equal(api.trainingPanel.loadingMs, undefined, 'the page said ready');
    assert.ok(performance.now() - started < 60_000);
    started = performance.now();
    await api.trainingPanel.pageLoaded(120_000);
    assert.ok(performance.now() - started < 100, 'a loaded page: no wait');
  });

  it("trains the best FM beside the article's in Compare SVD and FM: its folds, curves and gain reach the panel", async () => {
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.compareSvdFm', { ...QUICK, dataFolder });
    assert.equal(record?.status, 'completed', record?.error?.message);
    assert.ok(record.result?.kind === 'compare' && record.result.comparison.best !== undefined, 'the result has the best FM');
    const best = record.result.comparison.best;
    assert.deepEqual(best.evaluation.model.features, record.request.best?.features);
    assert.equal(best.gainPerFold.length, 2);
    const shown = api.trainingPanel.current;
    assert.equal(shown?.request.runId, record.request.runId);
    for (const role of ['baseline', 'candidate', 'best'] as const) {
      assert.equal(shown.folds.filter((done) => done.role === role).length, 2, `two folds of ${role}`);
      assert.ok(
        shown.curves.some((curve) => curve.role === role && curve.points.length > 0),
        `curves of ${role}`,
      );
    }
    // The Runs view names the comparison by its paired gain, then its one label; the spread after.
    const item = api.runs.getTreeItem(record);
    const { gain } = record.result.comparison;
    assert.equal(
      item.label,
      `gain ${gain.mean >= 0 ? '+' : '−'}${Math.abs(gain.mean * 100).toFixed(2)} % · ${modelLabel(record.request.model)} vs ${modelLabel(record.request.candidate ?? record.request.model)}`,
    );
    assert.match(String(item.description), /^bootstrap 2-fold × 1 · ± \d+\.\d\d %/);
  });

  it('puts bad data in the Problems panel on its line, says why in the Users view, and clears both once the file is fixed', async () => {
    const folder = tempFolder();
    writeSyntheticMovieLens(folder, { users: 40, items: 30, ratingsPerUser: 10, seed: 3 });
    const ratings = path.join(folder, 'u.data');
    const good = readFileSync(ratings, 'utf8');
    const lines = good.split('\n');
    lines[22] = '5\t7\tfive\t881250949';
    writeFileSync(ratings, lines.join('\n'));
    const failed = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder: folder,
      showPanel: false,
    });
    assert.equal(failed?.status, 'failed');
    const uri = vscode.Uri.file(ratings);
    const [problem, ...others] = vscode.languages.getDiagnostics(uri);
    assert.ok(problem !== undefined && others.length === 0, 'one problem on u.data');
    assert.equal(problem.range.start.line, 22);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.message, failed.error?.message);

    // The Users view on that folder says why it cannot list anyone, in the item itself.
    const previous = api.dataFolders.current;
    await api.dataFolders.set(folder);
    try {
      const [message] = await api.users.getChildren();
      assert.ok(message?.kind === 'message');
      const label = String(api.users.getTreeItem(message).label);
      assert.match(label, /^Cannot read [^:]+: .*u\.data:23/);
    } finally {
      if (previous !== undefined) await api.dataFolders.set(previous);
    }

    // Fixed on disk (not in an editor): the watcher reads the folder again and the problem goes.
    writeFileSync(ratings, good);
    await waitFor(() => vscode.languages.getDiagnostics(uri).length === 0, 30_000, 'the problem to clear after the fix');

    // Broken again, then a successful run clears it too.
    writeFileSync(ratings, lines.join('\n'));
    await vscode.commands.executeCommand('recommenderLab.trainFm', { ...QUICK, dataFolder: folder, showPanel: false });
    await waitFor(() => vscode.languages.getDiagnostics(uri).length === 1, 30_000, 'the problem to come back');
    writeFileSync(ratings, good);
    const fixed = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      method: 'als',
      iterations: 2,
      dataFolder: folder,
      showPanel: false,
    });
    assert.equal(fixed?.status, 'completed', fixed?.error?.message);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);
  });

  it("says in a u.data hover whether the rating was in the fold's training or test part, as the folds say", async () => {
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      method: 'als',
      iterations: 3,
      dataFolder,
      showPanel: false,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    api.library.select(record.request.runId);
    const stored = await api.library.model(record);
    assert.ok(stored !== undefined);
    // The folds made again here, independently of the extension.
    const data = loadMovieLens(dataFolder);
    const fold = makeFolds(data, record.request.protocol).find((candidate) => candidate.name === stored.model.foldName);
    assert.ok(fold !== undefined);
    const partOf = (userId: number, itemId: number): 'train' | 'test' => {
      const user = data.userIndex.get(userId);
      const item = data.itemIndex.get(itemId);
      for (let index = 0; index < fold.test.length; index++)
        if (fold.test.user[index] === user && fold.test.item[index] === item) return 'test';
      return 'train';
    };
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dataFolder, 'u.data')));
    const seen = new Set<string>();
    for (let line = 0; line < 20 && seen.size < 2; line++) {
      const text = document.lineAt(line).text;
      const [user, film] = text.split('\t').map(Number);
      const expected = partOf(user, film);
      if (seen.has(expected)) continue;
      seen.add(expected);
      const hover = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          new vscode.Position(line, text.indexOf('\t') + 1),
        ),
      );
      // The fold's label is escaped as Markdown text (every punctuation mark behind a backslash).
      const word =
        expected === 'train'
          ? /in the \*\*training\*\* part of fold r1f[12] \\\(repeat 1\\, fold [12]\\\)/
          : /\*\*held out\*\*, in the \*\*test\*\* part of fold r1f[12] \\\(/;
      assert.match(hover, word, `line ${line + 1} (user ${user}, film ${film}) is ${expected}:\n${hover}`);
    }
    assert.equal(seen.size, 2, 'the first lines hold both a training and a test rating');
    api.library.select(undefined);
  });

  it("names the model of a spot check, labels the history as the fold's training part, and lists the full history", async () => {
    const compared = (await api.library.list()).find((run) => run.request.kind === 'compare' && run.status === 'completed');
    assert.ok(compared?.request.candidate !== undefined);
    const state = await vscode.commands.executeCommand<SpotCheckState | undefined>('recommenderLab.openSpotCheck', {
      userId: 1,
      dataFolder,
      runId: compared.request.runId,
    });
    assert.ok(state !== undefined);
    assert.equal(state.modelLabel, modelLabel(compared.request.candidate), "a comparison's model is its candidate");
    const stored = await api.library.model(compared);
    assert.equal(state.foldName, stored?.model.foldName);
    const full = state.fullHistory ?? [];
    assert.equal(full.length, state.user.ratingCount);
    const train = full.filter((film) => film.part === 'train').length;
    const test = full.filter((film) => film.part === 'test').length;
    assert.equal(train + test, full.length, 'bootstrap folds split every rating');
    assert.ok(train > 0 && test > 0);
    assert.ok(
      full.every((film, index) => index === 0 || (full[index - 1].actual ?? 0) >= (film.actual ?? 0)),
      'best first',
    );
    assert.ok(
      state.history.every((film) => full.some((entry) => entry.itemId === film.itemId && entry.part === 'train')),
      'the history is training ratings',
    );
  });

  it("Compare Runs: each run's own time, its curves, and a deleted run's panel says so", async () => {
    const finished = async (): Promise<RunRecord[]> =>
      (await api.library.list()).filter(
        (run) => run.status === 'completed' && run.request.kind === 'evaluate' && run.request.dataFolder === dataFolder,
      );
    // Runs of the tests before, or of this one when it runs alone (RLAB_TEST_GREP).
    for (let missing = 2 - (await finished()).length; missing > 0; missing--) {
      const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
        ...QUICK,
        method: 'als',
        iterations: 3,
        dataFolder,
      });
      assert.equal(record?.status, 'completed', record?.error?.message);
    }
    const runs = await finished();
    assert.ok(runs.length >= 2);
    const [candidate, baseline] = runs;
    const state = await vscode.commands.executeCommand<TrainingPanelState | undefined>('recommenderLab.compareRuns', baseline, [
      baseline,
      candidate,
    ]);
    assert.ok(state?.compared !== undefined);
    assert.deepEqual(
      state.compared.map((run) => run.runId),
      [baseline.request.runId, candidate.request.runId],
    );
    assert.deepEqual(
      state.compared.map((run) => run.seconds),
      [baseline.timings.totalSeconds, candidate.timings.totalSeconds],
    );
    assert.ok(state.curves.some((curve) => curve.role === 'baseline') && state.curves.some((curve) => curve.role === 'candidate'));

    // Delete the candidate run: the open comparison says it was deleted.
    assert.equal(await vscode.commands.executeCommand('recommenderLab.deleteRun', candidate, undefined, { confirm: false }), true);
    await waitFor(() => api.trainingPanel.current?.deleted === true, 10_000, 'the panel to say the run was deleted');
  });

  it('a cancelled run took its real time, not the sum of the folds it finished', async () => {
    const started = Date.now();
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      dataFolder,
      iterations: 100_000,
    });
    await waitFor(() => (api.controller.runningState?.curves.length ?? 0) > 0, 60_000, 'the first progress');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const beforeCancel = (Date.now() - started) / 1000;
    await vscode.commands.executeCommand('recommenderLab.cancelRun');
    const record = await running;
    assert.equal(record?.status, 'cancelled');
    const seconds = panelStateOf(record).seconds;
    assert.ok(seconds !== undefined && seconds >= beforeCancel - 0.2, `took ${seconds} s, cancelled after ${beforeCancel} s`);
    assert.ok(seconds > record.folds.reduce((sum, done) => sum + done.fold.seconds, 0));
    assert.equal(api.trainingPanel.current?.seconds, seconds, 'the panel shows it');
  });

  it('a run on a folder the query worker has read parses nothing: its data comes from that worker, and the log says so', async () => {
    const folder = tempFolder();
    writeSyntheticMovieLens(folder, { users: 300, items: 120, ratingsPerUser: 40, seed: 11 });
    // What the Users view or a hover would do first: the query worker parses the folder.
    await api.queryClient.describeData(folder);
    let seconds: number | undefined;
    const running = vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      method: 'als',
      iterations: 2,
      dataFolder: folder,
      showPanel: false,
    });
    const deadline = Date.now() + 30_000;
    while (api.pool.activeRuns.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    api.pool.activeRuns[0].onDidLoadData((loaded) => (seconds = loaded.seconds));
    const record = await running;
    assert.equal(record?.status, 'completed', record?.error?.message);
    assert.equal(seconds, 0, "the pool's worker took the query worker's parse");
    const dataLine = new RegExp(`Data: ${escapeRegExp(folder)} \\(ml-100k: [^)]*, already in memory\\)`);
    await waitFor(() => dataLine.test(logText()), 15_000, `the log to say the data of ${folder} was already in memory`);
  });

  it('writes each run to the "Recommender Lab" log: configuration, data, folds, result', async () => {
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      ...QUICK,
      method: 'als',
      iterations: 2,
      dataFolder,
      showPanel: false,
    });
    assert.equal(record?.status, 'completed', record?.error?.message);
    const runId = record.request.runId;
    let text = '';
    await waitFor(
      () => {
        text = logText();
        return text.includes(`Run ${runId} completed`);
      },
      15_000,
      `the log file in ${api.context.logUri.fsPath} to have the run`,
    );
    const ownLines = text.split('\n').filter((line) => line.length > 0);
    const mustHave = [
      new RegExp(`Run ${runId}: ${escapeRegExp(modelLabel(record.request.model))}`),
      // Earlier tests' workers may hold the folder already (a run, the Users view, hovers).
      /Data: .*ml-100k \(ml-100k: 943 users, 1682 films, 100000 ratings, (read in \d+\.\d\d s|already in memory)\)/,
      /Protocol: bootstrapped 2-fold cross-validation × 1 repeats, seed \d+; \d+ worker threads?/,
      /model FM-ALS .* {2}r1f[12] \([12]\/2\) {2}RMSE \d\.\d{4} {2}MAE \d\.\d{4} {2}\d+\.\d\d s/,
      /mean ± std {3}RMSE \d\.\d{4} ± \d\.\d{4}/,
    ];
    for (const pattern of mustHave)
      assert.ok(
        ownLines.some((line) => pattern.test(line)),
        `the log has ${pattern}:\n${text.slice(-3000)}`,
      );
  });

  it("knows the workspace has MovieLens data (the walkthrough's first step), and the download warns before overwriting", async () => {
    assert.equal(await api.dataContext.ready, true);
    const parent = tempFolder();
    mkdirSync(path.join(parent, 'ml-100k'));
    writeSyntheticMovieLens(path.join(parent, 'ml-100k'), { users: 20, items: 10, ratingsPerUser: 5, seed: 1 });
    let requests = 0;
    const tls = { cert: readFileSync(process.env.RLAB_TEST_TLS_CERT ?? ''), key: readFileSync(process.env.RLAB_TEST_TLS_KEY ?? '') };
    const server = createHttpsServer(tls, (_request, response) => {
      requests++;
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const previous = api.dataFolders.current;
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/ml-100k.zip`;
      const download = (ifExists: 'use' | 'stop') =>
        vscode.commands.executeCommand<string | undefined>('recommenderLab.downloadMovieLens', {
          url,
          targetFolder: parent,
          acceptLicense: true,
          ifExists,
        });
      assert.equal(await download('stop'), undefined);
      assert.equal(await download('use'), path.join(parent, 'ml-100k'));
      assert.equal(api.dataFolders.current, path.join(parent, 'ml-100k'));
      assert.equal(requests, 0, 'nothing was fetched');
    } finally {
      server.close();
      if (previous !== undefined) await api.dataFolders.set(previous);
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
