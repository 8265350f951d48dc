import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import { reportProgress } from '../../src/cli/progress';
import { FoldPool } from '../../src/threads/foldPool';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';

// Piped output (CI logs, `| tee`) must not be silent while folds train: status lines at an
// interval, and one line per finished fold.
describe('cli/progress: a run on the real pool reported to a pipe', function () {
  this.timeout(120_000);
  let folder = '';
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-progress-'));
    writeSyntheticMovieLens(folder, { users: 100, items: 60, ratingsPerUser: 25, seed: 4 });
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes status lines with the folds training now, and a line per finished fold', async () => {
    const pool = new FoldPool({ threads: 2 });
    const lines: string[] = [];
    try {
      const handle = pool.startRun({
        runId: 'progress-test',
        kind: 'evaluate',
        dataFolder: folder,
        model: defaultModelConfig('fm', { method: 'mcmc', rank: 4, iterations: 30, features: ['ids'] }),
        protocol: defaultProtocolConfig({ repeats: 1 }),
      });
      reportProgress(handle, { write: (text) => lines.push(text), interactive: false, pipedIntervalMs: 0 });
      const outcome = await handle.outcome;
      assert.equal(outcome.status, 'completed');
    } finally {
      await pool.dispose();
    }
    const status = lines.filter((line) => line.startsWith('  training: '));
    assert.ok(status.length >= 2, `${status.length} status lines`);
    assert.match(status[0], /^ {2}training: model r1f[12] \([12]\/2\) \d+\/30( test \d\.\d{4})?/);
    assert.ok(
      lines.every((line) => !line.includes('\r') && !line.includes('\x1b')),
      'no terminal control codes in a pipe',
    );
    const finished = lines.filter((line) =>
      /^model FM-MCMC ids k=4 {2}r1f[12] \([12]\/2\) {2}RMSE \d\.\d{4} {2}MAE \d\.\d{4} {2}\d+\.\d{2} s\n$/.test(line),
    );
    assert.equal(finished.length, 2);
  });
});
