import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Lints `code` as if it were the file at `file` (repo-relative); returns the rule ids it broke. */
async function violations(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

// The architecture's edges are enforced by the lint stage: each wrong-way import below must fail.
describe('layer boundaries (eslint.config.mjs)', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: repoRoot });
  const restricted = '@typescript-eslint/no-restricted-imports';

  const wrong: ReadonlyArray<readonly [string, string]> = [
    ['src/core/fm/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;"],
    ['src/core/fm/probe.ts', "import { modelLabel } from '../../shared/labels';\nexport const probe = modelLabel;"],
    ['src/core/data/probe.ts', "import { RunClient } from '../../threads/runClient';\nexport const probe = RunClient;"],
    ['src/worker/probe.ts', "import { activate } from '../host/extension';\nexport const probe = activate;"],
    ['src/worker/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;"],
    ['src/shared/probe.ts', "import { loadMovieLens } from '../core/data/load';\nexport const probe = loadMovieLens;"],
    ['src/shared/probe.ts', "import * as fs from 'node:fs';\nexport const probe = fs;"],
    ['src/threads/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;"],
    ['src/cli/probe.ts', "import { activate } from '../host/extension';\nexport const probe = activate;"],
    ['webview/training/probe.ts', "import type { Ratings } from '../../src/core/data/types';\nexport type Probe = Ratings;"],
    ['webview/training/probe.ts', "import { RunClient } from '../../src/threads/runClient';\nexport const probe = RunClient;"],
    ['webview/training/probe.ts', "import * as path from 'node:path';\nexport const probe = path;"],
    ['src/host/probe.ts', "import { postToHost } from '../../webview/shared/host';\nexport const probe = postToHost;"],
    ['src/host/probe.ts', "import { runTraining } from '../worker/trainingRun';\nexport const probe = runTraining;"],
    ['src/wasm/probe.ts', "import { Random } from '../core/random';\nexport const probe = Random;"],
  ];
  for (const [file, code] of wrong) {
    it(`refuses in ${file}: ${code.split('\n')[0]}`, async () => {
      assert.ok((await violations(eslint, file, code)).includes(restricted));
    });
  }

  const right: ReadonlyArray<readonly [string, string]> = [
    ['src/core/fm/probe.ts', "import { Random } from '../random';\nexport const probe = Random;"],
    ['src/shared/probe.ts', "import type { Ratings } from '../core/data/types';\nexport type Probe = Ratings;"],
    ['src/worker/probe.ts', "import { loadMovieLens } from '../core/data/load';\nexport const probe = loadMovieLens;"],
    [
      'src/host/probe.ts',
      "import * as vscode from 'vscode';\nimport { RunClient } from '../threads/runClient';\nexport const probe = [vscode, RunClient];",
    ],
    ['webview/training/probe.ts', "import { modelLabel } from '../../src/shared/labels';\nexport const probe = modelLabel;"],
    ['webview/training/probe.ts', "import { postToHost } from '../shared/host';\nexport const probe = postToHost;"],
  ];
  for (const [file, code] of right) {
    it(`allows in ${file}: ${code.split('\n').slice(0, -1).join(' ')}`, async () => {
      assert.deepEqual(
        (await violations(eslint, file, code)).filter((rule) => rule === restricted),
        [],
      );
    });
  }
});

describe('import cycles (scripts/checkCycles.mjs)', () => {
  it('passes on the sources and fails on a cycle through a type-only import, naming the files', () => {
    const clean = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'checkCycles.mjs')], { encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr);

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cycles-'));
    try {
      fs.writeFileSync(path.join(folder, 'a.ts'), "import { b } from './b';\nexport const a = b + 1;\n");
      fs.writeFileSync(path.join(folder, 'b.ts'), "import type { C } from './c';\nexport const b: C = 1;\n");
      fs.writeFileSync(path.join(folder, 'c.ts'), "import type { a } from './a';\nexport type C = typeof a;\n");
      const cyclic = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'checkCycles.mjs'), folder], { encoding: 'utf8' });
      assert.equal(cyclic.status, 1);
      assert.match(cyclic.stderr, /import cycle \(3 files\): .*a\.ts → .*b\.ts → .*c\.ts → .*a\.ts/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
