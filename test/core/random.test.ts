import assert from 'node:assert/strict';
import { Random } from '../../src/core/random';
import { normalCdf } from '../../src/core/stats/normal';

/** The Marsaglia polar method written over uniform(), as polarNormal() is specified (spare kept). */
function referenceNormals(random: Random): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const kept = spare;
      spare = undefined;
      return kept;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random.uniform() - 1;
      v = 2 * random.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * scale;
    return u * scale;
  };
}

describe('Random', () => {
  it('polarNormal() draws exactly the polar method over uniform(), with other draws in between', () => {
    const fast = new Random(42);
    const twin = new Random(42);
    const reference = referenceNormals(twin);
    for (let step = 0; step < 200_000; step++) {
      // Mostly normals (odd and even counts, so the spare is both used and carried), now and
      // then another draw that advances the generator between a pair's two halves.
      if (step % 7 === 3) assert.equal(fast.uniform(), twin.uniform());
      else if (step % 11 === 5) assert.equal(fast.nextUint32(), twin.nextUint32());
      else assert.ok(Object.is(fast.polarNormal(), reference()), `draw ${step}`);
    }
    assert.equal(fast.nextUint32(), twin.nextUint32());
  });
});

describe('Random.normal (ziggurat)', () => {
  const DRAWS = 1_000_000;
  const draws = (seed: number): Float64Array => {
    const random = new Random(seed);
    return Float64Array.from({ length: DRAWS }, () => random.normal());
  };

  it('is standard normal: Kolmogorov–Smirnov distance to Φ within the 0.1 % critical value, moments 0, 1, 0, 3', () => {
    const sample = draws(7);
    let sum = 0;
    let squares = 0;
    let cubes = 0;
    let fourths = 0;
    for (const x of sample) {
      sum += x;
      squares += x * x;
      cubes += x * x * x;
      fourths += x * x * x * x;
    }
    assert.ok(Math.abs(sum / DRAWS) < 0.005, `mean ${sum / DRAWS}`);
    assert.ok(Math.abs(squares / DRAWS - 1) < 0.005, `variance ${squares / DRAWS}`);
    assert.ok(Math.abs(cubes / DRAWS) < 0.02, `third moment ${cubes / DRAWS}`);
    assert.ok(Math.abs(fourths / DRAWS - 3) < 0.05, `fourth moment ${fourths / DRAWS}`);
    const sorted = sample.slice().sort();
    let distance = 0;
    for (let index = 0; index < DRAWS; index++) {
      const cdf = normalCdf(sorted[index]);
      distance = Math.max(distance, (index + 1) / DRAWS - cdf, cdf - index / DRAWS);
    }
    // 1.95/√n: a wrong layer table or wedge test moves mass by more than this.
    assert.ok(distance < 1.95 / Math.sqrt(DRAWS), `KS distance ${distance}`);
  });

  it('reaches the tail beyond the base strip (R ≈ 3.654) as often as Φ says, on both sides', () => {
    const sample = draws(11);
    let above = 0;
    let below = 0;
    for (const x of sample) {
      if (x > 3.6541528853610088) above++;
      if (x < -3.6541528853610088) below++;
    }
    // Expected 1 − Φ(R) ≈ 1.29e-4 per side: 129 of a million, standard deviation ≈ 11.
    const expected = DRAWS * (1 - normalCdf(3.6541528853610088));
    for (const [side, count] of [
      ['above', above],
      ['below', below],
    ] as const) {
      assert.ok(Math.abs(count - expected) < 5 * Math.sqrt(expected), `${side}: ${count}, expected ${expected.toFixed(0)}`);
    }
  });

  it('is the same for the same seed, and different for another', () => {
    assert.deepEqual(draws(3).subarray(0, 1000), draws(3).subarray(0, 1000));
    assert.notDeepEqual(draws(3).subarray(0, 1000), draws(4).subarray(0, 1000));
  });

  it('fillNormals(out, n) draws what n calls of normal() draw, tail draws included, and leaves the generator where they do', () => {
    const count = 20_000;
    const byCalls = new Random(11);
    const expected = new Float64Array(count);
    for (let index = 0; index < count; index++) expected[index] = byCalls.normal();
    const byFill = new Random(11);
    const filled = new Float64Array(count + 1).fill(Number.NaN);
    byFill.fillNormals(filled, count);
    assert.deepEqual(filled.subarray(0, count), expected);
    assert.ok(Number.isNaN(filled[count]), 'nothing written past count');
    // About 1 % of draws leave the ziggurat's fast path: these 20,000 include some.
    assert.ok(expected.some((value) => Math.abs(value) > 3.7));
    assert.equal(byFill.nextUint32(), byCalls.nextUint32());
  });
});
