import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('scripts/wasm.mjs: the committed WebAssembly modules', () => {
  it('are what their AssemblyScript sources (src/wasm) compile to', function () {
    this.timeout(60000);
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'wasm.mjs'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  });
});
