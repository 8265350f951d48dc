// Bundles the in-host test suite (test/vscode/suite/index.ts + every test/integration/**/*.test.ts)
// into out/test/index.js, the extensionTestsPath module. `vscode` comes from the extension host and
// mocha from the repo's node_modules (resolvable from out/test), so both stay external.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const integrationDir = path.join(repoRoot, 'test', 'integration');
const listModule = path.join(repoRoot, 'test', 'vscode', 'suite', 'integrationTests.ts');

function findTests(folder) {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((entry) => {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) return findTests(file);
      return entry.name.endsWith('.test.ts') ? [file] : [];
    })
    .sort();
}

const tests = findTests(integrationDir);
// Replaces the empty list with lazy requires: esbuild evaluates a required module on first
// require, so each file's describe/it run only after mocha has set its globals.
const integrationTestsPlugin = {
  name: 'integration-tests',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /integrationTests\.ts$/ }, (args) => {
      if (path.resolve(args.path) !== listModule) return undefined;
      const items = tests.map((file) => {
        const name = path.relative(repoRoot, file);
        return `  { name: ${JSON.stringify(name)}, load: () => { require(${JSON.stringify(file)}); } },`;
      });
      return { contents: `export const integrationTests = [\n${items.join('\n')}\n];\n`, loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [path.join(repoRoot, 'test', 'vscode', 'suite', 'index.ts')],
  outfile: path.join(repoRoot, 'out', 'test', 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  plugins: [integrationTestsPlugin],
  logLevel: 'warning',
});
console.log(`[bundleTests] out/test/index.js: ${tests.length} integration test file(s)`);
