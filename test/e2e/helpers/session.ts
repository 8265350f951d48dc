import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newLoggedPage, screenshot, workbenchUrl } from '../../vscode/harness/browser';
import { makeRunDir, removeRunDir, startCodeServer } from '../../vscode/harness/codeServer';
import type { CodeServer } from '../../vscode/harness/codeServer';
import { artifactsDir, repoRoot } from '../../vscode/harness/paths';
import { makeWorkspace } from '../../vscode/harness/workspace';

/** How the extension gets into code-server. */
export type InstallMode = 'vsix' | 'link';

/** Options of {@link startSession}. */
export interface SessionOptions {
  /** Names the artifacts folder: .test-artifacts/<name>/. */
  name: string;
  /** Workspace settings (.vscode/settings.json), e.g. short training runs. */
  settings?: Record<string, unknown>;
  /**
   * `vsix` (default, as a user installs it: `vsce package` then `--install-extension`, which also
   * checks .vscodeignore kept what the extension needs) or `link` (a symlink to the repo: faster).
   * RLAB_E2E_INSTALL overrides.
   */
  install?: InstallMode;
}

/** A workbench open on a fresh workspace holding a copy of ml-100k, in headless Chromium. */
export interface Session {
  page: Page;
  workspace: string;
  artifacts: string;
  /** code-server's log folder (user-data/logs): each window's extension host logs there. */
  logs: string;
  /** Saves .test-artifacts/<name>/<step>.png and returns its path. */
  shot(step: string): Promise<string>;
  close(): Promise<void>;
}

function packageVsix(outFile: string): void {
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--out', outFile], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vsce package failed:\n${result.stdout}${result.stderr}`);
}

function log(message: string): void {
  process.stdout.write(`      [e2e] ${message}\n`);
}

/** Starts code-server with the extension installed and opens the workbench on a new workspace. */
export async function startSession(options: SessionOptions): Promise<Session> {
  const install = (process.env.RLAB_E2E_INSTALL as InstallMode | undefined) ?? options.install ?? 'vsix';
  const artifacts = path.join(artifactsDir, options.name);
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const runDir = makeRunDir('e2e');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    removeRunDir(runDir);
  };
  try {
    const workspace = makeWorkspace(runDir, { movieLens: true, settings: options.settings });
    let vsix: string | undefined;
    if (install === 'vsix') {
      vsix = path.join(runDir, 'recommender-lab.vsix');
      const packaging = Date.now();
      packageVsix(vsix);
      log(`vsce package: ${Date.now() - packaging} ms`);
    }
    const starting = Date.now();
    server = await startCodeServer({
      runDir,
      logFile: path.join(artifacts, 'code-server.log'),
      ...(vsix !== undefined ? { vsix } : { linkExtensions: [repoRoot] }),
    });
    log(`code-server (${install}) on ${server.baseUrl}: ${Date.now() - starting} ms`);
    browser = await launchChromium();
    const { page, log: pageLog } = await newLoggedPage(browser, path.join(artifacts, 'workbench.log'));
    const opening = Date.now();
    // Generous: on a loaded 2-core machine the first page load alone can take over 30 s.
    await page.goto(workbenchUrl(server.baseUrl, workspace), { waitUntil: 'domcontentloaded', timeout: 180_000 });
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 180_000 });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 30_000 });
    log(`workbench ready: ${Date.now() - opening} ms`);
    return {
      page,
      workspace,
      artifacts,
      logs: path.join(runDir, 'user-data', 'logs'),
      shot: (step) => screenshot(page, artifacts, step),
      close: async () => {
        pageLog.end();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
