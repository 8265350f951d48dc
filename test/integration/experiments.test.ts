import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import type { RecommenderLabApi } from '../../src/host/extension';
import type { RunRecord } from '../../src/host/runs/runRecord';
import type { ExperimentsPanelState } from '../../src/shared/experimentsTable';
import { escapeMarkdownText } from '../../src/host/ui/markdown';
import { rankingSummaryLines } from '../../src/shared/rankingReport';
import { formatMeanStd, formatRmse } from '../../webview/shared/format';
import { buildRankingTables } from '../../webview/training/rankingTable';
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
    assert.deepEqual(
      state.table.rows.map((row) => row.runId),
      stored.map((run) => run.request.runId),
      'one row per run, newest first',
    );
    assert.ok(
      state.table.columns.some((column) => column.id === 'rank' && column.group === 'parameter'),
      'rank varies',
    );
    const rankOf = (runId: string): unknown => state.table.rows.find((row) => row.runId === runId)?.cells.rank;
    assert.equal(rankOf(first.request.runId), 3);
    assert.equal(rankOf(second.request.runId), 7);

    // A new run: the open table gets a row for it.
    const third = await train(data, 5);
    await eventually(
      async () => api.experimentsPanel.current?.table.rows[0]?.runId === third.request.runId,
      20_000,
      'the open table to show the new run',
    );

    const out = tempFolder('recommender-lab-experiments-export-');
    const csvFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', {
      format: 'csv',
      target: path.join(out, 'runs.csv'),
      sort: { column: 'rank', descending: false },
    });
    const [header, ...lines] = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n').map(csvFields);
    const column = (name: string): number => header.indexOf(name);
    const ranks = lines
      .filter((fields) => [first, second, third].some((run) => run.request.runId === fields[0]))
      .map((fields) => Number(fields[column('rank')]));
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
      const ranking = file.result.evaluation.ranking;
      assert.ok(ranking !== undefined, 'the run file has ranking figures');
      assert.equal(Number(line[column('unratedFilms.ndcgAt10_mean')]), ranking.unratedFilms.ndcgAt10.mean);
      assert.equal(Number(line[column('testFilms.precisionAt10_std')]), ranking.testFilms.precisionAt10.std);
      assert.equal(Number(line[column('unratedFilms.coverage_mean')]), ranking.unratedFilms.coverage.mean);
      assert.equal(Number(line[column('popularity.unratedFilms.ndcgAt10_mean')]), ranking.popularity.unratedFilms.ndcgAt10.mean);
    }

    const jsonFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', {
      format: 'json',
      target: path.join(out, 'runs.json'),
    });
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { runs: { runId: string; rank: number; 'testFilms.map'?: unknown }[] };
    assert.equal(json.runs.length, (await api.library.list()).length);
    const firstFile = JSON.parse(
      readFileSync(path.join(api.library.store.runsFolder, first.request.runId, 'run.json'), 'utf8'),
    ) as RunRecord;
    assert.ok(firstFile.result?.kind === 'evaluate');
    assert.deepEqual(
      json.runs.find((run) => run.runId === first.request.runId)?.['testFilms.map'],
      firstFile.result.evaluation.ranking?.testFilms.map,
    );
    const markdownFile = await vscode.commands.executeCommand<string>('recommenderLab.exportExperiments', {
      format: 'markdown',
      target: path.join(out, 'runs.md'),
    });
    const markdown = readFileSync(markdownFile, 'utf8').trimEnd().split('\n');
    assert.match(markdown[0], /^\| Started \| Status \| Model \| RMSE \| MAE \| (.+ \| )?Seconds \| (.+ \| )?rank \|/);
    assert.equal(markdown.length, 2 + json.runs.length);
  });

  it("the Training panel's ranking tables, the Runs view and the Experiments table show the run file's ranking figures", async () => {
    const data = tempFolder('recommender-lab-ranking-data-');
    writeSyntheticMovieLens(data, { users: 80, items: 50, ratingsPerUser: 15, seed: 12 });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>('recommenderLab.trainFm', {
      dataFolder: data,
      method: 'als',
      iterations: 3,
      rank: 4,
      protocol: 'bootstrap',
      folds: 2,
      repeats: 1,
    });
    assert.ok(record !== undefined && record.status === 'completed', record?.error?.message);
    const file = JSON.parse(readFileSync(path.join(api.library.store.runsFolder, record.request.runId, 'run.json'), 'utf8')) as RunRecord;
    assert.ok(file.result?.kind === 'evaluate');
    const { folds, ranking } = file.result.evaluation;
    assert.ok(
      ranking !== undefined && folds.every((fold) => fold.ranking !== undefined),
      'the run file has ranking figures per fold and in summary',
    );
    const text = (value: { mean: number; std: number }): string => formatMeanStd(value.mean, value.std, formatRmse);

    // The state the host gives the Training panel, tabled as the panel tables it.
    const state = api.trainingPanel.current;
    assert.equal(state?.request.runId, record.request.runId);
    const tables = buildRankingTables(state);
    assert.ok(tables?.final);
    const [test, unrated] = tables.tables.map((table) => table.table);
    folds.forEach((fold, index) =>
      assert.equal(unrated.rows[index].cells[3], formatRmse(fold.ranking?.unratedFilms.ndcgAt10), `${fold.name}'s NDCG@10`),
    );
    assert.equal(test.rows[folds.length].cells[4], text(ranking.testFilms.map));
    assert.equal(unrated.rows[folds.length + 1].cells[3], text(ranking.popularity.unratedFilms.ndcgAt10), "popularity's NDCG@10");

    // The Runs view: NDCG among unrated films in the item, every figure in its tooltip.
    const listed = (await api.runs.getChildren()).find((run) => run.request.runId === record.request.runId);
    assert.ok(listed !== undefined);
    const item = api.runs.getTreeItem(listed);
    assert.match(String(item.description), new RegExp(`NDCG@10 ${ranking.unratedFilms.ndcgAt10.mean.toFixed(4)}`));
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    for (const line of rankingSummaryLines(ranking))
      assert.ok(tooltip.includes(escapeMarkdownText(line)), `the tooltip has "${line}":\n${tooltip}`);

    // The Experiments table's cells are the run file's numbers.
    const experiments = await vscode.commands.executeCommand<ExperimentsPanelState>('recommenderLab.openExperiments');
    const row = experiments.table.rows.find((candidate) => candidate.runId === record.request.runId);
    assert.deepEqual(row?.cells['unratedFilms.recallAt10'], ranking.unratedFilms.recallAt10);
    assert.deepEqual(row?.cells['popularity.testFilms.ndcgAt10'], ranking.popularity.testFilms.ndcgAt10);
  });
});
