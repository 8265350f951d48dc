import { fineGroupIndex } from '../features/groups';
import type { FineGroup } from '../features/groups';
import { coldRowPriors } from './coldRows';
import type { UserSideModel } from '../model/userSideModel';
import type { BlockState, FmState } from './blockState';

/**
 * The fine groups a new user can be described by: the demographics and the films they liked
 * (implicit feedback). Ids are left out (a new user has none) and so are the per-rating time
 * groups (a new user has no rating day: like an owner without training ratings, its row is untimed).
 */
export const USER_SIDE_GROUPS: readonly FineGroup[] = ['age', 'gender', 'occupation', 'zip', 'implicit'];

/**
 * Collects the user-side parameters alongside the EmbeddingAccumulator, sample by sample: weights
 * and the cold-row weight averaged over every sample added, factors kept for the kept samples only.
 */
export class UserSideAccumulator {
  private samples = 0;
  private columns: Int32Array | undefined;
  private names: string[] = [];
  private hasIds = false;
  private weightSum = new Float64Array(0);
  private coldWeightSum = 0;
  private readonly factorSamples: Float32Array[] = [];
  private readonly coldFactorSamples: Float32Array[] = [];

  constructor(private readonly rank: number) {}

  /** Adds one sample; with `keepFactors`, also its factors (the same samples the embedding keeps). */
  add(state: FmState, keepFactors: boolean): void {
    const columns = this.columns ?? this.select(state.user);
    const rank = this.rank;
    this.samples++;
    const { weights, factors } = state.user;
    for (let index = 0; index < columns.length; index++) this.weightSum[index] += weights[columns[index]];
    // Cold rows carry the id prior's means only while the solver adds them (MCMC); otherwise none.
    const priors = this.hasIds ? coldRowPriors(state) : undefined;
    const idGroup = fineGroupIndex('userId');
    if (priors !== undefined) this.coldWeightSum += priors.weightMean[idGroup];
    if (!keepFactors) return;
    const sample = new Float32Array(columns.length * rank);
    for (let index = 0; index < columns.length; index++) {
      sample.set(factors.subarray(columns[index] * rank, (columns[index] + 1) * rank), index * rank);
    }
    this.factorSamples.push(sample);
    const cold = new Float32Array(rank);
    if (priors !== undefined) cold.set(priors.factorMean.subarray(idGroup * rank, (idGroup + 1) * rank));
    this.coldFactorSamples.push(cold);
  }

  build(): UserSideModel {
    const samples = Math.max(1, this.samples);
    const features = this.names.length;
    const kept = Math.max(1, this.factorSamples.length);
    const dimension = this.rank * kept;
    const scale = 1 / Math.sqrt(kept);
    const factors = new Float32Array(features * dimension);
    const coldFactors = new Float32Array(dimension);
    this.factorSamples.forEach((sample, sampleIndex) => {
      for (let feature = 0; feature < features; feature++) {
        for (let factor = 0; factor < this.rank; factor++) {
          factors[feature * dimension + sampleIndex * this.rank + factor] = sample[feature * this.rank + factor] * scale;
        }
      }
      const cold = this.coldFactorSamples[sampleIndex];
      for (let factor = 0; factor < this.rank; factor++) coldFactors[sampleIndex * this.rank + factor] = cold[factor] * scale;
    });
    return {
      featureNames: [...this.names],
      weights: Float32Array.from(this.weightSum, (sum) => sum / samples),
      factors,
      coldWeight: this.coldWeightSum / samples,
      coldFactors,
    };
  }

  /** The user block's columns in USER_SIDE_GROUPS, once (the design does not change while training). */
  private select(side: BlockState): Int32Array {
    const wanted = new Set(USER_SIDE_GROUPS.map(fineGroupIndex));
    const idGroup = fineGroupIndex('userId');
    const columns: number[] = [];
    const { featureGroup, featureNames } = side.block;
    for (let feature = 0; feature < featureGroup.length; feature++) {
      if (featureGroup[feature] === idGroup) this.hasIds = true;
      if (!wanted.has(featureGroup[feature])) continue;
      columns.push(feature);
      this.names.push(featureNames[feature]);
    }
    this.columns = Int32Array.from(columns);
    this.weightSum = new Float64Array(columns.length);
    return this.columns;
  }
}
