import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import type { RunRecord } from '../../src/host/runs/runRecord';
import type { EvaluationRanking, RankingProtocolsSummary } from '../../src/shared/run';
import { RunStore } from '../../src/host/runs/runStore';
import { CATCH_UP_MS } from '../../src/host/runs/runLibrary';
import { completedRun } from '../host/runs/runFixtures';
import { movieLensChanges } from '../vscode/harness/workspace';
import { startSession } from './helpers/session';
import type { Session } from './helpers/session';
import { editorToken, hoverToken, openFile, openViewContainer, runCommand, treeItem, viewPane, webviewWith } from './helpers/ui';

// Runs as an experiment table, as a person uses it: two runs from the palette, the table from the
// Runs view's title button, sorting, ticking, Export to CSV through the save dialog, and the
// table in light, dark and high-contrast themes. Runs are kept in the workspace
// (.recommender-lab/runs), so the test reads the very run files the table was made from.

const SETTINGS = {
  'recommenderLab.runsLocation': 'workspace',
  'recommenderLab.iterations': 10,
  'recommenderLab.protocol': 'bootstrap',
  'recommenderLab.folds': 2,
  'recommenderLab.repeats': 1,
};

const THEMES = [
  { name: 'Default Dark Modern', bodyClass: 'vscode-dark', step: 'dark' },
  { name: 'Default Light Modern', bodyClass: 'vscode-light', step: 'light' },
  { name: 'Default High Contrast', bodyClass: 'vscode-high-contrast', step: 'high-contrast' },
] as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function runsFolder(session: Session): string {
  return path.join(session.workspace, '.recommender-lab', 'runs');
}

/** The run files on disk (what the table must show and export). */
function storedRuns(session: Session): RunRecord[] {
  const folder = runsFolder(session);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => !name.startsWith('.') && fs.existsSync(path.join(folder, name, 'run.json')))
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name, 'run.json'), 'utf8')) as RunRecord);
}

async function waitForCompletedRuns(session: Session, count: number, timeoutMs: number): Promise<RunRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = storedRuns(session);
    const failed = runs.find((run) => run.status === 'failed');
    if (failed !== undefined) throw new Error(`a run failed: ${failed.error?.message}`);
    const completed = runs.filter((run) => run.status === 'completed');
    if (completed.length >= count) return completed;
    if (Date.now() > deadline) throw new Error(`${completed.length} of ${count} runs completed after ${timeoutMs} ms`);
    await sleep(1_000);
  }
}

function writeSettings(session: Session, extra: Record<string, unknown>): void {
  fs.writeFileSync(path.join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ ...SETTINGS, ...extra }, null, 2));
}

/** A CSV line's fields (quoted fields allowed, no line breaks inside them). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  for (const match of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    fields.push(match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1]);
    if (match[2] === '') break;
  }
  return fields;
}

/** Mean test RMSE of a run as the table shows it (a comparison: its candidate's). */
function rmseOf(run: RunRecord): { mean: number; std: number } {
  const result = run.result;
  assert.ok(result !== undefined, `run ${run.request.runId} has a result`);
  return result.kind === 'evaluate' ? result.evaluation.rmse : result.comparison.candidate.rmse;
}

/** A run's ranking figures as the table shows them (a comparison: its candidate's). */
function rankingOf(run: RunRecord): EvaluationRanking {
  const result = run.result;
  assert.ok(result !== undefined, `run ${run.request.runId} has a result`);
  const ranking = result.kind === 'evaluate' ? result.evaluation.ranking : result.comparison.candidate.ranking;
  assert.ok(ranking !== undefined, `run ${run.request.runId} has ranking figures`);
  return ranking;
}

const meanStdText = (value: { mean: number; std: number }): string => `${value.mean.toFixed(4)} ± ${value.std.toFixed(4)}`;

/** A column's cells top to bottom, on one line each (a mean is set over its spread). */
async function rowTexts(panel: FrameLocator, column: string): Promise<string[]> {
  const texts = await panel.locator(`table.experiments-table tbody td[data-column="${column}"]`).allInnerTexts();
  return texts.map((text) => text.replace(/\s+/g, ' ').trim());
}

async function picture(session: Session, page: Page, step: string): Promise<void> {
  // Chart.js draws on the next frame after a theme or data change.
  await page.waitForTimeout(800);
  await session.shot(step);
}

