// Lint = the architecture's edges, enforced. Each layer may import only what is below it:
//   core      pure engine: nothing outside src/core, never `vscode`
//   shared    protocols, run configuration, labels, panel state: types (only) from core
//   worker    thread code: core and shared
//   threads   the main-thread side of worker threads (clients, pool): core and shared, never `vscode`
//   host      the VS Code face: core, shared, threads
//   cli/bench other faces over core: core, shared, threads
//   wasm      AssemblyScript kernels (scripts/wasm.mjs compiles them into core): no imports
//   webview   browser code of the panels: shared only
// A wrong-way import fails `npm test` (the lint stage); scripts/checkCycles.mjs refuses cycles.
import tseslint from 'typescript-eslint';

// An import that climbs out of its folder into src/<layer> (webviews climb into ../../src/<layer>).
const layerRegex = (layers) => `^(\\.\\./)+(src/)?(${layers.join('|')})(/|$)`;
const forbid = (layers, message) => ({ regex: layerRegex(layers), message });
const vscodeForbidden = { name: 'vscode', message: 'Only src/host may import vscode.' };
const webviewForbidden = { regex: '^(\\.\\./)+webview(/|$)', message: 'Only the webview bundles import webview code.' };

/** no-restricted-imports for files of one layer. */
function layer(files, { paths = [], patterns = [] }) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-artifacts/**', 'bench-results/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  layer(['src/core/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [
      forbid(['shared', 'worker', 'threads', 'host', 'cli', 'bench'], 'src/core is pure: it imports nothing outside src/core.'),
      webviewForbidden,
    ],
  }),
  layer(['src/shared/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [
      forbid(['worker', 'threads', 'host', 'cli', 'bench'], 'src/shared is read by every side: it imports only core types.'),
      {
        regex: layerRegex(['core']),
        allowTypeImports: true,
        message: 'src/shared imports only types from core (the webviews bundle shared).',
      },
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads'], message: 'src/shared runs in webviews too: no Node modules.' },
      webviewForbidden,
    ],
  }),
  layer(['src/worker/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [forbid(['threads', 'host', 'cli', 'bench'], 'src/worker is thread code: core and shared only.'), webviewForbidden],
  }),
  layer(['src/threads/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [
      forbid(['worker', 'host', 'cli', 'bench'], 'src/threads starts workers by bundle path; it imports core and shared only.'),
      webviewForbidden,
    ],
  }),
  layer(['src/host/**/*.ts'], {
    patterns: [forbid(['worker', 'cli', 'bench'], 'src/host talks to the worker through src/threads and the protocol.'), webviewForbidden],
  }),
  layer(['src/cli/**/*.ts', 'src/bench/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [forbid(['worker', 'host'], 'The CLI and bench are faces over core, shared and threads.'), webviewForbidden],
  }),
  layer(['src/wasm/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [
      forbid(
        ['core', 'shared', 'worker', 'threads', 'host', 'cli', 'bench'],
        'src/wasm is AssemblyScript compiled alone (scripts/wasm.mjs): no imports.',
      ),
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads'], message: 'src/wasm compiles to WebAssembly: no Node modules.' },
      webviewForbidden,
    ],
  }),
  layer(['webview/**/*.ts'], {
    paths: [vscodeForbidden],
    patterns: [
      forbid(['core', 'worker', 'threads', 'host', 'cli', 'bench'], 'Webviews import only src/shared.'),
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads'], message: 'Webviews run in a browser: no Node modules.' },
    ],
  }),
);
