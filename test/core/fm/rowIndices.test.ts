import * as assert from 'node:assert/strict';
import { compactRowIndices } from '../../../src/core/fm/rowIndices';
import { sixteenAgainstThirtyTwoBitRows } from './kernelIdentity';

describe('row numbers of cases in 16 bits where the rows fit', () => {
  it('are 16-bit up to 65,536 rows (the same numbers) and the column itself above', () => {
    const column = Int32Array.of(0, 7, 65535, 3);
    const narrow = compactRowIndices(column, 0x10000);
    assert.ok(narrow instanceof Uint16Array);
    assert.deepEqual(Array.from(narrow), Array.from(column));
    assert.equal(compactRowIndices(column, 0x10001), column);
  });

  it('give the kernels the same numbers as 32-bit rows, to the bit (two blocks, and with a context block)', () => {
    assert.deepEqual(sixteenAgainstThirtyTwoBitRows(2), []);
  });
});
