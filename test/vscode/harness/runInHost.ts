import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTestCertificate } from '../../host/download/testCertificate';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium, newLoggedPage, screenshot, workbenchUrl } from './browser';
import { makeRunDir, removeRunDir, startCodeServer, tail } from './codeServer';
import type { CodeServer } from './codeServer';
import { artifactsDir, repoRoot, sharedMovieLens } from './paths';
import { makeWorkspace, movieLensChanges } from './workspace';

const usage = `Usage: node test/vscode/runInCodeServer.mjs [--tests FILE] [--extension DIR] [--timeout SECONDS] [--no-movielens]
Runs the bundled in-host mocha suite (default out/test/index.js; build it with
\`npm run build && node scripts/vscode/bundleTests.mjs\`) inside code-server's real extension host,
with the extension loaded from DIR (default: the repo) as an extension under development.
Exit code: the extension host's (0 when every test passed), 1 on harness failure or timeout.`;

interface Options {
  tests: string;
  extension: string;
  timeoutSeconds: number;
  movieLens: boolean;
}

function parseArguments(argv: readonly string[]): Options {
  const options: Options = {
    tests: path.join(repoRoot, 'out', 'test', 'index.js'),
    extension: repoRoot,
    timeoutSeconds: 1200,
    movieLens: true,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    if (flag === '--tests') options.tests = path.resolve(value());
    else if (flag === '--extension') options.extension = path.resolve(value());
    else if (flag === '--timeout') options.timeoutSeconds = Number(value());
    else if (flag === '--no-movielens') options.movieLens = false;
    else throw new Error(`unknown argument ${flag}\n${usage}`);
  }
  return options;
}

// Marks the test log among the workbench's log lines (see markConsole in test/vscode/suite/index.ts).
const LOG_MARKER = '[rlab-test] ';

function say(message: string): void {
  process.stdout.write(`[runInCodeServer] ${message}\n`);
}

/** Runs the in-host suite; resolves to the process exit code. */
export async function runInHost(argv: readonly string[]): Promise<number> {
  const options = parseArguments(argv);
  if (!fs.existsSync(options.tests)) {
    throw new Error(`${options.tests} is missing: run \`npm run build && node scripts/vscode/bundleTests.mjs\``);
  }
  const artifacts = path.join(artifactsDir, 'integration');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const runDir = makeRunDir('host');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await browser?.close().catch(() => undefined);
      await server?.stop();
      removeRunDir(runDir);
    })());
  // Ctrl-C or a CI kill: stop the server's process group before going.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    say(`${signal}: stopping code-server`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const workspace = makeWorkspace(runDir, { movieLens: options.movieLens });
    const tls = writeTestTls(runDir);
    const started = Date.now();
    server = await startCodeServer({
      runDir,
      smokeTestDriver: true,
      logFile: path.join(artifacts, 'code-server.log'),
      // Inherited by the extension host: how the tests find the repo and the data.
      env: {
        RLAB_REPO_ROOT: repoRoot,
        RLAB_SHARED_ML100K: sharedMovieLens,
        RLAB_WORKSPACE: workspace,
        RLAB_LOG_MARKER: LOG_MARKER,
        // The download only speaks https: the extension host trusts a certificate made for this run.
        NODE_EXTRA_CA_CERTS: tls.caBundle,
        RLAB_TEST_TLS_CERT: tls.cert,
        RLAB_TEST_TLS_KEY: tls.key,
        ...(options.movieLens ? { RLAB_WORKSPACE_ML100K: path.join(workspace, 'ml-100k') } : {}),
      },
    });
    say(`code-server on ${server.baseUrl} (pid ${server.pid}) in ${Date.now() - started} ms`);

    browser = await launchChromium();
    const { page, log: hostLog } = await newLoggedPage(browser, path.join(artifacts, 'workbench.log'));

    let testsStarted: number | undefined;
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (resolveExit = resolve));
    // The extension host's result reaches the page, not the server log (which says 0 regardless).
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      for (const log of logs ?? []) {
        const file = path.join(artifacts, 'logs', log.relativePath);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, log.contents);
      }
      resolveExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      hostLog.write(`[${level}] ${text}\n`);
      // Stream the test log (mocha's reporter and the tests' console) and nothing else.
      const index = text.indexOf(LOG_MARKER);
      if (index < 0) return;
      testsStarted ??= Date.now();
      process.stdout.write(`${text.slice(index + LOG_MARKER.length)}\n`);
    });
    const url = workbenchUrl(server.baseUrl, workspace, {
      extensionDevelopmentPath: options.extension,
      extensionTestsPath: options.tests.replace(/\.js$/, ''),
    });
    const opened = Date.now();
    // Generous: on a loaded 2-core machine the first page load alone can take over 30 s.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
    say(`workbench ready in ${Date.now() - opened} ms; running ${path.relative(repoRoot, options.tests)}`);

    const timedOut = new Promise<number>((resolve) =>
      setTimeout(() => {
        say(`timed out after ${options.timeoutSeconds} s`);
        resolve(1);
      }, options.timeoutSeconds * 1000).unref(),
    );
    const crashed = new Promise<number>((resolve) =>
      page.on('crash', () => {
        say('the browser page crashed');
        resolve(1);
      }),
    );
    let code = await Promise.race([exit, timedOut, crashed]);
    const suiteTime = testsStarted === undefined ? '' : `, of which ${Date.now() - testsStarted} ms since the first test output`;
    say(`extension host exited with code ${code} ${Date.now() - opened} ms after opening the workbench${suiteTime}`);
    // Whatever the tests did, the data they read must be as it was.
    const changes = options.movieLens ? movieLensChanges(workspace) : [];
    if (changes.length > 0) {
      say(`the run modified the workspace's MovieLens data:\n  ${changes.join('\n  ')}`);
      code = 1;
    }
    await screenshot(page, artifacts, 'final').catch(() => undefined);
    hostLog.end();
    if (code !== 0) say(`logs and screenshot in ${path.relative(repoRoot, artifacts)}/`);
    return code;
  } catch (error) {
    if (interrupted) return 1; // the signal handler is already tearing down: not a harness failure
    say(`harness failure: ${error instanceof Error ? error.message : String(error)}`);
    const logFile = path.join(artifacts, 'code-server.log');
    if (fs.existsSync(logFile)) say(`code-server log tail:\n${tail(logFile)}`);
    return 1;
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * A certificate for https://127.0.0.1 made for this run, and a CA bundle (the machine's extra CAs
 * plus it) for the extension host's NODE_EXTRA_CA_CERTS: the in-host download test serves over
 * https, as the download requires, without turning certificate checks off.
 */
function writeTestTls(runDir: string): { cert: string; key: string; caBundle: string } {
  const { cert, key } = makeTestCertificate();
  const certFile = path.join(runDir, 'test-tls-cert.pem');
  const keyFile = path.join(runDir, 'test-tls-key.pem');
  const bundleFile = path.join(runDir, 'test-ca-bundle.pem');
  fs.writeFileSync(certFile, cert);
  fs.writeFileSync(keyFile, key, { mode: 0o600 });
  const machineExtra = process.env.NODE_EXTRA_CA_CERTS;
  const existing = machineExtra !== undefined && fs.existsSync(machineExtra) ? fs.readFileSync(machineExtra, 'utf8') : '';
  fs.writeFileSync(bundleFile, `${existing}\n${cert}`);
  return { cert: certFile, key: keyFile, caBundle: bundleFile };
}
