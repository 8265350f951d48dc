import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { escapeHtml } from './html';

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

/** media/panel.css, read once per extension folder. */
const stylesheets = new Map<string, string>();

function stylesheet(extensionUri: vscode.Uri): string {
  const file = vscode.Uri.joinPath(extensionUri, 'media', 'panel.css').fsPath;
  let css = stylesheets.get(file);
  if (css === undefined) {
    css = readFileSync(file, 'utf8');
    stylesheets.set(file, css);
  }
  return css;
}

/**
 * The inline script that adds the page's bundle once the page has loaded. The workbench keeps a
 * new page hidden until its `load` event, or 200 ms if that comes later; a bundle in the HTML
 * (even deferred) holds `load` back until it has come through the service worker and run, so the
 * skeleton waited for it. The host posts nothing before the page's script says it is ready, so
 * no message can arrive before the bundle listens.
 */
function loadAfterPageLoad(scriptUri: string, nonce: string): string {
  const source = JSON.stringify(scriptUri).replace(/</g, '\\u003c');
  return `addEventListener('load', () => { const script = document.createElement('script'); script.nonce = '${nonce}'; script.src = ${source}; document.body.append(script); }, { once: true });`;
}

/**
 * The one HTML template of every panel: strict CSP, our stylesheet, and one bundled script that
 * builds the page into #root. Styles and the script run only with the page's nonce; nothing comes
 * from the network. `skeleton` (HTML, escaped by the caller) fills #root until the script draws the
 * first state: the page shows what is coming before its script has loaded.
 *
 * The stylesheet is inlined (under the nonce): a linked one blocks the first paint until it has
 * come through the webview's service worker and the workbench, a round trip that took hundreds of
 * milliseconds on a loaded machine, which the skeleton is there to avoid. For the same reason the
 * bundle is asked for only once the page has loaded (see loadAfterPageLoad).
 */
export function renderWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  script: WebviewScriptName,
  title: string,
  skeleton = '',
): string {
  const nonce = createNonce();
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const csp = [
    `default-src 'none'`,
    // The nonce admits our inlined stylesheet and the toolkit's (FAST) one feature probe, a <style>
    // it inserts and removes (found via the csp-nonce meta).
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
<style nonce="${nonce}">
${stylesheet(extensionUri)}
</style>
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="root" data-panel="${script}">${skeleton}</main>
<script nonce="${nonce}">${loadAfterPageLoad(scriptUri.toString(), nonce)}</script>
</body>
</html>`;
}
