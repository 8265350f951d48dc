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
