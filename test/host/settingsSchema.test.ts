import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MODEL_FIELDS, PROTOCOL_FIELDS } from '../../src/core/config/schema';
import { settingsProperties } from '../../src/host/settingsSchema';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('settings come from the run configuration schema', () => {
  it("package.json's contributes.configuration equals the schema's (run `npm run sync-settings` after a schema change)", () => {
    assert.deepEqual(manifest.contributes.configuration.properties, JSON.parse(JSON.stringify(settingsProperties())));
  });

  it('every setting has the schema limits, so the Settings editor refuses what validation would', () => {
    const properties = settingsProperties();
    assert.equal(properties['recommenderLab.rank'].maximum, MODEL_FIELDS.rank.maximum);
    assert.equal(properties['recommenderLab.folds'].minimum, PROTOCOL_FIELDS.folds.minimum);
    assert.deepEqual(properties['recommenderLab.features'].items?.enum, MODEL_FIELDS.features.choices);
    assert.deepEqual(properties['recommenderLab.iterations'].type, ['integer', 'null'], 'iterations default per solver');
    for (const [key, value] of Object.entries(properties)) {
      assert.ok(value.markdownDescription.length > 10, `${key} is described`);
    }
  });
});
