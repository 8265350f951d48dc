/**
 * What a trained FM knows about users beyond its embedding rows: the weights and factors of the
 * user block's side features (demographics, liked films), so a user the data never had can get a
 * row (core/recommend/whatIf.ts). Laid out like the embedding: factors are the kept samples'
 * concatenated, each scaled 1/√S, so a row built from them has the embedding's dimension and its
 * dot product with a film's row averages the samples'.
 */
export interface UserSideModel {
  /** "group=value" per feature, as the design matrix names them ("age=25-34", "implicit=50"). */
  readonly featureNames: readonly string[];
  /** w_j, averaged over every sample. */
  readonly weights: Float32Array;
  /** v_j per feature, row-major featureNames.length × dimension. */
  readonly factors: Float32Array;
  /**
   * What every cold row gets for its missing id (MCMC: the id group's prior means μ_w and μ_v, see
   * fm/coldRows.ts); 0 and zeros when the model has no ids or its solver no prior (ALS, SGD).
   */
  readonly coldWeight: number;
  /** Length dimension. */
  readonly coldFactors: Float32Array;
}

/** A user's row of the embedding: b_u and p_u. */
export interface UserRow {
  readonly bias: number;
  readonly factors: Float64Array;
}

/** One feature of a row and its value x_j. */
export interface FeatureValue {
  readonly feature: number;
  readonly value: number;
}

/**
 * The embedding row of a user with these features and no id, as the FM folds a cold row:
 *   b_u = w_cold + Σ_j w_j x_j + ½ Σ_d [(Σ_j v_jd x_j)² − Σ_j v_jd² x_j²],  p_u = Σ_j v_jd x_j,
 * with the cold row's id prior mean as one more feature of value 1. The pairwise part averages the
 * kept samples (the embedding's bias averages every sample: equal when all were kept).
 */
export function userRow(side: UserSideModel, features: readonly FeatureValue[]): UserRow {
  const dimension = side.coldFactors.length;
  const sums = Float64Array.from(side.coldFactors);
  let squares = 0;
  let bias = side.coldWeight;
  for (let slot = 0; slot < dimension; slot++) squares += sums[slot] * sums[slot];
  for (const { feature, value } of features) {
    bias += side.weights[feature] * value;
    const base = feature * dimension;
    for (let slot = 0; slot < dimension; slot++) {
      const term = side.factors[base + slot] * value;
      sums[slot] += term;
      squares += term * term;
    }
  }
  let pairwise = -squares;
  for (let slot = 0; slot < dimension; slot++) pairwise += sums[slot] * sums[slot];
  return { bias: bias + 0.5 * pairwise, factors: sums };
}