describe('Experiments table in the workbench (e2e)', function () {
  let session: Session;

  before(async function () {
    this.timeout(300_000);
    session = await startSession({ name: 'e2e-experiments', settings: SETTINGS });
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('two runs from the palette land in the workspace as run files', async () => {
    const { page } = session;
    await runCommand(page, 'Recommender Lab: Train FM');
    await waitForCompletedRuns(session, 1, 600_000);
    await runCommand(page, 'Recommender Lab: Compare SVD and FM (Article Experiment)');
    const runs = await waitForCompletedRuns(session, 2, 900_000);
    assert.deepEqual(runs.map((run) => run.request.kind).sort(), ['compare', 'evaluate']);
    const text = fs.readFileSync(path.join(runsFolder(session), runs[0].request.runId, 'run.json'), 'utf8');
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, 'pretty JSON, one field a line');
  });

  it("the Training panel shows the comparison's ranking tables: each model's figures and the popularity baseline's, as in the run file", async () => {
    const { page } = session;
    const compared = storedRuns(session).find((run) => run.request.kind === 'compare');
    assert.ok(compared?.result?.kind === 'compare');
    const { baseline, candidate, best } = compared.result.comparison;
    const panel = await webviewWith(page, '#root[data-panel="training"] .ranking-unratedFilms table');
    await panel.locator('.ranking-unratedFilms').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await session.shot('training-ranking-tables');
    const rows = await panel
      .locator('.ranking-unratedFilms tr')
      .evaluateAll((nodes) =>
        nodes.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
      );
    const models = [baseline, candidate, ...(best === undefined ? [] : [best.evaluation])];
    const expected = (ranking: RankingProtocolsSummary | undefined) => {
      assert.ok(ranking !== undefined, 'the run file has ranking figures');
      const figures = ranking.unratedFilms;
      return [figures.precisionAt10, figures.recallAt10, figures.ndcgAt10, figures.map, figures.coverage].map(meanStdText);
    };
    // Header, one row per model (name over configuration), then the popularity baseline (the same for every model of the run).
    assert.equal(rows.length, 1 + models.length + 1, JSON.stringify(rows));
    models.forEach((model, index) => assert.deepEqual(rows[1 + index].slice(1), expected(model.ranking), `row ${index + 1}`));
    assert.equal(rows[rows.length - 1][0], 'Popularity baseline');
    assert.deepEqual(rows[rows.length - 1].slice(1), expected(baseline.ranking?.popularity));
    assert.ok(
      await panel.locator('.table-section').evaluate((section) => section.scrollWidth <= section.clientWidth),
      'the ranking tables need no sideways scrolling',
    );
  });

  it('the Runs view title button opens the table: a row per run, the parameters that vary, sortable, ticked runs plotted', async () => {
    const { page } = session;
    const runs = storedRuns(session);
    await openViewContainer(page, 'Recommender Lab');
    // The Runs view names a run by its one label (shared/labels.ts runLabel).
    await treeItem(page, 'Runs', /SVD-ALS k=\d+ vs FM-/);
    const header = viewPane(page, 'Runs').locator('.pane-header');
    await header.hover();
    await header.locator('.actions a[aria-label="Open Experiments"]').click();
    const panel = await webviewWith(page, `table.experiments-table[data-rows="${runs.length}"]`);

    // Newest first: the comparison, then Train FM; the columns name what differs between them.
    const headers = await panel.locator('table.experiments-table thead tr:last-child th').allInnerTexts();
    for (const title of ['Started', 'Status', 'Model', 'features', 'baseline', 'RMSE', 'MAE', 'Gain', 'Seconds']) {
      assert.ok(
        headers.some((text) => text.startsWith(title)),
        `a "${title}" column in ${JSON.stringify(headers)}`,
      );
    }
    const newestFirst = [...runs].sort((left, right) => right.startedAt.localeCompare(left.startedAt));
    const shown = await rowTexts(panel, 'rmse');
    assert.deepEqual(
      shown,
      newestFirst.map((run) => `${rmseOf(run).mean.toFixed(4)} ± ${rmseOf(run).std.toFixed(4)}`),
      'each row shows its run file’s RMSE',
    );
    assert.deepEqual(
      await rowTexts(panel, 'model'),
      newestFirst.map((run) => (run.request.kind === 'compare' ? 'SVD-ALS vs FM-MCMC' : 'FM-MCMC')),
    );
    // The ranking columns, under their protocol's header: the run files' figures too.
    // textContent: the header is upper-cased by CSS only.
    const groups = await panel.locator('table.experiments-table thead tr.group-row th').allTextContents();
    assert.ok(groups.includes('Ranking among test films') && groups.includes('Ranking among unrated films'), JSON.stringify(groups));
    assert.deepEqual(
      await rowTexts(panel, 'unratedFilms.ndcgAt10'),
      newestFirst.map((run) => meanStdText(rankingOf(run).unratedFilms.ndcgAt10)),
    );
    assert.deepEqual(
      await rowTexts(panel, 'testFilms.precisionAt10'),
      newestFirst.map((run) => meanStdText(rankingOf(run).testFilms.precisionAt10)),
    );
    assert.deepEqual(
      await rowTexts(panel, 'popularity.unratedFilms.ndcgAt10'),
      newestFirst.map((run) => meanStdText(rankingOf(run).popularity.unratedFilms.ndcgAt10)),
    );

    // Both runs are ticked at first: two lines in the chart.
    await panel.locator('canvas[data-series="2"]').waitFor({ state: 'attached', timeout: 30_000 });

    // Sort by RMSE, lowest first (a click on the header).
    await panel.locator('th[data-column="rmse"] button.sort').click();
    const ascending = [...runs].sort((left, right) => rmseOf(left).mean - rmseOf(right).mean);
    assert.deepEqual(
      await rowTexts(panel, 'rmse'),
      ascending.map((run) => `${rmseOf(run).mean.toFixed(4)} ± ${rmseOf(run).std.toFixed(4)}`),
    );
    assert.equal(await panel.locator('th[data-column="rmse"]').getAttribute('aria-sort'), 'ascending');

    // Untick one: one line left; tick it again.
    const firstBox = panel.locator('table.experiments-table tbody tr').first().locator('input[type="checkbox"]');
    await firstBox.uncheck();
    await panel.locator('canvas[data-series="1"]').waitFor({ state: 'attached', timeout: 10_000 });
    await firstBox.check();
    await panel.locator('canvas[data-series="2"]').waitFor({ state: 'attached', timeout: 10_000 });
  });

  it('looks right in dark, light and high-contrast themes (screenshots)', async () => {
    const { page } = session;
    const panel = await webviewWith(page, 'table.experiments-table');
    for (const theme of THEMES) {
      writeSettings(session, { 'workbench.colorTheme': theme.name });
      await panel.locator(`body.${theme.bodyClass}`).waitFor({ state: 'attached', timeout: 30_000 });
      await picture(session, page, `experiments-${theme.step}`);
      // The ranking columns, to the right of the parameters.
      await panel.locator('.table-scroll').evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
      await picture(session, page, `experiments-${theme.step}-ranking`);
      await panel.locator('.table-scroll').evaluate((box) => box.scrollTo({ left: 0 }));
    }
    writeSettings(session, {});
  });

  it('Export… → CSV → save dialog writes a CSV whose numbers are the run files’', async () => {
    const { page } = session;
    const panel = await webviewWith(page, 'table.experiments-table');
    const target = path.join(session.workspace, 'exported-runs.csv');
    await panel.locator('#export').click();
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: 'CSV' }).first().click();
    // code-server's save dialog is a quick input holding a path: type ours, as a person would.
    const input = widget.locator('input');
    await page.waitForFunction(() => {
      const box = document.querySelector('.quick-input-widget input') as HTMLInputElement | null;
      return box !== null && box.value.endsWith('experiments.csv');
    });
    await input.fill(target);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(target)) {
      if (Date.now() > deadline) throw new Error(`${target} was not written`);
      await sleep(250);
    }
    await sleep(250);
    const [header, ...lines] = fs.readFileSync(target, 'utf8').trimEnd().split('\r\n').map(csvFields);
    const runs = storedRuns(session);
    assert.equal(lines.length, runs.length);
    const column = (name: string): number => {
      const index = header.indexOf(name);
      assert.ok(index >= 0, `a ${name} column in ${header.join(',')}`);
      return index;
    };
    // Rows in the order the panel shows (RMSE, lowest first).
    assert.deepEqual(
      lines.map((fields) => fields[0]),
      [...runs].sort((left, right) => rmseOf(left).mean - rmseOf(right).mean).map((run) => run.request.runId),
    );
    for (const run of runs) {
      const line = lines.find((fields) => fields[0] === run.request.runId);
      assert.ok(line !== undefined, run.request.runId);
      assert.equal(Number(line[column('rmse_mean')]), rmseOf(run).mean);
      assert.equal(Number(line[column('rmse_std')]), rmseOf(run).std);
      assert.equal(Number(line[column('seconds')]), run.timings.totalSeconds);
      assert.equal(Number(line[column('unratedFilms.ndcgAt10_mean')]), rankingOf(run).unratedFilms.ndcgAt10.mean);
      assert.equal(Number(line[column('testFilms.map_std')]), rankingOf(run).testFilms.map.std);
      assert.equal(Number(line[column('unratedFilms.coverage_mean')]), rankingOf(run).unratedFilms.coverage.mean);
      if (run.result?.kind === 'compare') {
        assert.equal(Number(line[column('gain_mean')]), run.result.comparison.gain.mean);
        assert.equal(Number(line[column('gain_std')]), run.result.comparison.gain.std);
      } else {
        assert.equal(line[column('gain_mean')], '');
      }
    }
  });

  it('data text stays text: a title with $(zap) and https://… in a hover, a folder name in the Runs view tooltip', async () => {
    const { page } = session;
    // A small data set whose first film has a title that looks like markup.
    const odd = path.join(session.workspace, 'odd-titles');
    writeSyntheticMovieLens(odd, { users: 30, items: 20, ratingsPerUser: 6, seed: 13 });
    const items = path.join(odd, 'u.item');
    const lines = fs.readFileSync(items, 'latin1').split('\n');
    const fields = lines[0].split('|');
    fields[1] = 'Zap $(zap) see https://example.com/x (1995)';
    lines[0] = fields.join('|');
    fs.writeFileSync(items, lines.join('\n'), 'latin1');
    const ratings = fs.readFileSync(path.join(odd, 'u.data'), 'utf8').split('\n');
    const lineIndex = ratings.findIndex((line) => line.split('\t')[1] === fields[0]);
    assert.ok(lineIndex >= 0, `u.data rates film ${fields[0]}`);
    fs.writeFileSync(path.join(odd, 'u.data'), [ratings[lineIndex], ...ratings.filter((_, index) => index !== lineIndex)].join('\n'));

    await openFile(page, 'odd-titles/u.data');
    const token = await editorToken(page, 1, 1);
    assert.equal(token.text, fields[0]);
    await hoverToken(page, token, /example\.com/);
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
    await session.shot('06-hover-odd-title');
    assert.match(await hover.innerText(), /Zap \$\(zap\) see https:\/\/example\.com\/x \(1995\)/, 'the title as it is written');
    assert.equal(await hover.locator('.codicon-zap, .codicon').count(), 0, 'no theme icon');
    assert.equal(await hover.locator('a[href*="example.com"], a[data-href*="example.com"]').count(), 0, 'no link');
    await page.keyboard.press('Escape');

    // Another window's run on a folder named like markup: written to disk, shown through the watcher.
    const foreign = completedRun({ startedAt: new Date().toISOString(), dataFolder: '/data/$(zap) www.example.org' });
    await new RunStore(path.dirname(runsFolder(session))).create(foreign);
    await openViewContainer(page, 'Recommender Lab');
    const rows = viewPane(page, 'Runs').locator('.monaco-list-row');
    // The file watcher reports it at once; should a session's watcher be silent, the periodic
    // check (CATCH_UP_MS) finds it: what a person sees either way.
    const deadline = Date.now() + CATCH_UP_MS + 15_000;
    while ((await rows.count()) < 3) {
      if (Date.now() > deadline) throw new Error('the Runs view never showed the run written on disk');
      await sleep(250);
    }
    // Newest first: the run just written is the top row.
    await rows.first().hover();
    const tooltip = page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ hasText: 'www' }).first();
    await tooltip.waitFor({ state: 'visible', timeout: 30_000 });
    await session.shot('07-runs-tooltip-odd-folder');
    assert.match(await tooltip.innerText(), /Data: \$\(zap\) www\.example\.org/);
    assert.equal(await tooltip.locator('.codicon-zap').count(), 0, 'no theme icon');
    assert.equal(await tooltip.locator('a[href*="example.org"], a[data-href*="example.org"]').count(), 0, 'no link');
  });

  it('left the workspace copy of MovieLens untouched', () => {
    assert.deepEqual(movieLensChanges(session.workspace), []);
  });
});
