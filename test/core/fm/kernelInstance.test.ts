import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { compiledAgainstDirect } from './kernelIdentity';

describe('FM kernels compiled per fold', () => {
  it('give the same numbers as the factories called directly (under tsx, fold after fold)', () => {
    assert.deepEqual(compiledAgainstDirect(4), []);
  });

  it('give the same numbers after esbuild bundling with minification, and without code generation', async function () {
    this.timeout(60000);
    const bundle = await build({
      stdin: {
        contents:
          "import { compiledAgainstDirect } from './kernelIdentity';\nprocess.stdout.write(JSON.stringify(compiledAgainstDirect(3)));\n",
        resolveDir: __dirname,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const text = bundle.outputFiles[0].text;
    // Minified: the factories' names are gone, so the copies compile from mangled source.
    assert.ok(!text.includes('createCaseKernels'), 'the bundle is minified');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-bundle-'));
    try {
      const file = path.join(folder, 'check.js');
      fs.writeFileSync(file, text);
      const result = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), []);
      // Where code generation from strings is disallowed, the factories run as they are.
      const disallowed = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', file], { encoding: 'utf8' });
      assert.equal(disallowed.status, 0, disallowed.stderr);
      assert.deepEqual(JSON.parse(disallowed.stdout), []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
