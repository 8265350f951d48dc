#!/usr/bin/env node
// Runs the in-host integration suite inside code-server's real extension host, driven by Debian
// Chromium. Plain Node entry; the harness itself is TypeScript (type-checked with the project),
// loaded through tsx. See test/vscode/harness/runInHost.ts for options and exit codes.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
const { runInHost } = require('./harness/runInHost.ts');
process.exitCode = await runInHost(process.argv.slice(2));
