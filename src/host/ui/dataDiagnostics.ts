/**
 * Bad data in the Problems panel: a failure that names a data file and line becomes a diagnostic
 * on that line (a squiggle in the editor). It goes away when the folder reads cleanly again: the
 * next successful run on it, or a change to the file after which the folder parses (the file is
 * watched while it has a diagnostic, so an edit outside the editor counts too).
 */
import { watch } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ErrorInfo } from '../../shared/run';
import { RequestError } from '../../threads/queryClient';
import { folderKey } from '../runs/runLibrary';
import { DisposableStore, toDisposable } from '../lifecycle';

/** Editors save in bursts (write, rename, touch): read the folder once they are done. */
const RECHECK_DELAY_MS = 300;

/** Reads a data folder again; resolves when it parses, rejects (a RequestError names file and line) when not. */
export type FolderCheck = (folder: string) => Promise<unknown>;

export class DataDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('recommender-lab');
  /** Watchers of the files that have a diagnostic, by file path. */
  private readonly watchers = new Map<string, DisposableStore>();

  constructor(private readonly check: FolderCheck) {}

  /** Puts a failure on its file and line; failures that name no file are not data problems. */
  report(error: ErrorInfo): void {
    if (error.file === undefined) return;
    const file = error.file;
    const line = Math.max(0, (error.line ?? 1) - 1);
    // To the end of the line: the editor clamps the range to the line's length.
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
      error.message,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'Recommender Lab';
    this.collection.set(vscode.Uri.file(file), [diagnostic]);
    this.watch(file);
  }

  /** The folder read cleanly: its files have no problem left. */
  clearFolder(folder: string): void {
    const key = folderKey(folder);
    this.collection.forEach((uri) => {
      if (folderKey(path.dirname(uri.fsPath)) === key) this.clearFile(uri.fsPath);
    });
  }

  /** The diagnostics of a file (for tests and the hover). */
  get(file: string): readonly vscode.Diagnostic[] {
    return this.collection.get(vscode.Uri.file(file)) ?? [];
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
    this.collection.dispose();
  }

  private clearFile(file: string): void {
    this.collection.delete(vscode.Uri.file(file));
    this.watchers.get(file)?.dispose();
    this.watchers.delete(file);
  }

  private watch(file: string): void {
    if (this.watchers.has(file)) return;
    const store = new DisposableStore();
    // Node's watcher on the file's folder: the data is read with Node in the extension host's
    // machine, and a folder watch survives editors that save by renaming a new file into place.
    // (VS Code's own watcher sent nothing for a data folder outside the workspace in code-server.)
    let timer: NodeJS.Timeout | undefined;
    try {
      const watcher = watch(path.dirname(file), (_event, name) => {
        if (name !== null && name !== path.basename(file)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void this.recheck(file), RECHECK_DELAY_MS);
      });
      watcher.on('error', () => store.dispose());
      store.add(toDisposable(() => watcher.close()));
    } catch {
      // The folder cannot be watched: the next run still clears or moves the problem.
    }
    store.add(toDisposable(() => clearTimeout(timer)));
    this.watchers.set(file, store);
  }

  /** The file changed: read its folder again and keep, move or drop the diagnostic. */
  private async recheck(file: string): Promise<void> {
    const folder = path.dirname(file);
    try {
      await this.check(folder);
      this.clearFolder(folder);
    } catch (error) {
      const info = error instanceof RequestError ? error.info : undefined;
      if (info?.file === undefined) return;
      if (info.file !== file) this.clearFile(file);
      this.report(info);
    }
  }
}
