import Mocha from 'mocha';
import { format } from 'node:util';
import { integrationTests } from './integrationTests';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error';

/**
 * Prefixes what mocha's reporter and the tests print with the marker the code-server launcher
 * asks for (RLAB_LOG_MARKER), so it can tell the test log from the workbench's own log lines (both
 * reach it through the same channel). Returns the undo.
 */
function markConsole(marker: string): () => void {
  const log = console.log.bind(console);
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => log(marker + format(...args));
  // The extension host may install console as read-only properties: then only the reporter is marked.
  const replaced: [ConsoleMethod, PropertyDescriptor][] = [];
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(console, method);
    const original = console[method].bind(console);
    try {
      Object.defineProperty(console, method, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]): void => original(marker + format(...args)),
      });
      if (descriptor !== undefined) replaced.push([method, descriptor]);
    } catch {
      // not configurable
    }
  }
  return () => {
    Mocha.reporters.Base.consoleLog = reporterLog;
    for (const [method, descriptor] of replaced) Object.defineProperty(console, method, descriptor);
  };
}

/**
 * Entry point the extension host calls for `extensionTestsPath` (code-server launcher and
 * @vscode/test-electron alike): runs every integration test file with mocha (BDD: describe/it)
 * and rejects when any test fails, which makes the host exit non-zero.
 */
export function run(): Promise<void> {
  const grep = process.env.RLAB_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // Real training on ml-100k inside a shared 2-core machine: generous.
    timeout: Number(process.env.RLAB_TEST_TIMEOUT ?? 300_000),
    slow: 10_000,
    ...(grep !== undefined && grep !== '' ? { grep } : {}),
  });
  if (integrationTests.length === 0) {
    return Promise.reject(new Error('no integration tests were bundled (see scripts/vscode/bundleTests.mjs)'));
  }
  // What mocha's own file loader does around each require, so describe/it are defined.
  for (const file of integrationTests) {
    mocha.suite.emit('pre-require', globalThis, file.name, mocha);
    file.load();
    mocha.suite.emit('require', undefined, file.name, mocha);
    mocha.suite.emit('post-require', globalThis, file.name, mocha);
  }
  const marker = process.env.RLAB_LOG_MARKER;
  const unmark = marker !== undefined && marker !== '' ? markConsole(marker) : () => undefined;
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      unmark();
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
