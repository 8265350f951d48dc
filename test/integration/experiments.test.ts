import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import type { RecommenderLabApi } from '../../src/host/extension';
import type { RunRecord } from '../../src/host/runs/runRecord';
import type { ExperimentsPanelState } from '../../src/shared/experimentsTable';
import { activateExtension, eventually } from './helpers';

/** Fields of a CSV line (quoted fields allowed; no line breaks inside fields here). */
function csvFields(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .filter((match, index, all) => index < all.length - 1 || match[0] !== '')
    .map((match) => (match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1]));
}

describe('Experiments table in the extension host', function () {
  this.timeout(300_000);
  let api: RecommenderLabApi;
  const folders: string[] = [];
  const tempFolder = (prefix: string): string => {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
  const train = async (dataFolder: string, rank: number): Promise<RunRecord> => {
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder,
      method: 'als',
      iterations: 3,
      rank,
      protocol: 'bootstrap',
      folds: 2,
      repeats: 1,
      showPanel: false,
    });
    assert.ok(record !== undefined && record.status === 'completed', record?.error?.message);
    return record;
  };

  before(async () => {
    api = await activateExtension();
  });
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('lists every run with a column for the rank that varies, follows new runs, and exports CSV, JSON and Markdown', async () => {
    const data = tempFolder('recommender-lab-experiments-data-');
    writeSyntheticMovieLens(data, { users: 60, items: 40, ratingsPerUser: 12, seed: 11 });
    const first = await train(data, 3);
    const second = await train(data, 7);

    const state = await vscode.commands.executeCommand<ExperimentsPanelState>('recommenderLab.openExperiments');
    assert.equal(api.experimentsPanel.isOpen, true);
    const stored = await api.library.list();
    assert.deepEqual(state.table.rows.map((row) => row.runId), stored.map((run) => run.request.runId), 'one row per run, newest first');
    assert.ok(state.table.columns.some((column) => column.id === 'rank' && column.group === 'parameter'), 'rank varies');
    const rankOf = (runId: string): unknown => state.table.rows.find((row) => row.runId === runId)?.cells.rank;
    assert.equal(rankOf(first.request.runId), 3);
    assert.equal(rankOf(second.request.runId), 7);

    // A new run: the open table gets a row for it.
    const third = await train(data, 5);
    await eventually(async () => api.experimentsPanel.current?.table.rows[0]?.runId === third.request.runId, 20_000, 'the open table to show the new run');

    const out = tempFolder('recommender-lab-experiments-export-');
    const csvFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', {
      format: 'csv',
      target: path.join(out, 'runs.csv'),
      sort: { column: 'rank', descending: false },
    });
    const [header, ...lines] = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n').map(csvFields);
    const column = (name: string): number => header.indexOf(name);
    const ranks = lines.filter((fields) => [first, second, third].some((run) => run.request.runId === fields[0])).map((fields) => Number(fields[column('rank')]));
    assert.deepEqual(ranks, [3, 5, 7], 'in the order asked for');
    for (const run of [first, second, third]) {
      // The numbers of the run file on disk, exactly.
      const file = JSON.parse(readFileSync(path.join(api.library.store.runsFolder, run.request.runId, 'run.json'), 'utf8')) as RunRecord;
      assert.ok(file.result?.kind === 'evaluate');
      const line = lines.find((fields) => fields[0] === run.request.runId);
      assert.ok(line !== undefined, run.request.runId);
      assert.equal(Number(line[column('rmse_mean')]), file.result.evaluation.rmse.mean);
      assert.equal(Number(line[column('rmse_std')]), file.result.evaluation.rmse.std);
      assert.equal(Number(line[column('mae_mean')]), file.result.evaluation.mae.mean);
      assert.equal(Number(line[column('seconds')]), file.timings.totalSeconds);
    }

    const jsonFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', { format: 'json', target: path.join(out, 'runs.json') });
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { runs: { runId: string; rank: number }[] };
    assert.equal(json.runs.length, (await api.library.list()).length);
    const markdownFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', { format: 'markdown', target: path.join(out, 'runs.md') });
    const markdown = readFileSync(markdownFile, 'utf8').trimEnd().split('\n');
    assert.match(markdown[0], /^\| Started \| Status \| Model \| RMSE \| MAE \| (.+ \| )?Seconds \| (.+ \| )?rank \|/);
    assert.equal(markdown.length, 2 + json.runs.length);
  });
});
