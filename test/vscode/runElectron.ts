// The same in-host suite (out/test/index.js) under @vscode/test-electron, for machines where a
// VS Code desktop build can be downloaded or is installed (not this CI: it is offline).
//   npm run build && node scripts/vscode/bundleTests.mjs && node --require tsx/cjs test/vscode/runElectron.ts
// VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { makeRunDir, removeRunDir } from './harness/codeServer';
import { repoRoot, sharedMovieLens } from './harness/paths';
import { makeWorkspace } from './harness/workspace';

async function main(): Promise<number> {
  const runDir = makeRunDir('electron');
  try {
    const workspace = makeWorkspace(runDir, { movieLens: true });
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'index.js'),
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        path.join(runDir, 'user-data'),
        '--extensions-dir',
        path.join(runDir, 'extensions'),
      ],
      extensionTestsEnv: {
        RLAB_REPO_ROOT: repoRoot,
        RLAB_SHARED_ML100K: sharedMovieLens,
        RLAB_WORKSPACE: workspace,
        RLAB_WORKSPACE_ML100K: path.join(workspace, 'ml-100k'),
      },
    });
    return 0;
  } catch (error) {
    process.stderr.write(`[runElectron] ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    removeRunDir(runDir);
  }
}

void main().then((code) => {
  process.exitCode = code;
});
