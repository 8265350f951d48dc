// Writes package.json's contributes.configuration.properties from the run configuration schema
// (src/host/settingsSchema.ts). Run: npm run sync-settings. The unit test settingsSchema.test.ts
// fails while package.json and the schema differ.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { settingsProperties } from '../src/host/settingsSchema';

const file = path.resolve(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
manifest.contributes.configuration.properties = settingsProperties();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`sync-settings: ${Object.keys(manifest.contributes.configuration.properties).length} settings written to package.json`);
