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
 * F(x) = ½ erfcx(x/√2) (x ≥ 0), so that 1 − Φ(x) = exp(−x²/2) F(x). With t = 1/(1 + x/(2√2)) ∈ (0, 1]
 * (Numerical Recipes' variable, §6.2), erfcx/t is smooth in u = 2t − 1: a degree-12 polynomial,
 * fitted here by weighted Chebyshev least squares to scipy's erfcx (relative error under 5e-9,
 * against 1.2e-7 for NR's exp of a polynomial), and evaluated by Estrin's scheme. No exp: the
 * ordered probit calls it for every training and test case each sweep.
 */
function tailFactor(x: number): number {
  const t = 1 / (1 + 0.5 * x * INVERSE_SQRT2);
  const u = 2 * t - 1;
  const u2 = u * u;
  const u4 = u2 * u2;
  const low = C0 + u * C1 + u2 * (C2 + u * C3) + u4 * (C4 + u * C5 + u2 * (C6 + u * C7));
  const high = C8 + u * C9 + u2 * (C10 + u * C11) + u4 * C12;
  return 0.5 * t * (low + u4 * u4 * high);
}

const C0 = 0.5107913524575677;
const C1 = 0.3435803362462232;
const C2 = 0.1397360569514503;
const C3 = 0.018221311027773284;
const C4 = -0.010755425566892931;
const C5 = -0.0032414039286948948;
const C6 = 0.0015454713607119268;
const C7 = 0.00042589991709970025;
const C8 = -0.00033103359007903696;
const C9 = -3.174541608397726e-5;
const C10 = 7.045344752209008e-5;
const C11 = -1.7960842652840995e-6;
const C12 = -9.48097285422366e-6;

/** erfcx(x) = exp(x²) erfc(x) for x ≥ 0, to a relative error under 5e-9. */
export function scaledComplementaryError(x: number): number {
  return 2 * tailFactor(x * Math.SQRT2);
}

/**
 * Φ(x). Inside |x| ≤ 3 (most calls), Φ(x) − ½ = x·R(x²), R a degree-12 polynomial in
 * v = 2x²/9 − 1 (own Chebyshev fit to scipy's ndtr, absolute error under 3e-11): no exp, no
 * division. Outside, from the tail factor F.
 */
export function normalCdf(x: number): number {
  if (x >= -CENTRAL && x <= CENTRAL) return 0.5 + x * centralRatio(x * x);
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const tail = tailFactor(Math.abs(x)) * Math.exp(-0.5 * x * x);
  return x >= 0 ? 1 - tail : tail;
}

/** R(x²) = (Φ(x) − ½)/x for x² ≤ 9. */
function centralRatio(square: number): number {
  const v = (2 / (CENTRAL * CENTRAL)) * square - 1;
  const v2 = v * v;
  const v4 = v2 * v2;
  const low = R0 + v * R1 + v2 * (R2 + v * R3) + v4 * (R4 + v * R5 + v2 * (R6 + v * R7));
  const high = R8 + v * R9 + v2 * (R10 + v * R11) + v4 * R12;
  return low + v4 * v4 * high;
}

/** φ(x) for x² ≤ 9 as a degree-14 polynomial in the same v (own fit, relative error under 3e-11). */
function centralDensity(square: number): number {
  const v = (2 / (CENTRAL * CENTRAL)) * square - 1;
  const v2 = v * v;
  const v4 = v2 * v2;
  const low = D0 + v * D1 + v2 * (D2 + v * D3) + v4 * (D4 + v * D5 + v2 * (D6 + v * D7));
  const high = D8 + v * D9 + v2 * (D10 + v * D11) + v4 * (D12 + v * D13 + v2 * D14);
  return low + v4 * v4 * high;
}

const CENTRAL = 3;
const R0 = 0.22771316680412346;
const R1 = -0.09283247987468196;
const R2 = 0.04597224347380571;
const R3 = -0.020571116409001458;
const R4 = 0.008021489780276128;
const R5 = -0.0027291270540782493;
const R6 = 0.0008178771081964869;
const R7 = -0.00021825397642230245;
const R8 = 5.237343774228661e-5;
const R9 = -1.1359717044504487e-5;
const R10 = 2.263381536030877e-6;
const R11 = -4.528318888732018e-7;
const R12 = 7.654237615134276e-8;
const D0 = 0.04204820699945212;
const D1 = -0.09460846574662643;
const D2 = 0.10643452393869135;
const D3 = -0.07982589300350228;
const D4 = 0.04490206538291804;
const D5 = -0.020205929278926865;
const D6 = 0.007577219189941287;
const D7 = -0.002435533389399825;
const D8 = 0.000685008470217029;
const D9 = -0.0001712606038910385;
const D10 = 3.850859277678257e-5;
const D11 = -7.858745049524312e-6;
const D12 = 1.4941678097687938e-6;
const D13 = -2.7522161326549345e-7;
const D14 = 3.7659267028574275e-8;

/** log P(a < Z ≤ b) and φ(a)/P, φ(b)/P (0 at an infinite end), written into `out`. */
export interface IntervalTerms {
  logProbability: number;
  lowerRatio: number;
  upperRatio: number;
}

/**
 * The interval [lower, upper] in, and out P(lower < Z ≤ upper) = e^{exponent} · factor (factor in
 * (0, 1]) with the ratios as in IntervalTerms. The ends go in as fields, not arguments: a call
 * that V8 does not inline would box numbers passed as arguments, 80 000 times a pass.
 */
export interface IntervalFactors {
  lower: number;
  upper: number;
  exponent: number;
  factor: number;
  lowerRatio: number;
  upperRatio: number;
}

/** intervalFactors with the log taken: log P = exponent + log factor. */
export function intervalTerms(a: number, b: number, out: IntervalTerms): IntervalTerms {
  scratch.lower = a;
  scratch.upper = b;
  const factors = intervalFactors(scratch);
  out.logProbability = factors.exponent + Math.log(factors.factor);
  out.lowerRatio = factors.lowerRatio;
  out.upperRatio = factors.upperRatio;
  return out;
}

const scratch: IntervalFactors = { lower: 0, upper: 1, exponent: 0, factor: 1, lowerRatio: 0, upperRatio: 0 };

/**
 * The interval [a, b] (a < b, either end may be infinite; `out.lower`, `out.upper`) of a standard
 * normal: its probability,
 * as e^{exponent} times a factor that does not underflow, and the ratios φ(a)/P and φ(b)/P that
 * the gradient of the ordered probit's likelihood needs. In a tail both ends' probabilities are
 * written as exp(−x²/2) times the bounded F(x) = ½ erfcx(x/√2), so neither the difference nor
 * the ratios lose their digits there (as myFM's OprobitSampler does with erfcx). No log: a caller
 * summing log P over many cases takes it of a running product (orderedProbit.ts). One flat
 * function, no inner calls but F (no exp in it): it runs for every training case in the
 * cut-point passes (two exps in the middle, one in a tail).
 */
export function intervalFactors(out: IntervalFactors): IntervalFactors {
  const a = out.lower;
  const b = out.upper;
  if (a > 0 || b < 0) {
    // A tail: 0 < low < high (high may be infinite), P = e^{−low²/2} (F(low) − e^{(low²−high²)/2} F(high)).
    const mirrored = b < 0;
    const low = mirrored ? -b : a;
    const high = mirrored ? -a : b;
    const decay = high === Number.POSITIVE_INFINITY ? 0 : Math.exp(0.5 * (low * low - high * high));
    const factor = tailFactor(low) - (decay === 0 ? 0 : decay * tailFactor(high));
    out.exponent = -0.5 * low * low;
    out.factor = factor;
    const lowRatio = INVERSE_SQRT2PI / factor;
    const highRatio = (INVERSE_SQRT2PI * decay) / factor;
    out.lowerRatio = mirrored ? highRatio : lowRatio;
    out.upperRatio = mirrored ? lowRatio : highRatio;
    return out;
  }
  if (a >= -CENTRAL && b <= CENTRAL) {
    // Both ends central: P = Φ(b) − Φ(a) = b·R(b²) − a·R(a²) (two terms ≥ 0) with normalCdf's
    // polynomial, so the cut-points' likelihood and the class probabilities share one Φ.
    const probability = b * centralRatio(b * b) - a * centralRatio(a * a);
    out.exponent = 0;
    out.factor = probability;
    out.lowerRatio = centralDensity(a * a) / probability;
    out.upperRatio = centralDensity(b * b) / probability;
    return out;
  }
  // a ≤ 0 ≤ b: P = 1 − e^{−a²/2} F(−a) − e^{−b²/2} F(b).
  const lowerDecay = Math.exp(-0.5 * a * a);
  const upperDecay = Math.exp(-0.5 * b * b);
  const probability = 1 - (lowerDecay === 0 ? 0 : lowerDecay * tailFactor(-a)) - (upperDecay === 0 ? 0 : upperDecay * tailFactor(b));
  out.exponent = 0;
  out.factor = probability;
  out.lowerRatio = (INVERSE_SQRT2PI * lowerDecay) / probability;
  out.upperRatio = (INVERSE_SQRT2PI * upperDecay) / probability;
  return out;
}
