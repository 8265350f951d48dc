import type { Fold, MovieLensData } from '../core/data/types';
import type { FoldPlan } from '../core/eval/protocols';

/**
 * The folds of one run's data and protocol as a worker holds them: every fold's plan, the ratings
 * of the one fold last asked for, and the test mask of the one last asked for. A worker trains
 * one fold at a time, so a bootstrap run of ten folds costs one fold's copy (300 MB at 25M
 * ratings), not ten; a hover or a spot check needs only the mask (1 byte a rating).
 */
export class RunFolds {
  private built: { readonly index: number; readonly fold: Fold } | undefined;
  private mask: { readonly index: number; readonly mask: Uint8Array } | undefined;

  constructor(
    /** Data and protocol: the same key, the same folds. */
    readonly key: string,
    readonly data: MovieLensData,
    private readonly plans: readonly FoldPlan[],
  ) {}

  get names(): string[] {
    return this.plans.map((plan) => plan.name);
  }

  get count(): number {
    return this.plans.length;
  }

  /** The index of the fold of that name, or -1. */
  indexOf(name: string): number {
    return this.plans.findIndex((plan) => plan.name === name);
  }

  /** Fold `index`'s ratings: made now unless it was the last one asked for (which it replaces). */
  fold(index: number): Fold | undefined {
    const plan = this.plans[index];
    if (plan === undefined) return undefined;
    if (this.built?.index !== index) {
      // Let the previous fold go before the next is made: one fold's copy at a time.
      this.built = undefined;
      this.built = { index, fold: plan.build() };
    }
    return this.built.fold;
  }

  /** Which rows of the data fold `index` tests on; undefined for folds read from split files. */
  testMask(index: number): Uint8Array | undefined {
    const plan = this.plans[index];
    if (plan?.testMask === undefined) return undefined;
    if (this.mask?.index !== index) this.mask = { index, mask: plan.testMask() };
    return this.mask.mask;
  }
}
