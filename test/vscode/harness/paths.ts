import * as os from 'node:os';
import * as path from 'node:path';

// Same cache layout and versions as scripts/vscode/install.sh (keep the two in step).
const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';

/** The repository root (this file is test/vscode/harness/paths.ts). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** MovieLens 100K beside the checkout; read-only, never copied into the repo. */
export const sharedMovieLens = path.resolve(repoRoot, '..', 'shared', 'ml-100k');

/** Where scripts/vscode/install.sh caches Node 24 and code-server. */
export const cacheDir = process.env.RLAB_CACHE ?? path.join(os.homedir(), '.cache', 'recommender-lab');

/** Node 24, which code-server 4.139 needs (the machine's Node is 20). */
export const node24 = path.join(cacheDir, `node-v${NODE_VERSION}`, 'bin', 'node');

/** code-server's entry script, run with {@link node24}. */
export const codeServerEntry = path.join(
  cacheDir,
  `code-server-${CODE_SERVER_VERSION}`,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** Debian's Chromium (playwright's own browser download does not work offline). */
export const chromiumPath = process.env.RLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and logs of test runs (gitignored). */
export const artifactsDir = path.join(repoRoot, '.test-artifacts');
