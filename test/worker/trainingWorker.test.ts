import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeSyntheticRelease } from '../../src/core/data/syntheticRelease';
import type { LoadProgressParams } from '../../src/shared/protocol/workerProtocol';
import type { CatalogUser } from '../../src/shared/catalog';
import type { FoldDoneParams, ProgressParams } from '../../src/shared/run';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { QueryClient } from '../../src/threads/queryClient';
import { FoldPool } from '../../src/threads/foldPool';
import type { RunOutcome } from '../../src/threads/runHandle';
import type { RunRequest } from '../../src/shared/run';
import { loadMovieLens } from '../../src/core/data/load';
import { makeFolds } from '../../src/core/eval/protocols';
import { whatIf } from '../../src/core/recommend/whatIf';
import type { NewUser } from '../../src/shared/whatIfState';
import { isSpotCheckState } from '../../src/shared/spotCheckPanelState';
import { buildWorker, fmRequest, removeFolder, replaceLine, syntheticFolder, workerPath } from './workerHarness';

describe('fold pool (real worker threads, dist/worker.js)', function () {
  let folder: string;
  let client: FoldPool;
  let queries: QueryClient;

  before(function () {
    this.timeout(120_000);
    buildWorker();
    folder = syntheticFolder();
  });
  after(() => removeFolder(folder));
  beforeEach(() => {
    client = new FoldPool({ workerPath, threads: 2 });
    queries = new QueryClient({ workerPath });
  });
  afterEach(async () => {
    await client.dispose();
    await queries.dispose();
  });

  it('trains a synthetic data set end to end with progress, fold results and the first fold model', async function () {
    const request = fmRequest(folder);
    const handle = client.startRun(request);
    const progress: ProgressParams[] = [];
    const folds: FoldDoneParams[] = [];
    let loaded: { users: number; items: number; ratings: number } | undefined;
    handle.onDidLoadData((params) => (loaded = params));
    handle.onProgress((params) => progress.push(params));
    handle.onDidFinishFold((params) => folds.push(params));
    const outcome = await handle.outcome;

    assert.equal(outcome.status, 'completed');
    if (outcome.status !== 'completed') return;
    assert.equal(loaded?.users, 120);
    assert.equal(loaded?.items, 80);
    assert.ok(progress.length >= 2, `progress arrived (${progress.length} messages)`);
    for (const params of progress) {
      assert.equal(params.runId, request.runId);
      assert.ok(params.progress.iteration >= 1 && params.progress.iteration <= 8);
      assert.ok(Number.isFinite(params.progress.trainRmse));
    }
    // Each fold's last iteration is always sent, so the curve ends where the fold did (two
    // threads: in either order).
    assert.deepEqual(
      progress
        .filter((params) => params.progress.iteration === 8)
        .map((params) => params.foldName)
        .sort(),
      ['r1f1', 'r1f2'],
    );
    // Two threads: the folds finish in either order; the result keeps fold order.
    assert.deepEqual(folds.map((params) => params.fold.name).sort(), ['r1f1', 'r1f2']);
    const result = outcome.completed.result;
    assert.equal(result.kind, 'evaluate');
    if (result.kind !== 'evaluate') return;
    assert.deepEqual(
      result.evaluation.folds.map((fold) => fold.name),
      ['r1f1', 'r1f2'],
    );
    assert.ok(result.evaluation.rmse.mean > 0.3 && result.evaluation.rmse.mean < 1.5, `RMSE ${result.evaluation.rmse.mean}`);
    const model = outcome.completed.model;
    assert.equal(model.foldName, 'r1f1');
    assert.equal(model.userCount, 120);
    assert.equal(model.itemCount, 80);
    assert.ok(model.userFactors instanceof Float32Array);
    assert.equal(model.userFactors.length, 120 * model.dimension);
  });

  it('throttles progress to at most about 10 messages per second per worker', async function () {
    client.threads = 1;
    const handle = client.startRun(fmRequest(folder, { iterations: 60, rank: 2 }));
    const times: number[] = [];
    handle.onProgress(() => times.push(performance.now()));
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'completed');
    const seconds = (times[times.length - 1] - times[0]) / 1000;
    // First and last iteration of each fold are always sent; in between at most one per 100 ms.
    assert.ok(times.length <= seconds * 10 + 2 * 2 + 2, `${times.length} messages in ${seconds.toFixed(2)} s`);
  });

  it('cancel stops every worker of the run at once; the workers then take the next run', async function () {
    const handle = client.startRun(fmRequest(folder, { iterations: 100_000 }));
    const foldsGoing = new Set<string>();
    handle.onProgress((params) => {
      foldsGoing.add(params.foldName);
      // Cancel once both folds train side by side, one on each worker.
      if (foldsGoing.size === 2) handle.cancel();
    });
    const started = performance.now();
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'cancelled');
    assert.ok(performance.now() - started < 30_000, 'cancelled long before 100 000 iterations');
    const next = await client.startRun(fmRequest(folder)).outcome;
    assert.equal(next.status, 'completed', 'the workers take the next run');
    assert.equal(foldsGoing.size, 2, 'both folds were training when the run was cancelled');
  });

  it('reports a malformed ratings line as DidFail with its file and line', async function () {
    const bad = syntheticFolder();
    try {
      replaceLine(path.join(bad, 'u.data'), 17, '12\tnot-a-film\t4\t881250949');
      const outcome = await client.startRun(fmRequest(bad)).outcome;
      assert.equal(outcome.status, 'failed');
      if (outcome.status !== 'failed') return;
      assert.equal(outcome.error.file, path.join(bad, 'u.data'));
      assert.equal(outcome.error.line, 17);
      assert.match(outcome.error.message, /u\.data:17/);
    } finally {
      removeFolder(bad);
    }
  });

  it("reports the query worker's parse of a data folder as it goes, up to 100 %, once per parse", async function () {
    this.timeout(60_000);
    const csv = mkdtempSync(path.join(tmpdir(), 'recommender-lab-progress-'));
    try {
      // About 9 MB of ratings.csv: read in three 4 MB chunks.
      writeSyntheticRelease(csv, { ratings: 350_000, format: 'csv', seed: 4 });
      const reports: LoadProgressParams[] = [];
      const subscription = queries.onDidProgressLoad((progress) => reports.push(progress));
      const page = await queries.queryUsers(csv, { filter: '', order: 'activity', offset: 0, limit: 10 });
      const before = reports.length;
      assert.ok(before >= 3, `${before} reports`);
      assert.ok(reports.every((report) => report.dataFolder === csv && report.file === path.join(csv, 'ratings.csv')));
      const percents = reports.map((report) => Math.floor((100 * report.bytesRead) / report.totalBytes));
      assert.ok(
        percents.every((percent, index) => index === 0 || percent > percents[index - 1]),
        `rising: ${percents.join(', ')}`,
      );
      assert.ok(percents[0] < 100 && percents[percents.length - 1] === 100, percents.join(', '));
      assert.equal(page.users.length, 10);
      await queries.describeData(csv);
      assert.equal(reports.length, before, 'the second request finds the data parsed: no new reports');
      subscription.dispose();
    } finally {
      removeFolder(csv);
    }
  });

  it('starts no more workers than the run has fold tasks: one for a holdout fold, two for two folds', async () => {
    const holdout = await client.startRun(fmRequest(folder, {}, { protocol: 'holdout' })).outcome;
    assert.equal(holdout.status, 'completed');
    assert.equal(client.startedWorkers, 1);
    const twoFolds = await client.startRun(fmRequest(folder)).outcome;
    assert.equal(twoFolds.status, 'completed');
    assert.equal(client.startedWorkers, 2);
  });

  it('a run given notBefore starts no worker and reads nothing until it settles; one cancelled meanwhile never starts', async () => {
    let releaseCancelled: () => void = () => undefined;
    const cancelled = client.startRun(fmRequest(folder), { notBefore: new Promise<void>((resolve) => (releaseCancelled = resolve)) });
    assert.equal(client.activeRuns.length, 1, 'going while it waits');
    cancelled.cancel();
    assert.equal((await cancelled.outcome).status, 'cancelled');
    releaseCancelled();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.startedWorkers, 0, 'a cancelled run starts no worker when its wait ends');

    let release: () => void = () => undefined;
    const handle = client.startRun(fmRequest(folder), { notBefore: new Promise<void>((resolve) => (release = resolve)) });
    const events: string[] = [];
    handle.onDidLoadData(() => events.push('loaded'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(client.startedWorkers, 0, 'no worker while it waits');
    events.push('released');
    release();
    assert.equal((await handle.outcome).status, 'completed');
    assert.deepEqual(events, ['released', 'loaded']);
    assert.equal(client.startedWorkers, 2);
  });

  it('previews the first page of users from the part of a user-sorted ratings.csv read so far, then replies with the same page', async function () {
    this.timeout(60_000);
    const csv = mkdtempSync(path.join(tmpdir(), 'recommender-lab-preview-'));
    try {
      // About 9 MB of ratings.csv, sorted by user as ml-25m's: the first 4 MB chunk holds many users.
      writeSyntheticRelease(csv, { ratings: 350_000, format: 'csv', seed: 4 });
      const events: string[] = [];
      let preview: readonly CatalogUser[] | undefined;
      // Queued behind a catalogue request that starts the parse: the worker reads the port mid-parse.
      const catalog = queries.describeData(csv).then(() => events.push('catalogue'));
      const page = await queries.queryUsers(csv, { filter: '', order: 'id', offset: 0, limit: 200 }, (users) => {
        events.push('preview');
        preview = users;
      });
      await catalog;
      events.push('page');
      assert.deepEqual(events.slice(0, 2), ['preview', 'catalogue'], events.join(', '));
      assert.deepEqual(preview, page.users, 'the preview is the page the whole file gives');
      assert.equal(page.users.length, 200);
      assert.ok(page.userCount > 1000, `${page.userCount} users`);

      // Once parsed, or for a page that needs every user (a filter, the activity order), no preview.
      let late = 0;
      await queries.queryUsers(csv, { filter: '', order: 'id', offset: 0, limit: 200 }, () => late++);
      removeFolder(csv);
      writeSyntheticRelease(csv, { ratings: 350_000, format: 'csv', seed: 5 });
      const filtered = await queries.queryUsers(csv, { filter: 'ratings:>=20', order: 'id', offset: 0, limit: 200 }, () => late++);
      assert.ok(filtered.users.every((user) => user.ratingCount >= 20));
      assert.equal(late, 0);
    } finally {
      removeFolder(csv);
    }
  });

  it('previews nothing for a ratings file not sorted by user: the page comes with the reply', async function () {
    this.timeout(60_000);
    const csv = mkdtempSync(path.join(tmpdir(), 'recommender-lab-preview-'));
    try {
      writeSyntheticRelease(csv, { ratings: 350_000, format: 'csv', seed: 4 });
      const file = path.join(csv, 'ratings.csv');
      const [header, ...lines] = readFileSync(file, 'latin1').trimEnd().split('\n');
      // The same ratings in reverse: users by descending id, not the order of the Users view's page.
      writeFileSync(file, `${header}\n${lines.reverse().join('\n')}\n`, 'latin1');
      let previews = 0;
      const page = await queries.queryUsers(csv, { filter: '', order: 'id', offset: 0, limit: 200 }, () => previews++);
      assert.equal(previews, 0);
      assert.equal(page.users.length, 200);
    } finally {
      removeFolder(csv);
    }
  });

  it('answers describe, users and spot-check requests with the catalogue, a page of users and a spot check', async function () {
    const catalog = await queries.describeData(folder);
    assert.equal(catalog.format, 'ml-100k');
    assert.equal(catalog.items.length, 80);
    assert.equal(catalog.userIds.length, 120);
    const page = await queries.queryUsers(folder, { filter: '', order: 'id', offset: 0, limit: 500 });
    assert.deepEqual(
      page.users.map((user) => user.id),
      [...catalog.userIds].sort((first, second) => first - second),
    );
    const total = page.users.reduce((sum, user) => sum + user.ratingCount, 0);
    assert.ok(total > 0);
    const request = fmRequest(folder);
    const outcome = await client.startRun(request).outcome;
    assert.equal(outcome.status, 'completed');
    if (outcome.status !== 'completed') return;
    const user = page.users[3];
    const userId = user.id;
    const state = await queries.computeSpotCheck(request, outcome.completed.model, userId, 7);
    assert.equal(state.user.id, userId);
    assert.equal(state.user.ratingCount, user.ratingCount);
    assert.equal(state.topUnseen.length, 7);
    for (const film of [...state.history, ...state.recommendedFromTest, ...state.topUnseen]) {
      assert.ok(film.predicted !== undefined && film.predicted >= 1 && film.predicted <= 5);
      assert.ok(catalog.items.some((item) => item.id === film.itemId && item.title === film.title));
      assert.equal(film.levelProbabilities, undefined, 'a Gaussian model has no rating distribution');
    }
    assert.equal(state.ratingLevels, undefined);
    await assert.rejects(queries.computeSpotCheck(request, outcome.completed.model, 999_999, 5), /User 999999 is not in/);
  });

  it("a spot check under an ordinal FM carries each charted film's rating distribution, its mean the prediction", async function () {
    const request = fmRequest(folder, { method: 'mcmc', iterations: 10, features: ['ids', 'user', 'item'], likelihood: 'ordinal' });
    const outcome = await client.startRun(request).outcome;
    if (outcome.status !== 'completed') return assert.fail(`not completed: ${outcome.status}`);
    const page = await queries.queryUsers(folder, { filter: '', order: 'id', offset: 0, limit: 5 });
    const state = await queries.computeSpotCheck(request, outcome.completed.model, page.users[2].id, 6);
    assert.ok(isSpotCheckState(state));
    assert.deepEqual(state.ratingLevels, [1, 2, 3, 4, 5]);
    const films = [...state.history, ...state.recommendedFromTest, ...state.topUnseen];
    assert.ok(films.length >= 6);
    for (const film of films) {
      const probabilities = film.levelProbabilities ?? [];
      assert.equal(probabilities.length, 5, film.title);
      assert.ok(Math.abs(probabilities.reduce((sum, value) => sum + value, 0) - 1) < 1e-9, `${film.title}: ${probabilities.join(', ')}`);
      const mean = probabilities.reduce((sum, value, level) => sum + (level + 1) * value, 0);
      assert.ok(Math.abs(mean - (film.predicted ?? Number.NaN)) < 1e-4, `${film.title}: mean ${mean}, predicted ${film.predicted}`);
    }
  });

  it('answers a what-if with the top films the core ranks from the model the run kept, in the same order', async function () {
    const request = fmRequest(folder, { method: 'mcmc', iterations: 10, features: ['ids', 'user', 'item', 'implicit'] });
    const outcome = await client.startRun(request).outcome;
    if (outcome.status !== 'completed') return assert.fail(`not completed: ${outcome.status}`);
    const model = outcome.completed.model;
    assert.ok(
      model.userSide !== undefined && model.userSide.featureNames.some((name) => name.startsWith('occupation=')),
      'the kept model has its user side',
    );
    const data = loadMovieLens(folder);
    const fold = makeFolds(data, request.protocol).find((candidate) => candidate.name === model.foldName);
    assert.ok(fold !== undefined);
    const user: NewUser = {
      age: 31,
      gender: 'F',
      occupation: data.users.demographics?.occupations[2],
      zip: '55',
      liked: [data.items.rawId[4]],
    };
    const state = await queries.computeWhatIf(request, model, user, 8);
    const expected = whatIf(data, fold, model, user, 8);
    assert.equal(state.basis, 'model');
    assert.deepEqual(
      state.recommendations.map((film) => [film.itemId, film.predicted]),
      expected.recommendations.map((film) => [film.itemId, film.predicted]),
    );
    assert.deepEqual(
      state.liked.map((film) => film.itemId),
      [data.items.rawId[4]],
    );
    assert.ok(state.used.some((feature) => feature.name === 'age=25-34'));
    await assert.rejects(queries.computeWhatIf(request, model, { liked: [999_999] }, 8), /film 999999 not in/);
  });

  it('gives the same numbers with 1 and 2 threads for the same seed (compare, 2 × 2 folds)', async function () {
    const request = (runId: string): RunRequest => ({
      ...fmRequest(folder, {}, { repeats: 2 }),
      runId,
      kind: 'compare',
      model: defaultModelConfig('svd', { rank: 4, iterations: 6 }),
      candidate: defaultModelConfig('fm', { method: 'mcmc', rank: 4, iterations: 12, features: ['ids', 'user', 'item'] }),
    });
    const numbers = (outcome: RunOutcome) => {
      if (outcome.status !== 'completed' || outcome.completed.result.kind !== 'compare')
        return assert.fail(`not completed: ${outcome.status}`);
      const { baseline, candidate, gainPerFold } = outcome.completed.result.comparison;
      return {
        baseline: baseline.folds.map((fold) => [fold.name, fold.rmse, fold.mae]),
        candidate: candidate.folds.map((fold) => [fold.name, fold.rmse, fold.mae]),
        gainPerFold,
        model: [...outcome.completed.model.userFactors],
      };
    };
    const single = new FoldPool({ workerPath, threads: 1 });
    try {
      const one = numbers(await single.startRun(request('one-thread')).outcome);
      const two = numbers(await client.startRun(request('two-threads')).outcome);
      assert.deepEqual(two, one);
      assert.equal(one.baseline.length, 4);
    } finally {
      await single.dispose();
    }
  });

  it('runs a comparison (SVD vs FM on the same folds) with the paired gain', async function () {
    const request = {
      ...fmRequest(folder),
      kind: 'compare' as const,
      model: defaultModelConfig('svd', { rank: 4, iterations: 5 }),
      candidate: defaultModelConfig('fm', { method: 'als', rank: 4, iterations: 5 }),
    };
    const roles = new Set<string>();
    const handle = client.startRun(request);
    handle.onDidFinishFold((params) => roles.add(params.role));
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'completed');
    if (outcome.status !== 'completed' || outcome.completed.result.kind !== 'compare') return assert.fail('not a comparison');
    assert.deepEqual([...roles].sort(), ['baseline', 'candidate']);
    assert.equal(outcome.completed.result.comparison.gainPerFold.length, 2);
    assert.equal(outcome.completed.model.kind, 'fm');
  });
});

