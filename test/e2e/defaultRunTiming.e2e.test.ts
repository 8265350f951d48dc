import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, sharedMovieLens } from '../vscode/harness/paths';
import { extensionLogLines } from './helpers/extensionHostLog';
import { cpuSeconds, cpuSecondsBetween, describeCpuSeconds } from './helpers/processCpu';
import type { CpuSeconds } from './helpers/processCpu';
import { storedRun } from './helpers/runs';
import { startSession } from './helpers/session';
import type { Session } from './helpers/session';
import { runCommand, watchWebview, webviewWith } from './helpers/ui';

// Issue #7's figure: the default Train FM (FM-MCMC, default features, 200 samples, bootstrapped
// 2-fold × 5 on ml-100k, threads one per core) from the palette to the final RMSE table, in the
// real workbench. A benchmark, not a gate: it prints the time and runs only when asked
// (RLAB_E2E_TIMING=1 npx mocha --config test/e2e/.mocharc.json --grep "default Train FM"; with
// RLAB_E2E_SETTLE_S=20 the window stays idle 20 s before the first run; RLAB_E2E_WARM_UP=0 without
// the workers' warm-up).
describe('default Train FM in the workbench (timing, on request)', function () {
  let session: Session | undefined;

  before(async function () {
    if (process.env.RLAB_E2E_TIMING !== '1') this.skip();
    this.timeout(300_000);
    // Every training setting at its default; the runs are stored in the workspace (not the
    // extension's global storage) so that the test can read each run's own timings.
    // RLAB_E2E_WARM_UP=0 turns the workers' warm-up off (to compare).
    const warmUp = process.env.RLAB_E2E_WARM_UP !== '0';
    session = await startSession({
      name: 'e2e-timing',
      settings: { 'recommenderLab.runsLocation': 'workspace', 'recommenderLab.warmUp': warmUp },
    });
  });

  after(async () => {
    await session?.close();
  });

  it('palette → "Train FM" with the default settings → the final RMSE table, twice, then the CLI: times printed', async () => {
    if (session === undefined) return;
    const { page } = session;
    // The first run starts right after the workbench reports ready, while it is still busy
    // starting up (its renderer had no idle time for about 6 s in a trace) and opens the browser's
    // first webview, or RLAB_E2E_SETTLE_S seconds later, as a user who looks around first; the
    // second runs in the same window, its workers already started.
    const settled = settleSeconds();
    await new Promise((resolve) => setTimeout(resolve, settled * 1000));
    const first = await timeDefaultRun(session, 'first');
    for (const line of extensionLogLines(session.logs, /Warm-up/))
      process.stdout.write(`      [e2e]   the window's ${line.replace(/^.*\] /, '')}\n`);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W');
    const second = await timeDefaultRun(session, 'second');
    // The same run in the CLI, in the same minutes: how fast the machine is just now (the time
    // varies 1.5-2x from one spell to another on the shared 2-core machine).
    const cli = timeCliRun();
    fs.writeFileSync(
      path.join(session.artifacts, 'default-train-fm.json'),
      `${JSON.stringify({ settleSeconds: settled, first, second, cli }, null, 2)}\n`,
    );
  });
});

/** RLAB_E2E_SETTLE_S: how long the window stays idle before the first run (default 0). */
function settleSeconds(): number {
  const text = process.env.RLAB_E2E_SETTLE_S ?? '0';
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 120)
    throw new Error(`RLAB_E2E_SETTLE_S must be 0 to 120 seconds, not '${text}'`);
  return seconds;
}

/** How often the page looks for the final table: cheap enough not to take from the run's cores. */
const FINAL_TABLE_POLL_MS = 50;

