import { defaultModelConfig } from '../core/train/config';
import type { FeatureGroup, ModelConfig } from '../core/train/types';

/** One benchmark row: a solver and feature set, trained with its defaults. */
export interface BenchConfiguration {
  readonly name: string;
  readonly config: ModelConfig;
}

const IDS: FeatureGroup[] = ['ids'];
const SIDE: FeatureGroup[] = ['ids', 'user', 'item'];
const SIDE_IMPLICIT: FeatureGroup[] = ['ids', 'user', 'item', 'implicit'];

/** The rows of issue 2's benchmark, in print order. */
export function benchConfigurations(): BenchConfiguration[] {
  return [
    { name: 'SVD-ALS', config: defaultModelConfig('svd') },
    { name: 'FM-ALS ids', config: defaultModelConfig('fm', { method: 'als', features: IDS }) },
    { name: 'FM-ALS side', config: defaultModelConfig('fm', { method: 'als', features: SIDE }) },
    { name: 'FM-MCMC ids', config: defaultModelConfig('fm', { method: 'mcmc', features: IDS }) },
    { name: 'FM-MCMC side', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE }) },
    { name: 'FM-MCMC side+implicit', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE_IMPLICIT }) },
    { name: 'FM-SGD side', config: defaultModelConfig('fm', { method: 'sgd', features: SIDE }) },
  ];
}

/** The article's comparison: FM-MCMC with side features against SVD-ALS. */
export function gainConfigurations(): { baseline: BenchConfiguration; candidate: BenchConfiguration } {
  return {
    baseline: { name: 'SVD-ALS', config: defaultModelConfig('svd') },
    candidate: { name: 'FM-MCMC side', config: defaultModelConfig('fm', { method: 'mcmc', features: SIDE }) },
  };
}
