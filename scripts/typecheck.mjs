// Type-checks the whole repository (tsconfig.json) and each layer with only the types it may use
// (src/*/tsconfig.json, webview/tsconfig.json): core without DOM or vscode, shared and webview
// without Node, only host with vscode. Two at a time; prints every failure, exits 1 on any.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['.', 'src/wasm', 'src/core', 'src/shared', 'src/worker', 'src/threads', 'src/host', 'src/cli', 'src/bench', 'webview'];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ project, code, output }));
  });
}

const started = performance.now();
const queue = [...projects];
const failures = [];
await Promise.all(
  [0, 1].map(async () => {
    for (let project = queue.shift(); project !== undefined; project = queue.shift()) {
      const result = await check(project);
      if (result.code !== 0) failures.push(result);
    }
  }),
);
for (const failure of failures) process.stderr.write(`tsc -p ${failure.project}:\n${failure.output}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`typecheck: ${projects.length - failures.length}/${projects.length} projects clean in ${seconds} s`);
if (failures.length > 0) process.exitCode = 1;
