import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedMovieLens } from './paths';

/** Options of {@link makeWorkspace}. */
export interface WorkspaceOptions {
  /** Copies ../shared/ml-100k into the workspace as `ml-100k/` (outside the repo, per run). */
  movieLens?: boolean;
  /** Written to `.vscode/settings.json`. */
  settings?: Record<string, unknown>;
}

/**
 * Creates the workspace folder a test run opens. MovieLens is COPIED into it rather than linked:
 * the extension then finds it with ordinary workspace file search (no symlink following, no
 * realpath outside the workspace), and whatever a test does to the copy can never touch the
 * shared data. The copy lives in the run's temp folder and is removed with it.
 */
export function makeWorkspace(runDir: string, options: WorkspaceOptions = {}): string {
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  if (options.movieLens === true) {
    if (!fs.existsSync(path.join(sharedMovieLens, 'u.data'))) {
      throw new Error(`MovieLens 100K not found at ${sharedMovieLens}`);
    }
    fs.cpSync(sharedMovieLens, path.join(workspace, 'ml-100k'), { recursive: true });
  }
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.settings ?? {}, null, 2));
  return workspace;
}

/**
 * What a run changed in the workspace copy of MovieLens (added, removed or rewritten files),
 * compared with ../shared/ml-100k: the extension must never modify the data it reads.
 */
export function movieLensChanges(workspace: string): string[] {
  const copy = path.join(workspace, 'ml-100k');
  const list = (folder: string): string[] =>
    fs
      .readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
      .sort();
  const original = new Set(list(sharedMovieLens));
  const now = new Set(list(copy));
  const changes: string[] = [];
  for (const file of now) if (!original.has(file)) changes.push(`added ml-100k/${file}`);
  for (const file of original) {
    if (!now.has(file)) changes.push(`removed ml-100k/${file}`);
    else if (!fs.readFileSync(path.join(copy, file)).equals(fs.readFileSync(path.join(sharedMovieLens, file)))) {
      changes.push(`modified ml-100k/${file}`);
    }
  }
  return changes;
}
