import * as assert from 'node:assert/strict';
import { instantiateKernel } from '../../../src/core/sparse/kernelInstance';

/** A self-contained factory: a running sum over a captured array. */
function createSummer(values: Float64Array, scale: number) {
  const fold = Object.freeze({ values, scale });
  return {
    sum(): number {
      const { values, scale } = fold;
      let total = 0;
      for (let index = 0; index < values.length; index++) total += values[index] * scale;
      return total;
    },
  };
}

/** Not self-contained: reads a module-level constant, which a compiled copy cannot see. */
const OFFSET = 1;
function createLeaky() {
  return {
    value(): number {
      return OFFSET;
    },
  };
}

describe('instantiateKernel', () => {
  it('gives a fresh copy of the factory on every call, with the same results', () => {
    const values = Float64Array.from({ length: 1000 }, (_, index) => Math.sin(index));
    const copies = [1, 2, 3, 4].map(() => instantiateKernel(createSummer, 'summer'));
    assert.equal(new Set(copies).size, copies.length, 'each call compiles its own copy');
    assert.ok(copies.every((copy) => copy !== createSummer));
    for (const copy of copies) assert.equal(copy(values, 0.5).sum(), createSummer(values, 0.5).sum());
  });

  it('compiles the copy in the global scope: a factory that reads module names fails loudly', () => {
    assert.equal(createLeaky().value(), 1);
    assert.throws(() => instantiateKernel(createLeaky, 'leaky')().value(), ReferenceError);
  });
});
