import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The built webview bundles (dist/webview/<name>.js). */
export type WebviewScriptName = 'training' | 'spotCheck' | 'experiments';

/** A fresh nonce per page load: scripts run only when they carry it. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The only folders a panel may load from: our built scripts and our static media. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** Options for a panel we create or one VS Code restores after a reload. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: webviewResourceRoots(extensionUri),
    // A hidden panel is rebuilt from its saved state instead of kept alive in memory.
    retainContextWhenHidden: false,
  };
}

/**
 * The one HTML template of every panel: strict CSP, our stylesheet, and one bundled script that
 * builds the page into #root. The CSP allows no inline style or script and nothing from the network.
 */
export function renderWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  script: WebviewScriptName,
  title: string,
): string {
  const nonce = createNonce();
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [
    `default-src 'none'`,
    // The nonce lets the toolkit (FAST) run its one feature probe, a <style> it inserts and
    // removes (found via the csp-nonce meta); without it every load reports a CSP violation.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${styleUri.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="root" data-panel="${script}"></main>
<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
