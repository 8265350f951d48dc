import type { Random } from '../random';
import { intervalFactors, type IntervalFactors } from '../stats/normal';
import { truncatedNormals } from '../stats/truncatedNormal';

/**
 * Ordered probit over K rating levels for the Gibbs sampler (Albert & Chib, JASA 1993): rating
 * level y_c is observed when a latent z_c ~ N(ŷ_c, 1/τ_c) falls between cut-points γ_{y−1} and
 * γ_y (−∞, +∞ at the ends). Given the cut-points, z_c is a normal truncated to its level's
 * interval, and the FM is then fitted to z as to Gaussian targets with noise precision α = 1
 * (the probit fixes the scale; τ_c are the per-user noise weights, 1 with shared noise).
 *
 * Cut-points are drawn with z marginalized, as myFM's OprobitSampler (after Albert & Chib 1997):
 * in γ_0 = a_0, γ_m = γ_{m−1} + exp(a_m) the log-posterior is
 *   L(a) = Σ_c log[Φ(√τ_c(γ_{y_c} − ŷ_c)) − Φ(√τ_c(γ_{y_c−1} − ŷ_c))] − (λ/2)‖a‖².
 * myFM runs Newton's method to the mode and proposes from a multivariate t there (an
 * independence sampler, 3 to 5 passes over the cases a sweep). Here the candidate is drawn from
 * the t (ν degrees) centred one Newton step from the current a, with the negative Hessian there as
 * its precision, and the reverse move's density enters the Metropolis-Hastings ratio: exact, and
 * two passes a sweep (the current point and the candidate, each with its derivatives). Near the
 * mode of a nearly Gaussian posterior the step lands on the mode, so most candidates are accepted.
 * Drawing γ given z instead (Albert & Chib 1993) moves them by O(1/n) per sweep.
 * w0 is held at 0 by the solver: with it free, shifting w0 and every γ together changes nothing.
 */
export class OrderedProbit {
  /** γ_0 < … < γ_{K−2}. */
  readonly cutPoints: Float64Array;
  /** Metropolis-Hastings candidates drawn and accepted, for the record. */
  proposals = 0;
  accepted = 0;
  private readonly size: number;
  private readonly parameters: Float64Array;
  private readonly current: Evaluation;
  private readonly trial: Evaluation;
  private readonly mode: Float64Array;
  private readonly step: Float64Array;
  private readonly matrix: Float64Array;
  private readonly forward: Proposal;
  private readonly backward: Proposal;
  /** The standardized intervals of the latent draws. */
  private readonly bounds: { readonly lower: Float64Array; readonly upper: Float64Array };
  private readonly terms: IntervalFactors = { lower: 0, upper: 1, exponent: 0, factor: 1, lowerRatio: 0, upperRatio: 0 };

  /**
   * `caseLevel`: each training case's level, 0..levelCount−1. `regularization` λ: the precision of
   * the Gaussian prior on a (myFM's reg_0, 1); `degrees`: ν of the proposal (myFM's 5).
   */
  constructor(
    readonly levelCount: number,
    private readonly caseLevel: Int32Array,
    private readonly regularization = 1,
    private readonly degrees = 5,
  ) {
    if (levelCount < 2) throw new RangeError(`an ordered probit needs two levels or more, got ${levelCount}`);
    this.size = levelCount - 1;
    this.cutPoints = new Float64Array(this.size);
    this.parameters = new Float64Array(this.size);
    this.current = createEvaluation(this.size);
    this.trial = createEvaluation(this.size);
    this.mode = new Float64Array(this.size);
    this.step = new Float64Array(this.size);
    this.matrix = new Float64Array(this.size * this.size);
    this.forward = createProposal(this.size);
    this.backward = createProposal(this.size);
    this.bounds = { lower: new Float64Array(caseLevel.length), upper: new Float64Array(caseLevel.length) };
    toCutPoints(this.parameters, this.cutPoints);
  }

  /** Moves the cut-points to their posterior mode given the predictions (before the first draw). */
  start(prediction: Float64Array, noiseScale: Float64Array): void {
    this.findMode(prediction, noiseScale);
    this.parameters.set(this.mode);
    toCutPoints(this.parameters, this.cutPoints);
  }

