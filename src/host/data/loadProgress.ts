/**
 * The query worker's parse of a data folder, shown while it goes: a percentage in the status bar
 * (a window progress), and the latest figure per folder for the Users view's message. At 25M
 * ratings the parse takes a few seconds, and views, hovers and spot checks wait for it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadProgressParams } from '../../shared/protocol/workerProtocol';
import { DisposableStore, toDisposable } from '../lifecycle';
import type { QueryClient } from '../../threads/queryClient';
import { folderKey } from '../runs/runLibrary';

/** "Reading ratings.csv… 45 %" */
export function loadProgressText(progress: LoadProgressParams): string {
  return `Reading ${path.basename(progress.file)}… ${loadPercent(progress)} %`;
}

export function loadPercent(progress: LoadProgressParams): number {
  return progress.totalBytes > 0 ? Math.min(100, Math.floor((100 * progress.bytesRead) / progress.totalBytes)) : 100;
}

export class LoadProgressReporter implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<LoadProgressParams>());
  /** Fires for every report (at most once per percent and folder). */
  readonly onDidChange = this.changed.event;
  private readonly latest = new Map<string, LoadProgressParams>();
  /** Ends the status bar progress of each folder being read. */
  private readonly shown = new Map<string, { report: (text: string) => void; end: () => void }>();

  constructor(client: QueryClient) {
    this.disposables.add(client.onDidProgressLoad((progress) => this.receive(progress)));
    this.disposables.add(toDisposable(() => [...this.shown.values()].forEach((entry) => entry.end())));
  }

  /** The last report for a folder while its parse goes; undefined once done (or never started). */
  current(folder: string): LoadProgressParams | undefined {
    return this.latest.get(folderKey(folder));
  }

  private receive(progress: LoadProgressParams): void {
    const key = folderKey(progress.dataFolder);
    const done = progress.bytesRead >= progress.totalBytes;
    if (done) this.latest.delete(key);
    else this.latest.set(key, progress);
    this.changed.fire(progress);
    let entry = this.shown.get(key);
    if (entry === undefined && !done) entry = this.show(key);
    entry?.report(loadProgressText(progress));
    if (done && entry !== undefined) {
      entry.end();
      this.shown.delete(key);
    }
  }

  private show(key: string): { report: (text: string) => void; end: () => void } {
    let end: () => void = () => undefined;
    let report: (text: string) => void = () => undefined;
    const finished = new Promise<void>((resolve) => (end = resolve));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Recommender Lab' }, (progress) => {
      report = (text) => progress.report({ message: text });
      return finished;
    });
    const entry = { report: (text: string) => report(text), end: () => end() };
    this.shown.set(key, entry);
    return entry;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
