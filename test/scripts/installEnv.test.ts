import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const installScript = path.join(repoRoot, 'scripts', 'vscode', 'install.sh');

/** Parses `env` output (NAME=value per line; values here have no newlines). */
function parseEnv(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) variables.set(line.slice(0, equals), line.slice(equals + 1));
  }
  return variables;
}

// The cold path of `npm test` (no cached code-server) runs an inner npm on Node 24 from inside the
// outer npm on Node 20. Anything the outer npm exported must not reach the inner one: code-server's
// postinstall reads the Node version from npm_config_user_agent and refuses Node 20.
describe('scripts/vscode/install.sh: the inner npm install environment', () => {
  let cache = '';
  before(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'install-env-'));
  });
  after(() => fs.rmSync(cache, { recursive: true, force: true }));

  it('drops every variable an outer npm on Node 20 exported and puts Node 24 first on PATH', () => {
    const outerNpm: NodeJS.ProcessEnv = {
      ...process.env,
      RLAB_CACHE: cache,
      npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64 workspaces/false',
      npm_config_nodedir: '/usr',
      npm_config_globalconfig: '/usr/etc/npmrc',
      NPM_CONFIG_REGISTRY: 'https://registry.example.invalid/',
      npm_lifecycle_event: 'test',
      npm_lifecycle_script: 'bash scripts/test-all.sh',
      npm_package_name: 'recommender-lab',
      npm_package_json: path.join(repoRoot, 'package.json'),
      npm_node_execpath: '/usr/bin/node',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      INIT_CWD: repoRoot,
      NODE: '/usr/bin/node',
      PATH: [
        path.join(repoRoot, 'node_modules', '.bin'),
        '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
        process.env.PATH ?? '/usr/bin',
      ].join(':'),
    };
    const run = spawnSync('bash', [installScript, '--print-install-env'], { env: outerNpm, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const inner = parseEnv(run.stdout);

    const nodeDir = path.join(cache, 'node-v24.22.3');
    const leaked = [...inner.keys()].filter((name) => /^npm_/i.test(name) && name !== 'npm_config_nodedir');
    assert.deepEqual(leaked, [], 'outer npm variables reached the inner install');
    assert.equal(inner.get('npm_config_nodedir'), nodeDir, 'node-gyp must build against Node 24 headers');
    for (const name of ['INIT_CWD', 'NODE']) assert.equal(inner.has(name), false, `${name} leaked`);

    const pathEntries = (inner.get('PATH') ?? '').split(':');
    assert.equal(pathEntries[0], path.join(nodeDir, 'bin'), 'Node 24 must be the first node on PATH');
    assert.deepEqual(
      pathEntries.filter((entry) => entry.endsWith('/node_modules/.bin') || entry.endsWith('/node-gyp-bin')),
      [],
      'the outer npm PATH entries leaked',
    );
    assert.equal(inner.get('HOME'), process.env.HOME, 'ordinary variables stay');
  });

  it('does nothing else when asked only for the environment (no apt, no downloads)', () => {
    const run = spawnSync('bash', [installScript, '--print-install-env'], {
      env: { ...process.env, RLAB_CACHE: cache },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /\[vscode-install\]/);
    assert.deepEqual(fs.readdirSync(cache), []);
  });
});
