import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding package.json, from dist/ or src/bench/ (where bench-results/ goes). */
export function findRepoRoot(start: string): string {
  let folder = start;
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}