  /** One Metropolis-Hastings draw of the cut-points given ŷ (`prediction`) and √τ (`noiseScale`). */
  sampleCutPoints(prediction: Float64Array, noiseScale: Float64Array, random: Random): void {
    const size = this.size;
    const logPosteriorNow = this.evaluate(this.parameters, prediction, noiseScale, this.current, true);
    if (!this.proposeFrom(this.current, this.forward)) return;
    // candidate = centre + L⁻ᵀ n / √(χ²_ν/ν): a t with precision L Lᵀ.
    const candidate = this.trial.at;
    for (let row = 0; row < size; row++) candidate[row] = random.normal();
    solveUpper(this.forward.factor, size, candidate);
    const spread = Math.sqrt((2 * random.gamma(this.degrees / 2, 1)) / this.degrees);
    for (let row = 0; row < size; row++) candidate[row] = this.forward.centre[row] + candidate[row] / spread;
    this.proposals++;
    const logPosteriorCandidate = this.evaluate(candidate, prediction, noiseScale, this.trial, true);
    if (!this.proposeFrom(this.trial, this.backward)) return;
    const logRatio =
      logPosteriorCandidate -
      logPosteriorNow +
      this.logProposal(this.backward, this.parameters) -
      this.logProposal(this.forward, candidate);
    if (Number.isFinite(logRatio) && Math.log(random.uniform()) < logRatio) {
      this.parameters.set(candidate);
      toCutPoints(this.parameters, this.cutPoints);
      this.accepted++;
    }
  }

  /** z_c ~ N(ŷ_c, 1/τ_c) truncated to its level's interval, into `latent`. */
  sampleLatent(prediction: Float64Array, noiseScale: Float64Array, random: Random, latent: Float64Array): void {
    drawLatent(prediction, noiseScale, this.caseLevel, this.cutPoints, random, this.bounds, latent);
  }

  /** Newton's method with line search from the current parameters to the mode (for the start). */
  private findMode(prediction: Float64Array, noiseScale: Float64Array): void {
    const size = this.size;
    const mode = this.mode;
    mode.set(this.parameters);
    let value = this.evaluate(mode, prediction, noiseScale, this.current, true);
    for (let iteration = 0; iteration < MAX_NEWTON_STEPS; iteration++) {
      if (!this.proposeFrom(this.current, this.forward)) break;
      // The Newton step Λ⁻¹g and gᵀΛ⁻¹g, its length² in posterior standard deviations.
      let decrement = 0;
      for (let row = 0; row < size; row++) {
        this.step[row] = this.forward.centre[row] - mode[row];
        decrement += this.current.gradient[row] * this.step[row];
      }
      if (!(decrement > NEWTON_TOLERANCE)) break;
      let improved = false;
      for (let halving = 0, length = 1; halving < MAX_HALVINGS && !improved; halving++, length /= 2) {
        const trial = this.trial.at;
        for (let row = 0; row < size; row++) trial[row] = mode[row] + length * this.step[row];
        const trialValue = this.evaluate(trial, prediction, noiseScale, this.trial, true);
        if (trialValue >= value + 1e-4 * length * decrement) {
          mode.set(trial);
          copyEvaluation(this.trial, this.current);
          value = trialValue;
          improved = true;
        }
      }
      if (!improved) break;
    }
  }

  /**
   * The proposal from an evaluated point: centre a + Λ⁻¹g (one Newton step), precision Λ (plus the
   * smallest damping of 0, 10⁻⁶, 10⁻⁵, … that makes it positive definite: a function of the point
   * alone, as the reverse move's density needs). False when nothing makes it definite.
   */
  private proposeFrom(at: Evaluation, out: Proposal): boolean {
    const size = this.size;
    for (let damping = 0; damping <= 1e12; damping = damping === 0 ? 1e-6 : damping * 10) {
      this.matrix.set(at.precision);
      for (let row = 0; row < size; row++) this.matrix[row * size + row] += damping;
      if (!lowerCholesky(this.matrix, size, out.factor)) continue;
      out.precision.set(this.matrix);
      // Λ⁻¹g by the factor: L y = g, then Lᵀ x = y.
      out.centre.set(at.gradient);
      solveLower(out.factor, size, out.centre);
      solveUpper(out.factor, size, out.centre);
      let logDeterminant = 0;
      for (let row = 0; row < size; row++) {
        out.centre[row] += at.at[row];
        logDeterminant += Math.log(out.factor[row * size + row]);
      }
      out.halfLogDeterminant = logDeterminant;
      return true;
    }
    return false;
  }

