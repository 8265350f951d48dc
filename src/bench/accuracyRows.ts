import { defaultModelConfig } from '../core/config/modelConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import type { ModelConfig } from '../core/config/schema';
import type { FeatureGroup } from '../core/features/groups';

/** One row of issue 11's accuracy table: an FM-MCMC configuration for a seed. */
export interface AccuracyRow {
  readonly name: string;
  readonly config: (seed: number) => ValidModelConfig;
}

/** The FM's default features before issue 11: every row is a lever on top of them. */
export const REFERENCE_FEATURES: readonly FeatureGroup[] = ['ids', 'user', 'item', 'implicit', 'raters'];

/** The row every other row's time per iteration is measured against (interleaved). */
export const REFERENCE_ROW = 'reference';

function row(name: string, extra: readonly FeatureGroup[], overrides: Partial<ModelConfig> = {}): AccuracyRow {
  return {
    name,
    config: (seed) => defaultModelConfig('fm', { method: 'mcmc', ...overrides, features: [...REFERENCE_FEATURES, ...extra], seed }),
  };
}

/** The rows, in print order: the reference, each time group alone, the combination, then other levers. */
export function accuracyRows(): AccuracyRow[] {
  return [
    row(REFERENCE_ROW, []),
    row('+userDay', ['userDay']),
    row('+ratingDate', ['ratingDate']),
    row('+ratingMonth', ['ratingMonth']),
    row('+filmAge', ['filmAge']),
    row('+userDay+ratingDate', ['userDay', 'ratingDate']),
    row('+userDay+ratingDate+ratingMonth', ['userDay', 'ratingDate', 'ratingMonth']),
    row('+userDay+ratingMonth', ['userDay', 'ratingMonth']),
    row('+userDay ordinal', ['userDay'], { likelihood: 'ordinal' }),
    row('+userDay ν=30', ['userDay'], { noiseDegrees: 30 }),
    row('+userDay ν=300', ['userDay'], { noiseDegrees: 300 }),
    row('+userDay init stdev 0.3', ['userDay'], { initStdev: 0.3 }),
    row('+userDay burn-in 50', ['userDay'], { burnIn: 50 }),
    row('+userDay k=16', ['userDay'], { rank: 16 }),
    row('+userDay k=32', ['userDay'], { rank: 32 }),
    row('+userDay 400 samples', ['userDay'], { iterations: 400 }),
    row('+userDay 800 samples', ['userDay'], { iterations: 800 }),
    row('+userDay k=16 400 samples', ['userDay'], { rank: 16, iterations: 400 }),
    row('k=16 400 samples', [], { rank: 16, iterations: 400 }),
    row('+userDay+dayImplicit', ['userDay', 'dayImplicit']),
    row('+userDay+userDrift', ['userDay', 'userDrift']),
    row('+userDay+filmMonth', ['userDay', 'filmMonth']),
    row('+userDay+dayFrequency', ['userDay', 'dayFrequency']),
  ];
}
