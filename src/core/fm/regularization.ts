import { COARSE_GROUP, FINE_GROUPS, type FineGroup } from '../features/groups';
import type { ModelConfig, SolverMethod } from '../train/types';

/** L2 regularization per fine group, for the linear weights and the factors, and for w0. */
export interface GroupRegularization {
  readonly bias: number;
  /** Indexed like FINE_GROUPS. */
  readonly weight: Float64Array;
  readonly factor: Float64Array;
}

type PerGroup = Readonly<Record<FineGroup, number>>;

/**
 * ALS penalizes λ·θ² once against the sum of squared errors over all cases, so the values are on
 * the scale of a typical row's case count. Ids (few cases each) need strong shrinkage; side and
 * implicit features are shared by many cases and need little. Tuned on ml-100k u1 (see report).
 */
export const ALS_DEFAULT_REGULARIZATION: { readonly weight: PerGroup; readonly factor: PerGroup } = {
  weight: { userId: 10, itemId: 10, age: 5, gender: 5, occupation: 5, zip: 5, implicit: 10, year: 5, genre: 5, title: 10 },
  factor: { userId: 10, itemId: 10, age: 10, gender: 10, occupation: 10, zip: 10, implicit: 10, year: 10, genre: 10, title: 10 },
};

/** SGD applies λ·θ at every occurrence of a feature, so its values are per case. */
export const SGD_DEFAULT_REGULARIZATION: { readonly weight: PerGroup; readonly factor: PerGroup } = {
  weight: { userId: 0.02, itemId: 0.02, age: 0.02, gender: 0.02, occupation: 0.02, zip: 0.02, implicit: 0.02, year: 0.02, genre: 0.02, title: 0.02 },
  factor: { userId: 0.04, itemId: 0.04, age: 0.04, gender: 0.04, occupation: 0.04, zip: 0.04, implicit: 0.04, year: 0.04, genre: 0.04, title: 0.04 },
};

/**
 * Resolves `config.regularization`. A number applies to every group (weights and factors; w0
 * stays unpenalized). A record is looked up per fine group, most specific key first:
 * factors: `factors.<fine>`, `factors.<coarse>`, `factors`, `<fine>`, `<coarse>`;
 * weights: `<fine>`, `<coarse>`; w0: `bias`. Missing keys fall back to the method's defaults.
 * Fine group names: userId, itemId, age, gender, occupation, zip, implicit, year, genre, title;
 * coarse ones: ids, user, item, title, implicit.
 */
export function resolveRegularization(config: Pick<ModelConfig, 'regularization'>, method: SolverMethod): GroupRegularization {
  const defaults = method === 'sgd' ? SGD_DEFAULT_REGULARIZATION : ALS_DEFAULT_REGULARIZATION;
  const weight = new Float64Array(FINE_GROUPS.length);
  const factor = new Float64Array(FINE_GROUPS.length);
  const given = config.regularization;
  FINE_GROUPS.forEach((group, index) => {
    if (typeof given === 'number') {
      weight[index] = given;
      factor[index] = given;
      return;
    }
    const coarse = COARSE_GROUP[group];
    weight[index] = given[group] ?? given[coarse] ?? defaults.weight[group];
    factor[index] =
      given[`factors.${group}`] ?? given[`factors.${coarse}`] ?? given.factors ?? given[group] ?? given[coarse] ?? defaults.factor[group];
  });
  const bias = typeof given === 'number' ? 0 : (given.bias ?? 0);
  for (const value of [bias, ...weight, ...factor]) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`regularization must be a finite number ≥ 0, got ${value}`);
  }
  return { bias, weight, factor };
}