  /** log of the t proposal's density at `point`: ½ log det Λ − (ν + d)/2 log(1 + δᵀΛδ/ν), constants dropped. */
  private logProposal(proposal: Proposal, point: Float64Array): number {
    const size = this.size;
    const { precision, centre } = proposal;
    let quadratic = 0;
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++)
        quadratic += (point[row] - centre[row]) * precision[row * size + column] * (point[column] - centre[column]);
    }
    return proposal.halfLogDeterminant - ((this.degrees + size) / 2) * Math.log(1 + quadratic / this.degrees);
  }

  /**
   * L(a) into the return value and, with `derivatives`, its gradient and negative Hessian in a
   * (through the tridiagonal Hessian in γ: a case touches its level's two cut-points) into `out`.
   */
  private evaluate(point: Float64Array, prediction: Float64Array, noiseScale: Float64Array, out: Evaluation, derivatives: boolean): number {
    const size = this.size;
    const { cutPoints: gamma, gradientByCut, diagonal, offDiagonal, gradient, precision } = out;
    out.at.set(point);
    toCutPoints(point, gamma);
    let value = sumCases(prediction, noiseScale, this.caseLevel, gamma, this.terms, derivatives, out);
    const lambda = this.regularization;
    for (let row = 0; row < size; row++) value -= 0.5 * lambda * point[row] * point[row];
    if (!derivatives) return value;
    // ∂γ_j/∂a_0 = 1; ∂γ_j/∂a_m = exp(a_m) for 1 ≤ m ≤ j. Gradient J g; Hessian J H Jᵀ plus
    // ∂²γ_j/∂a_m² = exp(a_m) (m ≥ 1) times g_j; then the prior. Stored negated: the precision.
    for (let m = 0; m < size; m++) {
      let total = 0;
      for (let j = 0; j < size; j++) total += jacobian(point, m, j) * gradientByCut[j];
      gradient[m] = total - lambda * point[m];
    }
    for (let m = 0; m < size; m++) {
      for (let n = 0; n < size; n++) {
        let total = 0;
        for (let j = 0; j < size; j++) {
          const hessianRow =
            jacobian(point, n, j) * diagonal[j] +
            (j > 0 ? jacobian(point, n, j - 1) * offDiagonal[j - 1] : 0) +
            (j + 1 < size ? jacobian(point, n, j + 1) * offDiagonal[j] : 0);
          total += jacobian(point, m, j) * hessianRow;
        }
        if (m === n && m > 0) for (let j = m; j < size; j++) total += Math.exp(point[m]) * gradientByCut[j];
        precision[m * size + n] = -total + (m === n ? lambda : 0);
      }
    }
    return value;
  }
}

/** ∂γ_j/∂a_m at `point`. */
function jacobian(point: Float64Array, m: number, j: number): number {
  return m === 0 ? 1 : j >= m ? Math.exp(point[m]) : 0;
}

/**
 * Σ_c log P(level c's interval) at the cut-points `gamma` and, with `derivatives`, the gradient and
 * tridiagonal Hessian in γ (a case touches its level's two cut-points) into `out`. A plain
 * function over arrays (not a method with a closure inside): V8 keeps it optimized across calls.
 */
function sumCases(
  prediction: Float64Array,
  noiseScale: Float64Array,
  caseLevel: Int32Array,
  gamma: Float64Array,
  terms: IntervalFactors,
  derivatives: boolean,
  out: Evaluation,
): number {
  const { gradientByCut, diagonal, offDiagonal } = out;
  const size = gamma.length;
  gradientByCut.fill(0);
  diagonal.fill(0);
  offDiagonal.fill(0);
  // Σ log P_c as Σ exponents + log of the running product of the factors, flushed before it
  // could underflow: a log per 10⁻¹⁵⁰ of probability instead of one per case.
  let value = 0;
  let product = 1;
  for (let index = 0; index < prediction.length; index++) {
    const level = caseLevel[index];
    const scale = noiseScale[index];
    const mean = prediction[index];
    const lower = level === 0 ? Number.NEGATIVE_INFINITY : scale * (gamma[level - 1] - mean);
    const upper = level === size ? Number.POSITIVE_INFINITY : scale * (gamma[level] - mean);
    terms.lower = lower;
    terms.upper = upper;
    intervalFactors(terms);
    value += terms.exponent;
    if (product < PRODUCT_FLOOR || terms.factor < PRODUCT_FLOOR) {
      value += Math.log(product);
      product = 1;
    }
    product *= terms.factor;
    if (!derivatives) continue;
    const squared = scale * scale;
    if (level > 0) {
      gradientByCut[level - 1] -= scale * terms.lowerRatio;
      diagonal[level - 1] += squared * (lower * terms.lowerRatio - terms.lowerRatio * terms.lowerRatio);
    }
    if (level < size) {
      gradientByCut[level] += scale * terms.upperRatio;
      diagonal[level] += squared * (-upper * terms.upperRatio - terms.upperRatio * terms.upperRatio);
    }
    if (level > 0 && level < size) offDiagonal[level - 1] += squared * terms.lowerRatio * terms.upperRatio;
  }
  return value + Math.log(product);
}

