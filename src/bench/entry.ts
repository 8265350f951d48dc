import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchCommandLine } from './benchArgs';

/** The folder holding package.json (bench results go under it), from dist/ or src/bench/. */
export function findRepoRoot(start: string): string {
  let folder = start;
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

/**
 * Runs a bench's main: its exit code, or 1 with a one-line message named after the bench; with
 * --help or -h only the usage.
 */
export function runBench(name: string, main: (args: string[]) => Promise<number>, commandLine: BenchCommandLine): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: ${commandLine.usage}\n`);
    return;
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Where and on what a bench ran: the head of every report. */
export function benchMachine(): { date: string; node: string; cpu: string; cores: number } {
  return { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length };
}

/** Writes a report as bench-results/NAME.json under the repository; returns the file's path. */
export function writeBenchResults(name: string, report: unknown): string {
  const output = path.join(findRepoRoot(__dirname), 'bench-results', `${name}.json`);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  return output;
}
