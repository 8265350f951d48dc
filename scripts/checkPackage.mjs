// Checks the packaged extension (npm run package → recommender-lab.vsix): under 1 MB, only the
// bundles, media, manifest and docs, no source maps or sources, and never MovieLens data.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.resolve(repoRoot, process.argv[2] ?? 'recommender-lab.vsix');
const MAX_BYTES = 1024 * 1024;

/** Entry names from the ZIP's central directory. */
function zipEntries(buffer) {
  const endSignature = 0x06054b50;
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== endSignature) end--;
  if (end < 0) throw new Error(`${file} is not a ZIP archive`);
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const names = [];
  for (let index = 0; index < count; index++) {
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const size = statSync(file).size;
const names = zipEntries(readFileSync(file));
const problems = [];
if (size >= MAX_BYTES) problems.push(`${size} bytes, over the 1 MB budget`);
for (const name of names) {
  if (/\.map$/.test(name)) problems.push(`holds a source map: ${name}`);
  if (/(^|\/)(src|test|node_modules|scripts)\//.test(name)) problems.push(`holds sources or dependencies: ${name}`);
  if (/(^|\/)(u\.data|u\.item|u\.user|ratings\.(dat|csv)|movies\.(dat|csv)|users\.dat)$/.test(name))
    problems.push(`holds MovieLens data: ${name}`);
}
for (const needed of [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/worker.js',
  'extension/dist/webview/training.js',
  'extension/dist/webview/spotCheck.js',
]) {
  if (!names.includes(needed)) problems.push(`lacks ${needed}`);
}
if (problems.length > 0) {
  console.error(`check-package: ${path.basename(file)}:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`check-package: ${path.basename(file)} ${(size / 1024).toFixed(0)} KB, ${names.length} files, no maps, sources or data`);
}
