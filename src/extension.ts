import * as vscode from 'vscode';

// Placeholder wiring; the full face (commands, views, hover, panels) replaces it.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('recommenderLab.trainFm', () => {
      void vscode.window.showInformationMessage('Recommender Lab: Train FM');
    }),
  );
}

export function deactivate(): void {}
