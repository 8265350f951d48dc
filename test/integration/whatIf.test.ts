import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecommenderLabApi } from '../../src/host/extension';
import type { RunRecord } from '../../src/host/runs/runRecord';
import { RunStore } from '../../src/host/runs/runStore';
import { whatIfFallbackText } from '../../src/shared/labels';
import type { NewUser, WhatIfState } from '../../src/shared/whatIfState';
import type { SpotCheckState } from '../../src/shared/spotCheckPanelState';
import { activateExtension, movieLensFolder } from './helpers';

/** The run's configuration, as Train FM takes it and as CLI flags. */
const CONFIG = { method: 'mcmc', iterations: 12, rank: 6, seed: 4, protocol: 'bootstrap', folds: 2, repeats: 1 } as const;
const CLI_FLAGS = Object.entries(CONFIG).flatMap(([field, value]) => [`--${field}`, String(value)]);

const USER: NewUser = { age: 25, gender: 'F', occupation: 'student', zip: '94110', liked: [50, 181] };

interface CliWhatIf {
  readonly fold: string;
  readonly basis: string;
  readonly recommendations: readonly { readonly itemId: number; readonly predicted?: number }[];
}

describe('cold-start what-if in the extension host', function () {
  this.timeout(300_000);
  let api: RecommenderLabApi;
  let dataFolder: string;
  let run: RunRecord;

  const newUser = (options: Record<string, unknown>): Thenable<WhatIfState | undefined> =>
    vscode.commands.executeCommand<WhatIfState | undefined>('recommenderLab.newUser', { dataFolder, ...options });

  /** The CLI (this extension's bundle, on this host's Node) for the same data, configuration and inputs. */
  const cli = (user: NewUser, ...extra: string[]): CliWhatIf => {
    const flags = [
      '--age',
      String(user.age),
      '--gender',
      String(user.gender),
      '--occupation',
      String(user.occupation),
      '--zip',
      String(user.zip),
      '--liked',
      (user.liked ?? []).join(','),
    ];
    const result = spawnSync(
      process.execPath,
      [
        path.join(api.context.extensionPath, 'dist', 'cli.js'),
        'recommend',
        '--data',
        dataFolder,
        ...CLI_FLAGS,
        ...flags,
        ...extra,
        '--json',
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as CliWhatIf;
  };

  before(async () => {
    api = await activateExtension();
    dataFolder = await movieLensFolder();
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder,
      ...CONFIG,
      showPanel: false,
    });
    assert.ok(record !== undefined && record.status === 'completed', record?.error?.message);
    run = record;
  });

  it("New User… opens the Spot Check for the new user with the FM's top 10, and the CLI prints the same top 10 for the same inputs", async () => {
    const state = await newUser({ runId: run.request.runId, user: USER });
    assert.ok(state !== undefined);
    assert.equal(state.basis, 'model');
    assert.equal(state.runId, run.request.runId);
    assert.equal(api.spotCheckPanel.isOpen, true);
    assert.equal(api.spotCheckPanel.current?.kind, 'whatIf');
    assert.deepEqual(
      state.used.map((feature) => feature.name),
      ['age=25-34', 'gender=F', 'occupation=student', 'zip=9', 'implicit=50', 'implicit=181'],
    );
    assert.deepEqual(
      state.liked.map((film) => film.itemId),
      [50, 181],
    );
    assert.equal(state.recommendations.length, 10);
    assert.ok(
      state.recommendations.every((film) => film.itemId !== 50 && film.itemId !== 181),
      'liked films are not recommended back',
    );

    const printed = cli(USER);
    assert.equal(printed.fold, state.foldName, 'the CLI trains the fold the run kept the model of');
    assert.deepEqual(
      printed.recommendations.map((film) => [film.itemId, film.predicted]),
      state.recommendations.map((film) => [film.itemId, film.predicted]),
    );
  });

  it("the panel's form change scores the user again: the list moves, and the CLI agrees with the new inputs too", async () => {
    const before = api.spotCheckPanel.current;
    assert.ok(before?.kind === 'whatIf');
    const changed: NewUser = { ...USER, age: 62, occupation: 'retired', liked: [] };
    const state = await vscode.commands.executeCommand<WhatIfState | undefined>('recommenderLab.changeNewUser', changed);
    assert.ok(state !== undefined);
    assert.deepEqual(
      state.previous?.map((film) => film.itemId),
      before.recommendations.map((film) => film.itemId),
      'the list before goes along, for the change column',
    );
    assert.equal(api.spotCheckPanel.current, state);
    assert.notDeepEqual(
      state.recommendations.map((film) => film.predicted),
      before.recommendations.map((film) => film.predicted),
    );
    assert.deepEqual(
      cli(changed).recommendations.map((film) => film.itemId),
      state.recommendations.map((film) => film.itemId),
    );
  });

  it('an SVD run has no user features: the what-if says so and lists the most rated films', async () => {
    const svd = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder,
      ...CONFIG,
      model: 'svd',
      method: 'als',
      iterations: 4,
      showPanel: false,
    });
    assert.ok(svd?.status === 'completed', svd?.error?.message);
    const state = await newUser({ runId: svd.request.runId, user: USER });
    assert.ok(state !== undefined);
    assert.equal(state.basis, 'popularity');
    assert.equal(state.fallback, 'no-user-features');
    const counts = state.recommendations.map((film) => film.trainCount);
    assert.deepEqual(
      counts,
      [...counts].sort((first, second) => second - first),
    );
    assert.ok(state.recommendations.every((film) => film.predicted === undefined));
    assert.match(whatIfFallbackText('no-user-features', state.modelLabel), /^SVD-ALS k=6 has no user features/);
  });

  it('an FM stored before models kept their user features: the what-if says to train it again', async () => {
    const stored = await api.library.model(run);
    assert.ok(stored?.model.userSide !== undefined);
    // Another window writes the same run as an older version would have: the model without its user side.
    const store = new RunStore(api.library.store.root);
    const runId = `${run.request.runId}-old`;
    const { userSide: _userSide, ...oldModel } = stored.model;
    await store.create({ ...run, request: { ...run.request, runId }, hasModel: false });
    await store.saveModel(runId, oldModel, stored.catalog);
    await store.update({ ...run, request: { ...run.request, runId }, hasModel: true });
    await api.library.refresh([runId]);
    try {
      const state = await newUser({ runId, user: USER });
      assert.ok(state !== undefined);
      assert.equal(state.fallback, 'stored-before-user-features');
      assert.equal(state.basis, 'popularity');
    } finally {
      await store.delete(runId);
      await api.library.refresh([runId]);
    }
  });

  it("an ordinal FM run: its spot check carries each film's level probabilities, its what-if expected ratings", async () => {
    const ordinal = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder,
      ...CONFIG,
      likelihood: 'ordinal',
      showPanel: false,
    });
    assert.ok(ordinal !== undefined && ordinal.status === 'completed', ordinal?.error?.message);
    assert.equal(ordinal.request.model.likelihood, 'ordinal');
    const state = await vscode.commands.executeCommand<SpotCheckState | undefined>('recommenderLab.openSpotCheck', {
      userId: 196,
      dataFolder,
      runId: ordinal.request.runId,
    });
    assert.ok(state !== undefined && state.runId === ordinal.request.runId);
    assert.deepEqual(state.ratingLevels, [1, 2, 3, 4, 5]);
    for (const film of [...state.recommendedFromTest, ...state.topUnseen]) {
      const probabilities = film.levelProbabilities ?? [];
      assert.equal(probabilities.length, 5, film.title);
      assert.ok(Math.abs(probabilities.reduce((sum, value) => sum + value, 0) - 1) < 1e-6, film.title);
    }
    const whatIfState = await newUser({ runId: ordinal.request.runId, user: USER });
    assert.ok(whatIfState !== undefined && whatIfState.basis === 'model');
    assert.ok(whatIfState.recommendations.every((film) => film.predicted !== undefined && film.predicted >= 1 && film.predicted <= 5));
  });
});
