import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { WriteStream } from 'node:fs';
import { chromiumPath } from './paths';

/** Launches Debian Chromium headless (flags from real-vscode.md; playwright gives it a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`bash scripts/vscode/install.sh\` first`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page sized like a laptop screen whose console and errors go to `logFile` (end the returned stream). */
export async function newLoggedPage(browser: Browser, logFile: string): Promise<{ page: Page; log: WriteStream }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const log = fs.createWriteStream(logFile);
  page.on('console', (message) => log.write(`[console.${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => log.write(`[pageerror] ${error.message}\n`));
  return { page, log };
}

/** Extension-development payload of the workbench URL (remote paths on the code-server host). */
export interface DevelopmentPayload {
  extensionDevelopmentPath: string;
  extensionTestsPath?: string;
}

/** The workbench URL for a folder, optionally with an extension-development payload. */
export function workbenchUrl(baseUrl: string, folder: string, payload?: DevelopmentPayload): string {
  let url = `${baseUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload !== undefined) {
    const authority = new URL(baseUrl).host;
    const remote = (file: string): string => `vscode-remote://${authority}${file}`;
    const entries: [string, string][] = [['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]];
    if (payload.extensionTestsPath !== undefined) {
      entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
    }
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

/** Saves a full-page screenshot under the artifacts folder; returns its path. */
export async function screenshot(page: Page, directory: string, name: string): Promise<string> {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
