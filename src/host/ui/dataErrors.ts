import * as vscode from 'vscode';
import type { ErrorInfo } from '../../shared/run';

export const OPEN_FILE_ACTION = 'Open File';

/** Opens a file with the cursor at a 1-based line. */
export async function openFileAtLine(file: string, line: number | undefined): Promise<void> {
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
}

/**
 * Shows a failure; when it names a file (bad data), the message leads with file:line and offers to
 * open the file at that line. Resolves once the user dismissed or acted on the message.
 */
export async function showRunError(prefix: string, error: ErrorInfo): Promise<void> {
  if (error.file === undefined) {
    await vscode.window.showErrorMessage(`${prefix}: ${error.message}`);
    return;
  }
  // DataError messages already start with file:line; keep them as they are.
  const location = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  const text = error.message.startsWith(error.file) ? error.message : `${location}: ${error.message}`;
  const choice = await vscode.window.showErrorMessage(`${prefix}: ${text}`, OPEN_FILE_ACTION);
  if (choice === OPEN_FILE_ACTION) await openFileAtLine(error.file, error.line);
}
