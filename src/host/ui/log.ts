import * as vscode from 'vscode';

/** The name of the one Output channel of the extension (Output › Recommender Lab). */
export const LOG_CHANNEL_NAME = 'Recommender Lab';

let channel: vscode.LogOutputChannel | undefined;

/**
 * The extension's log: run lines, warnings and errors go to one LogOutputChannel, created on first
 * use (activation stays light) and shared by every module that logs.
 */
export function getLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return channel;
}

/** Disposes the channel (on deactivation); a later getLog() makes a new one. */
export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
