/**
 * The standard normal distribution where the ordered probit needs it: its density, its CDF Φ,
 * and the log-probability of an interval with the density-to-probability ratios at its ends,
 * computed without cancellation in either tail.
 */

const INVERSE_SQRT2 = Math.SQRT1_2;
const INVERSE_SQRT2PI = 0.3989422804014327;

/** φ(x). */
export function normalDensity(x: number): number {
  return INVERSE_SQRT2PI * Math.exp(-0.5 * x * x);
}

/**
 * erfcx(x) = exp(x²) erfc(x) for x ≥ 0, to a relative error below 1.2e-7: the Chebyshev fit of
 * Numerical Recipes' erfcc (Press et al., 2nd ed., §6.2), which computes erfc(x) as
 * t·exp(−x² + P(t)), t = 1/(1 + x/2); here without the exp(−x²), so no underflow in the tail.
 */
export function scaledComplementaryError(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const polynomial =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(polynomial);
}

/** F(x) = ½ erfcx(x/√2) (x ≥ 0): 1 − Φ(x) = exp(−x²/2) F(x). Written out, so that it inlines. */
function tailFactor(x: number): number {
  const t = 1 / (1 + 0.5 * x * INVERSE_SQRT2);
  return (
    0.5 *
    t *
    Math.exp(
      -1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  );
}

/** Φ(x). */
export function normalCdf(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const tail = tailFactor(Math.abs(x)) * Math.exp(-0.5 * x * x);
  return x >= 0 ? 1 - tail : tail;
}

/** log P(a < Z ≤ b) and φ(a)/P, φ(b)/P (0 at an infinite end), written into `out`. */
export interface IntervalTerms {
  logProbability: number;
  lowerRatio: number;
  upperRatio: number;
}

/**
 * The interval [a, b] (a < b, either end may be infinite) of a standard normal: its log-probability
 * and the ratios φ(a)/P and φ(b)/P that the gradient of the ordered probit's likelihood needs.
 * In a tail both ends' probabilities are written as exp(−x²/2) times the bounded factor
 * F(x) = ½ erfcx(x/√2), so neither the difference nor the ratios lose their digits there (as
 * myFM's OprobitSampler does with erfcx). One flat function, no inner calls but F: it runs for
 * every training case twice a sweep (about 4 exps and a log each).
 */
export function intervalTerms(a: number, b: number, out: IntervalTerms): IntervalTerms {
  if (a > 0 || b < 0) {
    // A tail: 0 < low < high (high may be infinite), P = e^{−low²/2} (F(low) − e^{(low²−high²)/2} F(high)).
    const mirrored = b < 0;
    const low = mirrored ? -b : a;
    const high = mirrored ? -a : b;
    const decay = high === Number.POSITIVE_INFINITY ? 0 : Math.exp(0.5 * (low * low - high * high));
    const factor = tailFactor(low) - (decay === 0 ? 0 : decay * tailFactor(high));
    out.logProbability = -0.5 * low * low + Math.log(factor);
    const lowRatio = INVERSE_SQRT2PI / factor;
    const highRatio = (INVERSE_SQRT2PI * decay) / factor;
    out.lowerRatio = mirrored ? highRatio : lowRatio;
    out.upperRatio = mirrored ? lowRatio : highRatio;
    return out;
  }
  // a ≤ 0 ≤ b: P = 1 − e^{−a²/2} F(−a) − e^{−b²/2} F(b).
  const lowerDecay = Math.exp(-0.5 * a * a);
  const upperDecay = Math.exp(-0.5 * b * b);
  const probability = 1 - (lowerDecay === 0 ? 0 : lowerDecay * tailFactor(-a)) - (upperDecay === 0 ? 0 : upperDecay * tailFactor(b));
  out.logProbability = Math.log(probability);
  out.lowerRatio = (INVERSE_SQRT2PI * lowerDecay) / probability;
  out.upperRatio = (INVERSE_SQRT2PI * upperDecay) / probability;
  return out;
}
