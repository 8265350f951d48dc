// Fails on any import cycle among the sources (src/, webview/), type-only imports included: a
// type cycle is still two modules that cannot be understood (or moved) one without the other.
// ESLint's no-cycle rules skip `import type`, so this small check does the graph itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'webview'];

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

const specifierPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:import|require)\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function resolveImport(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const files = roots.flatMap((root) => sourceFiles(path.resolve(repoRoot, root)));
const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const targets = new Set();
  for (const match of text.matchAll(specifierPattern)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target !== undefined && target.endsWith('.ts')) targets.add(target);
  }
  edges.set(file, [...targets]);
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function connect(file) {
  index.set(file, counter);
  low.set(file, counter);
  counter++;
  stack.push(file);
  onStack.add(file);
  for (const target of edges.get(file) ?? []) {
    if (!index.has(target)) {
      connect(target);
      low.set(file, Math.min(low.get(file), low.get(target)));
    } else if (onStack.has(target)) {
      low.set(file, Math.min(low.get(file), index.get(target)));
    }
  }
  if (low.get(file) === index.get(file)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) components.push(component);
  }
}
for (const file of files) if (!index.has(file)) connect(file);

const relative = (file) => path.relative(repoRoot, file);

/** The shortest loop from `start` back to itself through `members` (breadth first). */
function shortestLoop(start, members, graph) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const loop = [];
        for (let step = node; step !== undefined; step = previous.get(step)) loop.unshift(step);
        return [...loop, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

// Folders of src/core as nodes too: data → eval → data is a knot even when no two files loop.
const coreRoot = path.join(repoRoot, 'src', 'core');
const folderOf = (file) => {
  const inside = path.relative(coreRoot, file);
  return inside.startsWith('..') || !inside.includes(path.sep) ? undefined : inside.split(path.sep)[0];
};
const folderEdges = new Map();
for (const [file, targets] of edges) {
  const from = folderOf(file);
  if (from === undefined) continue;
  for (const target of targets) {
    const to = folderOf(target);
    if (to === undefined || to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Set());
    folderEdges.get(from).add(to);
  }
}
const folderGraph = new Map([...folderEdges].map(([folder, targets]) => [folder, [...targets]]));
const folderCycles = [];
for (const folder of folderGraph.keys()) {
  const loop = shortestLoop(folder, new Set(folderGraph.keys()), folderGraph);
  if (loop.length > 2 || (loop.length === 2 && folderGraph.get(folder).includes(folder))) {
    const key = [...loop.slice(0, -1)].sort().join(',');
    if (!folderCycles.some((known) => known.key === key)) folderCycles.push({ key, loop });
  }
}
function witnesses(from, to) {
  return [...edges]
    .filter(([file, targets]) => folderOf(file) === from && targets.some((target) => folderOf(target) === to))
    .map(([file]) => relative(file));
}

for (const component of components) {
  // Start from the first file by name, so the same cycle is always reported the same way.
  const loop = shortestLoop([...component].sort()[0], new Set(component), edges);
  console.error(`import cycle (${component.length} files): ${loop.map(relative).join(' → ')}`);
}
for (const { loop } of folderCycles) {
  const steps = loop
    .slice(0, -1)
    .map((folder, position) => `${folder} → ${loop[position + 1]} (${witnesses(folder, loop[position + 1]).join(', ')})`);
  console.error(`folder cycle in src/core: ${loop.join(' → ')}\n  ${steps.join('\n  ')}`);
}
if (components.length + folderCycles.length > 0) {
  process.exitCode = 1;
} else {
  console.log(`check-cycles: ${files.length} files, no import cycle (files, or folders of src/core)`);
}