/** One default Train FM from the palette to its final RMSE table; prints and returns the time. */
async function timeDefaultRun(
  session: Session,
  label: string,
): Promise<{ seconds: number; skeletonMs: number; folds: number; cpu: CpuSeconds }> {
  const { page } = session;
  const cpuBefore = cpuSeconds();
  // The run's first view: its page's skeleton (any page but a completed one: the previous run's,
  // closed, may linger a moment), looked for as often as the final table.
  const skeleton = watchWebview(
    page,
    'body:not([data-status="completed"]) #root[data-panel="training"] .panel-header h1',
    /\S/,
    120_000,
    FINAL_TABLE_POLL_MS,
  );
  // The first live progress: the header's line names an iteration once one has come.
  const firstProgress = watchWebview(
    page,
    'body:not([data-status="completed"]) #root[data-panel="training"] .progress-line',
    /iteration \d+\/\d+/,
    120_000,
    FINAL_TABLE_POLL_MS,
  );
  const clicked = await runCommand(page, 'Recommender Lab: Train FM');
  const skeletonMs = (await skeleton).at - clicked;
  const progressShownAt = (await firstProgress).at;
  // Watched from inside the page (its webview frames are same-origin), every 50 ms: the moment the
  // final table is in the page, not the next of Playwright's polls from here (twice a second, to
  // leave the cores to the run, it reported 0-0.5 s late). Started after the click, when the
  // previous run's panel (closed before) is surely gone and this run's table is seconds away.
  const shown = await watchWebview(page, 'body[data-status="completed"] .table-section h2', /^RMSE table$/, 900_000, FINAL_TABLE_POLL_MS);
  const cpu = cpuSecondsBetween(cpuBefore, cpuSeconds());
  const panel = await webviewWith(page, '#root[data-panel="training"] .panel-header h1');
  const seconds = (shown.at - clicked) / 1000;
  const table = await panel.locator('.table-section').innerText();
  const folds = [...table.matchAll(/repeat \d, fold \d/g)].length;
  process.stdout.write(
    `      [e2e] default Train FM (10 folds × 200 MCMC samples), ${label} run: final table ${seconds.toFixed(1)} s after the command ` +
      `(the panel's skeleton after ${skeletonMs} ms)\n`,
  );
  await session.shot(`default-train-fm-${label}`);
  assert.ok(folds >= 10, `the table lists the 10 folds:\n${table}`);
  const run = await storedRun(session.workspace, clicked);
  const foldSeconds = run.folds.map((fold) => fold.fold.seconds);
  const breakdown = {
    // The host's clock starts when the command reaches the extension, the e2e's at the click: on a
    // window's first run, still starting up, the two are seconds apart.
    reachedHostSeconds: (Date.parse(run.startedAt) - clicked) / 1000,
    dataLoadedSeconds: run.timings.dataLoadedSeconds,
    firstProgressSeconds: run.timings.firstProgressSeconds,
    totalSeconds: run.timings.totalSeconds,
    // The host's first iteration on the page's clock (one machine): its clock starts when the
    // command reached it, a few ms before the run's start time was taken (finding the data
    // folder), so this reads up to those ms short.
    progressShownAfterIterationMs:
      run.timings.firstProgressSeconds === undefined
        ? undefined
        : progressShownAt - (Date.parse(run.startedAt) + run.timings.firstProgressSeconds * 1000),
    foldSecondsSum: foldSeconds.reduce((sum, value) => sum + value, 0),
    foldSecondsMax: Math.max(...foldSeconds),
  };
  process.stdout.write(
    `      [e2e]   the command reached the extension ${breakdown.reachedHostSeconds.toFixed(1)} s after the click; ` +
      `from there, the host's clock: data read ${breakdown.dataLoadedSeconds?.toFixed(1)} s, first iteration ` +
      `${breakdown.firstProgressSeconds?.toFixed(1)} s, result ${breakdown.totalSeconds?.toFixed(1)} s; the folds trained ` +
      `${breakdown.foldSecondsSum.toFixed(1)} s in all (two at a time), the longest ${breakdown.foldSecondsMax.toFixed(1)} s\n`,
  );
  process.stdout.write(
    `      [e2e]   the panel's first live progress: ${breakdown.progressShownAfterIterationMs?.toFixed(0)} ms after the first iteration\n`,
  );
  // On 2 cores the wall time is about everyone's CPU over two: this says who took it.
  process.stdout.write(`      [e2e]   CPU seconds from the palette to the table: ${describeCpuSeconds(cpu)}\n`);
  return { seconds, skeletonMs, folds, ...breakdown, cpu };
}

/** The CLI's `evaluate` with the same defaults on the same data (the build's dist/cli.js); prints and returns its time. */
function timeCliRun(): { seconds: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'evaluate', '--data', sharedMovieLens], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `the CLI's evaluate failed:\n${result.stderr}`);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`      [e2e] the CLI's evaluate of the same run, just after: ${seconds.toFixed(1)} s\n`);
  return { seconds };
}
