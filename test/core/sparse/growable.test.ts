import * as assert from 'node:assert/strict';
import { GrowableFloat64Array, GrowableInt32Array } from '../../../src/core/sparse/growable';

describe('growable typed arrays', () => {
  it('keep every pushed value in order across several doublings', () => {
    const ints = new GrowableInt32Array(1);
    const floats = new GrowableFloat64Array(1);
    for (let index = 0; index < 1000; index++) {
      ints.push(index * 3 - 7);
      floats.push(index / 7);
    }
    assert.equal(ints.length, 1000);
    assert.deepEqual(
      Array.from(ints.view()),
      Array.from({ length: 1000 }, (_, index) => index * 3 - 7),
    );
    assert.deepEqual(
      Array.from(floats.view()),
      Array.from({ length: 1000 }, (_, index) => index / 7),
    );
    assert.ok(ints.view() instanceof Int32Array && floats.view() instanceof Float64Array);
  });
});
