import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry, node24 } from './paths';

/** User settings that keep the workbench quiet and predictable in tests (recipe: real-vscode.md). */
export const quietUserSettings: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'editor.hover.delay': 200,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  // No chat/agent host: it only adds sign-in retries and log noise offline.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Options of {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Root of this run's temporary folders (user data, extensions, XDG dirs). */
  runDir: string;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Extension folders to link into the fresh extensions dir (installed as a user would have them). */
  linkExtensions?: string[];
  /** A .vsix to install with `--install-extension` before starting. */
  vsix?: string;
  /** Enables the smoke-test driver (needed for extensionTestsPath payloads). */
  smokeTestDriver?: boolean;
  /** Server stdout/stderr go here. */
  logFile: string;
}

/** A running code-server; {@link stop} kills its whole process group. */
export interface CodeServer {
  port: number;
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Fails with the fix when install.sh has not run. */
export function assertInstalled(): void {
  for (const file of [node24, codeServerEntry]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run \`bash scripts/vscode/install.sh\` first`);
    }
  }
}

function folders(runDir: string): { userData: string; extensions: string; xdgConfig: string; xdgData: string; tmp: string } {
  const result = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    xdgConfig: path.join(runDir, 'xdg-config'),
    xdgData: path.join(runDir, 'xdg-data'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const folder of Object.values(result)) fs.mkdirSync(folder, { recursive: true });
  return result;
}

function serverEnv(runDir: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const dirs = folders(runDir);
  return {
    ...process.env,
    // The extension host is spawned with whatever `node` the server finds first.
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    TMPDIR: dirs.tmp,
    // The marketplace is unreachable here; an empty gallery stops the retries and their noise.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Reads `publisher.name-version` from an extension folder's package.json. */
export function extensionId(folder: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

/** Starts code-server in its own session (setsid) and waits for /healthz. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertInstalled();
  const dirs = folders(options.runDir);
  const env = serverEnv(options.runDir, options.env);
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(quietUserSettings, null, 2));
  // A symlink in a fresh extensions dir is picked up (until that dir gets an extensions.json).
  for (const folder of options.linkExtensions ?? []) {
    fs.symlinkSync(folder, path.join(dirs.extensions, extensionId(folder)));
  }
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (options.vsix !== undefined) {
    const install = spawnSync(node24, [codeServerEntry, ...common, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
    });
    if (install.status !== 0) {
      throw new Error(`code-server --install-extension ${options.vsix} failed:\n${install.stdout}${install.stderr}`);
    }
  }

  const port = await freePort();
  const args = [
    node24,
    codeServerEntry,
    ...common,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '30',
    ...(options.smokeTestDriver === true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'w');
  // setsid makes the server a session and process-group leader (pid = pgid, as it is not one
  // already), so one kill(-pid) reaches the extension host and every helper it started.
  const child = spawn('setsid', args, { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn setsid code-server');
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (exited) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
    await exitedPromise;
    clearTimeout(timer);
    killGroup(pid, 'SIGKILL'); // stragglers of the group (e.g. a worker that ignored SIGTERM)
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, () => exited, options.logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, baseUrl, pid, stop };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

async function waitForHealth(baseUrl: string, hasExited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`code-server exited during startup; log:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s; log:\n${tail(logFile)}`);
}

/** The last lines of a log file, for failure messages. */
export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A fresh temporary folder for one run (removed by the caller unless RLAB_KEEP_TMP=1). */
export function makeRunDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rlab-${prefix}-`));
}

/** Removes a run folder unless the user asked to keep it for a post-mortem. */
export function removeRunDir(runDir: string): void {
  if (process.env.RLAB_KEEP_TMP === '1') {
    process.stdout.write(`[harness] kept ${runDir}\n`);
    return;
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}