/**
 * z_c ~ N(ŷ_c, 1/τ_c) truncated to its level's interval (cut-points `cutPoints`), into `latent`:
 * the standardized intervals into `lower` and `upper`, one batch of draws, then back to z.
 */
function drawLatent(
  prediction: Float64Array,
  noiseScale: Float64Array,
  caseLevel: Int32Array,
  cutPoints: Float64Array,
  random: Random,
  bounds: { readonly lower: Float64Array; readonly upper: Float64Array },
  latent: Float64Array,
): void {
  const { lower, upper } = bounds;
  const top = cutPoints.length;
  for (let index = 0; index < prediction.length; index++) {
    const level = caseLevel[index];
    const mean = prediction[index];
    const scale = noiseScale[index];
    lower[index] = level === 0 ? Number.NEGATIVE_INFINITY : scale * (cutPoints[level - 1] - mean);
    upper[index] = level === top ? Number.POSITIVE_INFINITY : scale * (cutPoints[level] - mean);
  }
  truncatedNormals(random, lower, upper, latent);
  for (let index = 0; index < prediction.length; index++) latent[index] = prediction[index] + latent[index] / noiseScale[index];
}

const MAX_NEWTON_STEPS = 50;
/** Flush the running product of interval probabilities below this (a factor is at least 10⁻¹⁵⁰ or taken alone). */
const PRODUCT_FLOOR = 1e-150;
const MAX_HALVINGS = 40;
/** Stop once the Newton step is under 10⁻³ posterior standard deviations. */
const NEWTON_TOLERANCE = 1e-6;

/** L's derivatives at one point. */
interface Evaluation {
  readonly at: Float64Array;
  readonly cutPoints: Float64Array;
  readonly gradientByCut: Float64Array;
  readonly diagonal: Float64Array;
  readonly offDiagonal: Float64Array;
  readonly gradient: Float64Array;
  /** −∂²L/∂a², row-major. */
  readonly precision: Float64Array;
}

function createEvaluation(size: number): Evaluation {
  return {
    at: new Float64Array(size),
    cutPoints: new Float64Array(size),
    gradientByCut: new Float64Array(size),
    diagonal: new Float64Array(size),
    offDiagonal: new Float64Array(Math.max(0, size - 1)),
    gradient: new Float64Array(size),
    precision: new Float64Array(size * size),
  };
}

/** A t proposal: its centre, precision, the precision's Cholesky factor and ½ log det. */
interface Proposal {
  readonly centre: Float64Array;
  readonly precision: Float64Array;
  readonly factor: Float64Array;
  halfLogDeterminant: number;
}

function createProposal(size: number): Proposal {
  return {
    centre: new Float64Array(size),
    precision: new Float64Array(size * size),
    factor: new Float64Array(size * size),
    halfLogDeterminant: 0,
  };
}

function copyEvaluation(from: Evaluation, to: Evaluation): void {
  to.at.set(from.at);
  to.cutPoints.set(from.cutPoints);
  to.gradient.set(from.gradient);
  to.precision.set(from.precision);
}

/** γ_0 = a_0, γ_m = γ_{m−1} + exp(a_m): increasing whatever a. */
export function toCutPoints(parameters: Float64Array, out: Float64Array): Float64Array {
  out[0] = parameters[0];
  for (let index = 1; index < parameters.length; index++) out[index] = out[index - 1] + Math.exp(parameters[index]);
  return out;
}

/** L with Λ = L Lᵀ into the lower triangle of `out`; false when Λ is not positive definite. */
function lowerCholesky(matrix: Float64Array, size: number, out: Float64Array): boolean {
  out.fill(0);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row * size + column];
      for (let inner = 0; inner < column; inner++) sum -= out[row * size + inner] * out[column * size + inner];
      if (row === column) {
        if (!(sum > 0)) return false;
        out[row * size + row] = Math.sqrt(sum);
      } else {
        out[row * size + column] = sum / out[column * size + column];
      }
    }
  }
  return true;
}

/** Solves L x = b in place (L lower triangular, row-major). */
function solveLower(lower: Float64Array, size: number, rhs: Float64Array): void {
  for (let row = 0; row < size; row++) {
    let sum = rhs[row];
    for (let inner = 0; inner < row; inner++) sum -= lower[row * size + inner] * rhs[inner];
    rhs[row] = sum / lower[row * size + row];
  }
}

/** Solves Lᵀ x = b in place (L lower triangular, row-major). */
function solveUpper(lower: Float64Array, size: number, rhs: Float64Array): void {
  for (let row = size - 1; row >= 0; row--) {
    let sum = rhs[row];
    for (let inner = row + 1; inner < size; inner++) sum -= lower[inner * size + row] * rhs[inner];
    rhs[row] = sum / lower[row * size + row];
  }
}
