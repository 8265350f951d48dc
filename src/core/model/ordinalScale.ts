import { normalCdf } from '../stats/normal';

/**
 * How an ordinal (ordered probit) model's latent score s maps to ratings: level k (rating
 * levels[k]) is observed when the latent z ~ N(s, 1/τ) falls between cut-points k−1 and k
 * (−∞ and +∞ at the ends), so P(k) = Φ(√τ(γ_k − s)) − Φ(√τ(γ_{k−1} − s)).
 */
export interface OrdinalScale {
  /** The rating of each level, ascending (1..5, or 0.5..5 by halves). */
  readonly levels: Float32Array;
  /** γ_0 < … < γ_{K−2}: the posterior mean of the cut-points. */
  readonly cutPoints: Float32Array;
  /** Per user: the posterior mean of √τ_u (per-user noise); absent: τ = 1 for every user. */
  readonly userScale?: Float32Array;
}

/** P(level k) for latent score `score` and noise scale √τ, into `out` (length levels). */
export function levelProbabilities(scale: OrdinalScale, score: number, noiseScale: number, out: Float64Array): Float64Array {
  const { cutPoints } = scale;
  let below = 0;
  for (let level = 0; level < cutPoints.length; level++) {
    const cumulative = normalCdf(noiseScale * (cutPoints[level] - score));
    out[level] = cumulative - below;
    below = cumulative;
  }
  out[cutPoints.length] = 1 - below;
  return out;
}

/** The expected rating Σ_k levels[k] P(k). */
export function expectedRating(scale: OrdinalScale, score: number, noiseScale: number): number {
  const { cutPoints, levels } = scale;
  // Σ_k levels[k] P(k) = levels[0] + Σ_k (levels[k+1] − levels[k]) P(z > γ_k).
  let value = levels[0];
  for (let level = 0; level < cutPoints.length; level++)
    value += (levels[level + 1] - levels[level]) * (1 - normalCdf(noiseScale * (cutPoints[level] - score)));
  return value;
}
