import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { pairedDifference } from '../../../src/bench/accuracyReport';
import { accuracyRows, REFERENCE_ROW } from '../../../src/bench/accuracyRows';

describe('bench:accuracy (issue 11)', () => {
  it('pairs folds: the mean difference and the folds the row is lower on', () => {
    const reference = [{ rmse: 0.9 }, { rmse: 0.88 }, { rmse: 0.87 }];
    const row = [{ rmse: 0.89 }, { rmse: 0.885 }, { rmse: 0.86 }];
    const { delta, lower, of } = pairedDifference(row, reference);
    assert.ok(Math.abs(delta - (-0.01 + 0.005 - 0.01) / 3) < 1e-12, `delta ${delta}`);
    assert.deepEqual({ lower, of }, { lower: 2, of: 3 });
    assert.throws(() => pairedDifference(row.slice(1), reference), /differ in number/);
  });

  it("has the reference and a row that is exactly the FM's default (its figures are reproducible)", () => {
    const rows = accuracyRows();
    assert.equal(rows.filter((row) => row.name === REFERENCE_ROW).length, 1);
    assert.equal(new Set(rows.map((row) => row.name)).size, rows.length, 'row names are unique');
    const defaults = JSON.stringify(defaultModelConfig('fm', { seed: 3 }));
    assert.ok(
      rows.some((row) => JSON.stringify(row.config(3)) === defaults),
      'some row trains defaultModelConfig("fm")',
    );
  });
});
