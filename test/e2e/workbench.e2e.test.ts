import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSession } from './helpers/session';
import type { Session } from './helpers/session';
import { sharedMovieLens } from '../vscode/harness/paths';
import { movieLensChanges } from '../vscode/harness/workspace';
import { editorToken, hoverToken, openFile, openViewContainer, runCommand, treeItem, webviewWith } from './helpers/ui';

// A person's path through Recommender Lab in the real workbench (code-server + Chromium), on a
// workspace holding a copy of ml-100k. Short runs: 20 iterations on one holdout split.
/** A film's title from the shared u.item (latin-1; fields split by "|"). */
function filmTitle(id: string): string {
  const items = fs.readFileSync(path.join(sharedMovieLens, 'u.item'), 'latin1');
  const line = items.split('\n').find((candidate) => candidate.startsWith(`${id}|`));
  assert.ok(line, `u.item has film ${id}`);
  return line.split('|')[1];
}

const SETTINGS = {
  'recommenderLab.iterations': 20,
  'recommenderLab.protocol': 'holdout',
};

describe('Recommender Lab in the workbench (e2e)', function () {
  let session: Session;
  const timings: Record<string, number> = {};

  before(async function () {
    this.timeout(300_000);
    const started = Date.now();
    session = await startSession({ name: 'e2e', settings: SETTINGS });
    timings.startToWorkbenchMs = Date.now() - started;
  });

  after(async function () {
    if (session === undefined) return;
    fs.writeFileSync(path.join(session.artifacts, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    process.stdout.write(`      [e2e] timings: ${JSON.stringify(timings)}\n`);
    await session.close();
  });

  afterEach(async function () {
    // Whatever happened, keep a picture of the end state of each test.
    if (this.currentTest?.state === 'failed') await session?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('palette → "Recommender Lab: Train FM" → the Training panel shows the RMSE table', async () => {
    const { page } = session;
    await runCommand(page, 'Recommender Lab: Train FM');
    const clicked = Date.now();
    // Where the time goes: the host's progress (status bar item) vs the panel's page.
    const statusProgress = page
      .locator('.part.statusbar', { hasText: /iteration \d+/ })
      .waitFor({ timeout: 300_000 })
      .then(
        () => Date.now() - clicked,
        () => -1,
      );
    // What the person sees while waiting for the first iteration.
    const waiting = (async () => {
      for (const seconds of [3, 10]) {
        await page.waitForTimeout(seconds * 1000 - (Date.now() - clicked));
        await session.shot(`00-train-after-${seconds}s`);
      }
    })();
    const panel = await webviewWith(page, '#root[data-panel="training"]');
    await waiting;
    timings.trainToPanelPageMs = Date.now() - clicked;
    // First progress: the live chart appears once the first iteration is drawn.
    await panel.locator('.chart-box canvas').waitFor({ state: 'visible', timeout: 300_000 });
    timings.trainToFirstProgressMs = Date.now() - clicked;
    await session.shot('01-training-running');
    await panel.locator('body[data-status="completed"]').waitFor({ state: 'attached', timeout: 600_000 });
    await panel.locator('.table-section h2', { hasText: /^RMSE table$/ }).waitFor({ timeout: 30_000 });
    timings.trainToTableMs = Date.now() - clicked;
    timings.trainToStatusBarProgressMs = await statusProgress;
    await session.shot('02-training-table');

    const tableText = await panel.locator('.table-section').innerText();
    assert.match(tableText, /Fold/);
    assert.match(tableText, /RMSE/);
    const rmseValues = [...tableText.matchAll(/\b([0-9]\.[0-9]{3,4})\b/g)].map((match) => Number(match[1]));
    assert.ok(rmseValues.length > 0, `the RMSE table shows numbers:\n${tableText}`);
    // Sane for ml-100k: better than predicting the global mean (~1.12), worse than impossible.
    const rmse = rmseValues[0];
    assert.ok(rmse > 0.7 && rmse < 1.15, `test RMSE ${rmse} is sane for ml-100k:\n${tableText}`);
  });

  it('Users view → click a user → the Spot Check panel shows bars', async () => {
    const { page } = session;
    await openViewContainer(page, 'Recommender Lab');
    // User 1 (24, M, technician): labels read "1 · 24 · M · technician · 272 ratings".
    const user = await treeItem(page, 'Users', /^\s*1 · /);
    // The run just trained is listed in the Runs view.
    await treeItem(page, 'Runs', /FM/);
    await session.shot('03-users-view');
    await user.click();
    const panel = await webviewWith(page, '#root[data-panel="spotCheck"]');
    await panel.locator('canvas[data-bars]').first().waitFor({ state: 'visible', timeout: 60_000 });
    // Give Chart.js its first frame before the picture.
    await page.waitForTimeout(1_000);
    await session.shot('04-spot-check');
    const title = await panel.locator('h1').first().innerText();
    assert.match(title, /User 1\b/);
    const bars = await panel.locator('canvas[data-bars]').evaluateAll((canvases) =>
      canvases.map((canvas) => ({
        bars: Number(canvas.getAttribute('data-bars')),
        width: (canvas as HTMLCanvasElement).width,
        height: (canvas as HTMLCanvasElement).height,
      })),
    );
    assert.ok(bars.length >= 2, `history and recommendation charts: ${JSON.stringify(bars)}`);
    for (const chart of bars) {
      assert.ok(chart.bars > 0 && chart.width > 0 && chart.height > 0, `a drawn chart with bars: ${JSON.stringify(chart)}`);
    }
  });

  it('u.data → hover a movie id → the title and a predicted rating', async () => {
    const { page } = session;
    await openFile(page, 'u.data');
    // u.data line 1: "196	242	3	881250949" (user, film, rating, time): the film id is token 1.
    const token = await editorToken(page, 1, 1);
    const text = await hoverToken(page, token, /Predicted rating/i);
    await session.shot('05-hover');
    const predicted = /Predicted rating(?: for user \d+)?:\s*([0-9]+(?:\.[0-9]+)?)/i.exec(text);
    assert.ok(predicted, `the hover shows a predicted rating:\n${text}`);
    const value = Number(predicted[1]);
    assert.ok(value >= 1 && value <= 5, `predicted rating ${value} is between 1 and 5`);
    // The title is the one u.item gives that id (read from the shared data, not hard-coded).
    assert.ok(text.includes(filmTitle(token.text)), `the hover names film ${token.text}, "${filmTitle(token.text)}":\n${text}`);
    assert.match(text, /Actual rating/i);
  });

  it('left the workspace copy of MovieLens untouched', () => {
    assert.deepEqual(movieLensChanges(session.workspace), []);
  });
});
