import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

// The generic code over blocks and states (refreshing the caches, predicting, the priors, the
// model) is compiled once a thread only if every fold's objects have the same shape: an object
// spread from one with many fields got a map of its own each time, and that code was deoptimized
// and compiled again every fold.
describe('the objects of a fold', () => {
  it("have the same V8 maps as another fold's (blocks and states, with a context block)", async function () {
    this.timeout(60000);
    const bundle = await build({
      stdin: {
        contents: "import { foldShapes } from './foldShapes';\nprocess.stdout.write(JSON.stringify(foldShapes()));\n",
        resolveDir: __dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fold-shapes-'));
    try {
      const file = path.join(folder, 'shapes.js');
      fs.writeFileSync(file, bundle.outputFiles[0].text);
      const result = spawnSync(process.execPath, ['--allow-natives-syntax', file], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const shapes = JSON.parse(result.stdout) as Record<string, boolean>;
      assert.deepEqual(
        Object.keys(shapes).filter((name) => !shapes[name]),
        [],
        `objects whose map differs between two folds: ${result.stdout}`,
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
