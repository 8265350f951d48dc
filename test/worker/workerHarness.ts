import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeSyntheticMovieLens } from '../../src/core/data/synthetic';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';
import type { ProtocolConfig } from '../../src/core/config/schema';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import type { ModelConfig } from '../../src/core/config/schema';
import type { RunRequest } from '../../src/shared/run';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const workerPath = path.join(repoRoot, 'dist', 'worker.js');

let built = false;

/** The tests run the real bundle: build it once per mocha process. */
export function buildWorker(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  built = true;
}

/** A temporary folder with a small synthetic MovieLens 100K-format data set. */
export function syntheticFolder(options: { users?: number; items?: number; ratingsPerUser?: number } = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'recommender-lab-worker-'));
  writeSyntheticMovieLens(folder, { users: 120, items: 80, ratingsPerUser: 30, seed: 7, ...options });
  return folder;
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** Replaces one line (1-based) of a file. */
export function replaceLine(file: string, line: number, text: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = text;
  writeFileSync(file, lines.join('\n'));
}

let counter = 0;

export function fmRequest(dataFolder: string, model: Partial<ModelConfig> = {}, protocol: Partial<ProtocolConfig> = {}): RunRequest {
  counter += 1;
  return {
    runId: `test-${process.pid}-${counter}`,
    kind: 'evaluate',
    dataFolder,
    model: defaultModelConfig('fm', { method: 'als', iterations: 8, rank: 4, ...model }),
    protocol: defaultProtocolConfig({ protocol: 'bootstrap', folds: 2, repeats: 1, ...protocol }),
  };
}
