/**
 * The `recommenderLab.hasData` context key: true when the workspace has MovieLens data (a chosen
 * folder, or a ratings file found at any depth). The walkthrough's "Get MovieLens data" step
 * completes on it, so a workspace that already has data does not ask for it.
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../lifecycle';
import type { DataFolderState } from './dataFolders';

export const HAS_DATA_CONTEXT = 'recommenderLab.hasData';

export class DataContextKey implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private current: boolean | undefined;
  /** The last check, for whoever wants to wait for it (tests). */
  ready: Promise<boolean>;

  constructor(private readonly dataFolders: DataFolderState) {
    this.disposables.add(dataFolders.onDidChange(() => void this.update()));
    // Found by a workspace search after activation, so activation itself stays light.
    this.ready = this.update();
  }

  /** The value last set (undefined before the first check ends). */
  get value(): boolean | undefined {
    return this.current;
  }

  /** Looks again (the data folder changed, or data was downloaded). */
  update(): Promise<boolean> {
    this.ready = (async () => {
      const hasData = this.dataFolders.current !== undefined || (await this.dataFolders.available()).length > 0;
      if (hasData !== this.current) {
        this.current = hasData;
        await vscode.commands.executeCommand('setContext', HAS_DATA_CONTEXT, hasData);
      }
      return hasData;
    })();
    return this.ready;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
