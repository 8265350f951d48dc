import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../../src/host/runs/runRecord';

/**
 * The completed run the extension stored last in the workspace (.recommender-lab/runs/<id>/run.json,
 * with `recommenderLab.runsLocation: workspace`).
 */
export function newestRun(workspace: string): RunRecord {
  const folder = path.join(workspace, '.recommender-lab', 'runs');
  const runs = fs
    .readdirSync(folder)
    .filter((name) => fs.existsSync(path.join(folder, name, 'run.json')))
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name, 'run.json'), 'utf8')) as RunRecord)
    .filter((run) => run.status === 'completed');
  assert.ok(runs.length > 0, `a completed run in ${folder}`);
  return runs.reduce((newest, run) => (run.startedAt > newest.startedAt ? run : newest));
}
