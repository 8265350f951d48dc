import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecommenderLabApi } from '../../src/host/extension';

export const EXTENSION_ID = 'recommender-lab.recommender-lab';

/** Activates the extension under test and returns what activate() returned. */
export async function activateExtension(): Promise<RecommenderLabApi> {
  const extension = vscode.extensions.getExtension<RecommenderLabApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed in the test host`);
  return extension.activate();
}

/**
 * The MovieLens 100K folder of the test workspace (the harness links ../shared/ml-100k into it;
 * the data itself never enters the repository).
 */
export async function movieLensFolder(): Promise<string> {
  const files = await vscode.workspace.findFiles('**/u.data', '**/node_modules/**');
  const folders = files.map((file) => path.dirname(file.fsPath)).filter((folder) => path.basename(folder) === 'ml-100k');
  assert.ok(
    folders.length > 0,
    `the test workspace has an ml-100k folder (found u.data in: ${files.map((file) => file.fsPath).join(', ') || 'nothing'})`,
  );
  return folders[0];
}

/** Polls until `condition` holds or the time is up. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The plain text of hover contents (markdown strings or marked strings). */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

/** Polls an async condition until it holds or the time is up (e.g. a view following the disk). */
export async function eventually(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
