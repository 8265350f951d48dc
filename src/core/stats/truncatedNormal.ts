import type { Random } from '../random';

/**
 * A draw of a standard normal truncated to [lower, upper] (either may be infinite, lower < upper),
 * by the accept-reject samplers of Robert, "Simulation of truncated normal variables" (Statistics
 * and Computing 5, 1995), as myFM's util.hpp: a plain normal while the interval holds the mode and
 * is wide, a uniform proposal on a short interval, and Robert's exponential proposal (Prop. 2.3)
 * for a tail. Exact, seeded, and about half of the proposals or more are accepted whatever the
 * interval (the choice between proposals is Robert's).
 */
export function truncatedNormal(random: Random, lower: number, upper: number): number {
  single.lower[0] = lower;
  single.upper[0] = upper;
  truncatedNormals(random, single.lower, single.upper, single.out);
  return single.out[0];
}

const single = { lower: new Float64Array(1), upper: new Float64Array(1), out: new Float64Array(1) };

/**
 * out[i]: a draw truncated to [lower[i], upper[i]], in order from `random` (as truncatedNormal,
 * one after another). The loop holds the whole sampler, no call but the generator's: a call that
 * V8 does not inline boxes the numbers it passes, 80 000 draws a sweep.
 */
export function truncatedNormals(random: Random, lower: Float64Array, upper: Float64Array, out: Float64Array): void {
  for (let index = 0; index < out.length; index++) {
    // A draw on [a, b] with b > 0; an interval left of 0 is drawn mirrored.
    const mirrored = upper[index] <= 0 && lower[index] < upper[index];
    const a = mirrored ? -upper[index] : lower[index];
    const b = mirrored ? -lower[index] : upper[index];
    // The proposal: while [a, b] holds the mode, a plain normal if it is wide (acceptance
    // Φ(b) − Φ(a) ≥ 0.49), else uniform proposals accepted with exp(−z²/2) (acceptance
    // (Φ(b) − Φ(a))·√(2π)/(b − a) ≥ 0.49). For 0 < a: uniform proposals on a short interval,
    // accepted with exp((a² − z²)/2); Robert's exponential proposal of rate α* on a longer one,
    // and z > b rejected.
    let kind = UNIFORM;
    let shift = 0;
    let rate = 0;
    if (a <= 0) {
      if (b - a >= SQRT_2PI) kind = PLAIN;
    } else {
      const root = Math.sqrt(a * a + 4);
      rate = 0.5 * (a + root);
      shift = a * a;
      // Robert's choice: width < k·e^{−y}, k = 2√e / (a + root), y = (a·root − a²)/4 ∈ (0, 1), by
      // the squeeze (SQUEEZE_MARGIN), written out as below; never for an infinite b.
      if (b === Number.POSITIVE_INFINITY) kind = EXPONENTIAL;
      else {
        const k = (2 * SQRT_E) / (a + root);
        const y = 0.25 * (a * root - a * a);
        const taylor = 1 - y * (1 - y * (0.5 - y * (1 / 6)));
        const width = b - a;
        const uniform =
          width < k * taylor - SQUEEZE_MARGIN
            ? true
            : width > k * (taylor + (y * y * y * y) / 24) + SQUEEZE_MARGIN
              ? false
              : width < k * Math.exp(-y);
        if (!uniform) kind = EXPONENTIAL;
      }
    }
    let z: number;
    for (;;) {
      if (kind === PLAIN) {
        z = random.normal();
        if (z >= a && z <= b) break;
        continue;
      }
      const first = random.nextUint32() * UNIT;
      let exponent: number;
      if (kind === UNIFORM) {
        z = a + (b - a) * first;
        exponent = 0.5 * (z * z - shift);
      } else {
        z = a - Math.log(1 - first) / rate;
        if (z > b) continue;
        exponent = 0.5 * (z - rate) * (z - rate);
      }
      // u < e^{−exponent} by the squeeze.
      const u = random.nextUint32() * UNIT;
      const taylor = 1 - exponent * (1 - exponent * (0.5 - exponent * (1 / 6)));
      if (
        u < taylor - SQUEEZE_MARGIN ||
        (u <= taylor + (exponent * exponent * exponent * exponent) / 24 + SQUEEZE_MARGIN && u < Math.exp(-exponent))
      )
        break;
    }
    out[index] = mirrored ? -z : z;
  }
}

const PLAIN = 0;
const UNIFORM = 1;
const EXPONENTIAL = 2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** 2⁻³²: a 32-bit uniform in [0, 1) is fine enough for proposals and acceptance tests, at half the generator's cost. */
const UNIT = 2.3283064365386963e-10;
const SQRT_E = Math.sqrt(Math.E);

/**
 * The squeeze of the acceptance tests u < e^{−y} (y ≥ 0): the Taylor sums S₃ = 1 − y + y²/2 − y³/6
 * ≤ e^{−y} ≤ S₃ + y⁴/24 decide all but the u between them (a band of y⁴/24: under 2% of the tests
 * here), and only those call Math.exp. The margin is far above the rounding of Math.exp (under an
 * ulp) and of S₃ where it decides, so each test comes out as with the exp itself: the draws are
 * bit for bit those of the plain tests.
 */
const SQUEEZE_MARGIN = 1e-12;
