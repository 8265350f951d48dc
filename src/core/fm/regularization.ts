import { COARSE_GROUP, FINE_GROUPS, type FineGroup } from '../features/groups';
import type { ModelConfig, SolverMethod } from '../config/schema';

/** L2 regularization per fine group, for the linear weights and the factors, and for w0. */
export interface GroupRegularization {
  readonly bias: number;
  /** Indexed like FINE_GROUPS. */
  readonly weight: Float64Array;
  readonly factor: Float64Array;
}

type PerGroup = Readonly<Record<FineGroup, number>>;

/**
 * ALS penalizes λ_g · n_j^0.75 · θ_j² (n_j the feature's training support, see als.ts) against the
 * sum of squared errors. Tuned on ml-100k u1/u2 (see the fm report): side groups' factors need
 * more shrinkage than the ids', their linear weights hardly any. userDay, a (user, day) pair seen
 * a few times, needs much more: with the default features u1/u2 went 0.9024/0.8923 at (0.3, 1),
 * 0.8942/0.8869 at (3, 10), 0.8943/0.8869 at (3, 30), 0.8951/0.8889 at (10, 10) (u1..u5 0.8942 →
 * 0.8882, against 0.8916 without userDay).
 */
export const ALS_DEFAULT_REGULARIZATION: { readonly weight: PerGroup; readonly factor: PerGroup } = {
  weight: {
    userId: 0.3,
    itemId: 0.3,
    age: 0.05,
    gender: 0.05,
    occupation: 0.05,
    zip: 0.05,
    implicit: 1,
    year: 0.05,
    genre: 0.05,
    title: 1,
    raters: 1,
    ratingDate: 0.3,
    userDay: 3,
    ratingMonth: 0.05,
    filmAge: 0.05,
    dayImplicit: 1,
    userDrift: 0.05,
    filmMonth: 3,
    dayFrequency: 0.05,
  },
  factor: {
    userId: 0.4,
    itemId: 0.4,
    age: 1,
    gender: 1,
    occupation: 1,
    zip: 1,
    implicit: 5,
    year: 1,
    genre: 1,
    title: 5,
    raters: 5,
    ratingDate: 1,
    userDay: 10,
    ratingMonth: 1,
    filmAge: 1,
    dayImplicit: 5,
    userDrift: 1,
    filmMonth: 10,
    dayFrequency: 1,
  },
};

/** SGD applies λ·θ at every occurrence of a feature, so its values are per case. Tuned on u1. */
export const SGD_DEFAULT_REGULARIZATION: { readonly weight: PerGroup; readonly factor: PerGroup } = {
  weight: {
    userId: 0.05,
    itemId: 0.05,
    age: 0.05,
    gender: 0.05,
    occupation: 0.05,
    zip: 0.05,
    implicit: 0.05,
    year: 0.05,
    genre: 0.05,
    title: 0.05,
    raters: 0.05,
    ratingDate: 0.05,
    userDay: 0.05,
    ratingMonth: 0.05,
    filmAge: 0.05,
    dayImplicit: 0.05,
    userDrift: 0.05,
    filmMonth: 0.05,
    dayFrequency: 0.05,
  },
  factor: {
    userId: 0.12,
    itemId: 0.12,
    age: 0.12,
    gender: 0.12,
    occupation: 0.12,
    zip: 0.12,
    implicit: 0.12,
    year: 0.12,
    genre: 0.12,
    title: 0.12,
    raters: 0.12,
    ratingDate: 0.12,
    userDay: 0.12,
    ratingMonth: 0.12,
    filmAge: 0.12,
    dayImplicit: 0.12,
    userDrift: 0.12,
    filmMonth: 0.12,
    dayFrequency: 0.12,
  },
};

/**
 * Resolves `config.regularization`. A number applies to every group (weights and factors; w0
 * stays unpenalized). A record is looked up per fine group, most specific key first:
 * factors: `factors.<fine>`, `factors.<coarse>`, `factors`, `<fine>`, `<coarse>`;
 * weights: `<fine>`, `<coarse>`; w0: `bias`. Missing keys fall back to the method's defaults.
 * Fine group names: userId, itemId, age, gender, occupation, zip, implicit, year, genre, title,
 * raters, and the time groups ratingDate, userDay, ratingMonth (the context block) and filmAge;
 * coarse ones: ids, user, item, title, implicit, raters and the time groups by the same names.
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
