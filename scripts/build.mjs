// Bundles every entry point with esbuild. Node targets are CommonJS (VS Code loads the extension
// with require); webview scripts are browser IIFEs loaded by <script nonce>.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

const nodeEntries = {
  extension: 'src/host/extension.ts',
  worker: 'src/worker/trainingWorker.ts',
  cli: 'src/cli/main.ts',
  bench: 'src/bench/main.ts',
  benchAccuracy: 'src/bench/accuracy.ts',
  synth: 'src/cli/synth.ts',
  scale: 'src/bench/scale.ts',
  benchRanking: 'src/bench/ranking.ts',
};
const webviewEntries = {
  training: 'webview/training/main.ts',
  spotCheck: 'webview/spotCheck/main.ts',
  experiments: 'webview/experiments/main.ts',
};

const present = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

await build({
  ...common,
  entryPoints: present(nodeEntries),
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
});
await build({
  ...common,
  entryPoints: present(webviewEntries),
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
});
