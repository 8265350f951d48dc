#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build` (run on install by `prepare`).
require('../dist/cli.js');
