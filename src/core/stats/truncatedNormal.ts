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
  if (upper <= 0 && lower < upper) return -positiveSide(random, -upper, -lower);
  return positiveSide(random, lower, upper);
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** 2⁻³²: a 32-bit uniform in [0, 1) is fine enough for proposals and acceptance tests, at half the generator's cost. */
const UNIT = 2.3283064365386963e-10;
const SQRT_E = Math.sqrt(Math.E);

/** [lower, upper] with upper > 0. */
function positiveSide(random: Random, lower: number, upper: number): number {
  if (lower <= 0) {
    // The interval holds the mode: a plain normal if it is wide (acceptance Φ(b) − Φ(a) ≥ 0.49),
    // else uniform proposals accepted with exp(−z²/2) (acceptance (Φ(b) − Φ(a))·√(2π)/(b − a) ≥ 0.49).
    if (upper - lower >= SQRT_2PI) {
      for (;;) {
        const z = random.normal();
        if (z >= lower && z <= upper) return z;
      }
    }
    for (;;) {
      const z = lower + (upper - lower) * random.nextUint32() * UNIT;
      if (belowExp(random.nextUint32() * UNIT, 0.5 * z * z)) return z;
    }
  }
  // 0 < lower: uniform proposals on a short interval, accepted with exp((a² − z²)/2); Robert's
  // exponential proposal of rate α* on a longer one, and z > upper rejected.
  const root = Math.sqrt(lower * lower + 4);
  const rate = 0.5 * (lower + root);
  // Robert's choice: width < (2√e / (a + root)) exp((a² − a·root)/4); never for an infinite upper.
  if (upper !== Number.POSITIVE_INFINITY && belowScaledExp(upper - lower, (2 * SQRT_E) / (lower + root), 0.25 * (lower * root - lower * lower))) {
    for (;;) {
      const z = lower + (upper - lower) * random.nextUint32() * UNIT;
      if (belowExp(random.nextUint32() * UNIT, 0.5 * (z * z - lower * lower))) return z;
    }
  }
  for (;;) {
    const z = lower - Math.log(1 - random.nextUint32() * UNIT) / rate;
    if (z > upper) continue;
    if (belowExp(random.nextUint32() * UNIT, 0.5 * (z - rate) * (z - rate))) return z;
  }
}

/**
 * Margin around the squeeze bounds below, far above the rounding of Math.exp (under an ulp) and
 * of the polynomial where it decides: each comparison comes out as with the exp itself.
 */
const SQUEEZE_MARGIN = 1e-12;

/**
 * u < e^{−y} (y ≥ 0), as Math.exp would decide it but mostly without it: for y ≥ 0 the Taylor
 * sums S₃ = 1 − y + y²/2 − y³/6 ≤ e^{−y} ≤ S₃ + y⁴/24, and only u between them needs the exp
 * (a band of y⁴/24: under 2% of the acceptance tests here). The draws stay bit for bit the same.
 */
function belowExp(u: number, y: number): boolean {
  const lower = 1 - y * (1 - y * (0.5 - y * (1 / 6)));
  if (u < lower - SQUEEZE_MARGIN) return true;
  if (u > lower + (y * y * y * y) / 24 + SQUEEZE_MARGIN) return false;
  return u < Math.exp(-y);
}

/** w < k·e^{−y} (y ≥ 0, 0 < k < 2) by the same squeeze. */
function belowScaledExp(w: number, k: number, y: number): boolean {
  const lower = 1 - y * (1 - y * (0.5 - y * (1 / 6)));
  if (w < k * lower - SQUEEZE_MARGIN) return true;
  if (w > k * (lower + (y * y * y * y) / 24) + SQUEEZE_MARGIN) return false;
  return w < k * Math.exp(-y);
}