describe('training worker crashes', function () {
  let folder: string;

  before(function () {
    this.timeout(120_000);
    buildWorker();
    folder = syntheticFolder();
  });
  after(() => removeFolder(folder));

  it('marks the run failed when the worker runs out of memory', async function () {
    const client = new FoldPool({ workerPath, threads: 1, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } });
    try {
      const outcome = await client.startRun(fmRequest(folder)).outcome;
      assert.equal(outcome.status, 'failed');
      if (outcome.status === 'failed') assert.match(outcome.error.message, /crashed|stopped/);
    } finally {
      await client.dispose();
    }
  });

  it('marks the run failed when a worker dies mid-run, naming the fold it was on, and starts new workers for the next run', async function () {
    const client = new FoldPool({ workerPath, threads: 2 });
    try {
      const handle = client.startRun(fmRequest(folder, { iterations: 100_000 }));
      let killed = false;
      handle.onProgress(() => {
        if (!killed) void client.terminateWorkers();
        killed = true;
      });
      const outcome = await handle.outcome;
      assert.equal(outcome.status, 'failed');
      if (outcome.status === 'failed')
        assert.match(
          outcome.error.message,
          /stopped unexpectedly \(exit code \d+\) while training FM-ALS ids,user,item,implicit,raters,userDay k=4, fold r1f[12]\./,
        );
      const next = await client.startRun(fmRequest(folder)).outcome;
      assert.equal(next.status, 'completed');
    } finally {
      await client.dispose();
    }
  });
});
