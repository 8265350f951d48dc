import { defaultModelConfig } from '../core/config/modelConfig';
import type { FeatureGroup } from '../core/features/groups';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { DEFAULT_FM_FEATURES } from '../core/config/schema';

/** One benchmark row: a solver and feature set, trained with its defaults. */
export interface BenchConfiguration {
  readonly name: string;
  readonly config: ValidModelConfig;
}

const IDS: FeatureGroup[] = ['ids'];
const SIDE: FeatureGroup[] = ['ids', 'user', 'item'];
const SIDE_IMPLICIT: FeatureGroup[] = ['ids', 'user', 'item', 'implicit'];

/** Features of the kernel timing (the "u1 side"). */
export const KERNEL_FEATURES: readonly FeatureGroup[] = SIDE;

/** FM-MCMC rows run side by side with libFM (one feature set each, as libFM's block mode gets them). */
export const SIDE_BY_SIDE = ['FM-MCMC ids', 'FM-MCMC side', 'FM-MCMC side+implicit', 'FM-MCMC default'];

/** The rows of issue 2's benchmark, in print order. */
export function benchConfigurations(): BenchConfiguration[] {
  return [
    { name: 'SVD-ALS', config: defaultModelConfig('svd') },
    { name: 'FM-ALS ids', config: defaultModelConfig('fm', { method: 'als', features: IDS }) },
    { name: 'FM-ALS side', config: defaultModelConfig('fm', { method: 'als', features: SIDE }) },
    { name: 'FM-MCMC ids', config: defaultModelConfig('fm', { method: 'mcmc', features: IDS }) },
    { name: 'FM-MCMC side', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE }) },
    { name: 'FM-MCMC side+implicit', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE_IMPLICIT }) },
    // libFM's noise model (one precision for all ratings), to show what per-user noise adds.
    { name: 'FM-MCMC side (shared noise)', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE, noise: 'shared' }) },
    {
      name: 'FM-MCMC side+implicit (shared noise)',
      config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE_IMPLICIT, noise: 'shared' }),
    },
    // The ordered probit over the five levels with one noise scale, myFM's ordinal row (issue 11:
    // no worse than the Gaussian row above it).
    {
      name: 'FM-MCMC side+implicit ordinal (shared noise)',
      config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE_IMPLICIT, noise: 'shared', likelihood: 'ordinal' }),
    },
    { name: 'FM-MCMC default', config: defaultModelConfig('fm', { method: 'mcmc', features: [...DEFAULT_FM_FEATURES] }) },
    // The default features (per-user noise scales) with the ordered probit.
    {
      name: 'FM-MCMC default ordinal',
      config: defaultModelConfig('fm', { method: 'mcmc', features: [...DEFAULT_FM_FEATURES], likelihood: 'ordinal' }),
    },
    { name: 'FM-SGD side', config: defaultModelConfig('fm', { method: 'sgd', features: SIDE }) },
  ];
}

/**
 * The article's comparison, FM-MCMC with side features against SVD-ALS on the bootstrapped
 * 2-fold × 5 protocol; the same with libFM's shared noise, with implicit feedback added, and
 * with the FM's defaults.
 */
export function gainCandidates(): BenchConfiguration[] {
  const names = ['FM-MCMC side', 'FM-MCMC side (shared noise)', 'FM-MCMC side+implicit', 'FM-MCMC default'];
  return names.map((name) => benchConfigurations().find((configuration) => configuration.name === name) as BenchConfiguration);
}

export function gainBaseline(): BenchConfiguration {
  return { name: 'SVD-ALS', config: defaultModelConfig('svd') };
}
