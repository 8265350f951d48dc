/**
 * Runs a libFM binary (built by the user from libFM's public source; the project never ships or
 * fetches one) on BS files from libfmFiles.ts and times it the way the project is timed.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { LibfmInput } from './libfmFiles';

export interface LibfmSettings {
  readonly rank: number;
  readonly iterations: number;
  readonly initStdev: number;
  readonly seed: number;
}

export interface LibfmFigures {
  /** Wall time per iteration from the first iteration's line to the last (as the project's steady figure). */
  readonly msPerIteration: number;
  /** CPU time per iteration after the first (libFM's own clock() per iteration, from its -rlog). */
  readonly cpuMsPerIteration: number;
  /** RMSE of the posterior mean on the test cases after the last iteration. */
  readonly testRmse: number;
  readonly iterations: number;
}

/** libFM's MCMC with the project's rank, iterations, init and seed; rejects if libFM fails. */
export function runLibfm(binary: string, input: LibfmInput, settings: LibfmSettings): Promise<LibfmFigures> {
  const log = path.join(path.dirname(input.train), 'libfm.rlog');
  const args = [
    ['-task', 'r'],
    ['-method', 'mcmc'],
    ['-train', input.train],
    ['-test', input.test],
    ['-relation', input.relations.join(',')],
    ['-dim', `1,1,${settings.rank}`],
    ['-iter', String(settings.iterations)],
    ['-init_stdev', String(settings.initStdev)],
    ['-seed', String(settings.seed)],
    ['-rlog', log],
  ].flat();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stamps: number[] = [];
    let testRmse = Number.NaN;
    let errors = '';
    // Each "#Iter=" line is flushed when the iteration ends: stamp it on arrival.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^#Iter=\s*\d+\s+Train=\S+\s+Test=(\S+)/.exec(line);
      if (!match) return;
      stamps.push(performance.now());
      testRmse = Number(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || stamps.length < 2) {
        reject(new Error(`libFM exited with code ${String(code)} after ${stamps.length} iterations: ${errors.trim().slice(0, 400)}`));
        return;
      }
      resolve({
        msPerIteration: (stamps[stamps.length - 1] - stamps[0]) / (stamps.length - 1),
        cpuMsPerIteration: cpuPerIteration(log),
        testRmse,
        iterations: stamps.length,
      });
    });
  });
}

/** Mean of the rlog's time_learn2 column (seconds of clock() per iteration), first iteration left out. */
function cpuPerIteration(log: string): number {
  const [header, ...rows] = fs.readFileSync(log, 'utf8').trim().split('\n');
  const column = header.split('\t').indexOf('time_learn2');
  if (column < 0 || rows.length < 2) return Number.NaN;
  const seconds = rows.slice(1).map((row) => Number(row.split('\t')[column]));
  return (1000 * seconds.reduce((total, value) => total + value, 0)) / seconds.length;
}
