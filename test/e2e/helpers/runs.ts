import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../../src/host/runs/runRecord';

/** How often storedRun looks for the record: a few times for the tenths of a second it waits. */
const STORED_RUN_POLL_MS = 50;

/**
 * Runs started this long before `sinceMs` count too: a test takes the click's time after the
 * click, and the extension took the run's start on receiving it, sometimes a few ms before.
 */
const START_SLACK_MS = 1000;

/**
 * The completed run started at `sinceMs` (epoch ms) or later, once it is stored. The Training
 * panel shows a result before the extension has written its record, so a test that saw the final
 * table waits here (up to `timeoutMs`).
 */
export async function storedRun(workspace: string, sinceMs: number, timeoutMs = 30_000): Promise<RunRecord> {
  const folder = path.join(workspace, '.recommender-lab', 'runs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = completedRuns(folder).find((candidate) => Date.parse(candidate.startedAt) >= sinceMs - START_SLACK_MS);
    if (run !== undefined) return run;
    assert.ok(
      Date.now() < deadline,
      `a completed run started after ${new Date(sinceMs).toISOString()} in ${folder}, within ${timeoutMs} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, STORED_RUN_POLL_MS));
  }
}

function completedRuns(folder: string): RunRecord[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => fs.existsSync(path.join(folder, name, 'run.json')))
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name, 'run.json'), 'utf8')) as RunRecord)
    .filter((run) => run.status === 'completed');
}
