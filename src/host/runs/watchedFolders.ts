import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getLog } from '../ui/log';

/** How long a level may take to be reported before the next is made anyway (the periodic catch-up remains). */
const SEEN_TIMEOUT_MS = 2_000;

/** Folders being made now: two callers (the watcher, a run starting) must not race each other's levels. */
const making = new Map<string, Promise<void>>();

/**
 * Makes folders inside a workspace folder so that the workspace's file watcher follows them. On
 * Linux it watches a new folder only once it has seen it made; a subfolder made before that (as
 * `mkdir -p` does) is never watched, and nothing under it is ever reported (parcel-bundler/watcher
 * issue 97, from microsoft/vscode issue 142694; still open). Measured with
 * code-server's watcher: a freshly made `.recommender-lab/runs` went unwatched in 5 of 20 tries,
 * and in none of 20 when each level waited for the event of the one before.
 */
export function watchedFolderMaker(workspaceFolder: vscode.Uri): (folder: string) => Promise<void> {
  return (folder) => {
    let pending = making.get(folder);
    if (pending === undefined) {
      pending = makeLevels(workspaceFolder, folder).finally(() => making.delete(folder));
      making.set(folder, pending);
    }
    return pending;
  };
}

async function makeLevels(workspaceFolder: vscode.Uri, folder: string): Promise<void> {
  const relative = path.relative(workspaceFolder.fsPath, folder);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    await mkdir(folder, { recursive: true }); // not under the workspace's watcher
    return;
  }
  const levels = relative.split(path.sep);
  for (let depth = 1; depth <= levels.length; depth++) {
    const level = levels.slice(0, depth);
    const full = path.join(workspaceFolder.fsPath, ...level);
    if (!(await isFolder(full))) await makeSeen(workspaceFolder, level.join('/'), full);
  }
}

/** Makes one folder and waits until the workspace's watcher reports it (or the timeout). */
async function makeSeen(workspaceFolder: vscode.Uri, level: string, full: string): Promise<void> {
  // A pattern with `**` is served by the workspace's own recursive watcher, the one that must follow.
  const pattern = new vscode.RelativePattern(workspaceFolder, `{${level},${level}/**}`);
  const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const seen = new Promise<boolean>((resolve) => {
      watcher.onDidCreate((uri) => {
        if (uri.fsPath === full) resolve(true);
      });
      timer = setTimeout(() => resolve(false), SEEN_TIMEOUT_MS);
    });
    const made = await mkdir(full).then(
      () => true,
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        return false;
      },
    );
    if (!made) {
      // Made meanwhile by someone else, or a file of that name: the run cannot go there.
      if (!(await isFolder(full))) throw new Error(`Cannot keep runs in ${full}: a file of that name is in the way.`);
      return;
    }
    if (!(await seen)) {
      getLog().warn(
        `The file watcher did not report ${full} within ${SEEN_TIMEOUT_MS / 1000} s; runs other windows write there may show late.`,
      );
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    watcher.dispose();
  }
}

async function isFolder(folder: string): Promise<boolean> {
  return stat(folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
