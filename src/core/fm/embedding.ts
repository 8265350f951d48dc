import type { RatingScale } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import { rowBiases, type FmState } from './fmState';
import { UserSideAccumulator } from './userSide';

/**
 * Folds an FM into r̂ = μ + b_u + b_i + p_u·q_i: a row's own linear and intra-row pairwise terms
 * are its bias, its factor sums s_r its embedding. Several samples (MCMC) are combined by
 * averaging μ and the biases over every sample added, and by concatenating the factors of the
 * kept samples, each scaled 1/√S so the dot product is their average.
 */
export class EmbeddingAccumulator {
  private samples = 0;
  private globalBiasSum = 0;
  private readonly userBiasSum: Float64Array;
  private readonly itemBiasSum: Float64Array;
  private readonly userBuffer: Float64Array;
  private readonly itemBuffer: Float64Array;
  private readonly userFactorSamples: Float32Array[] = [];
  private readonly itemFactorSamples: Float32Array[] = [];
  /** The user block's side features, for users the data does not have (a what-if). */
  private readonly userSide: UserSideAccumulator;

  constructor(
    private readonly userCount: number,
    private readonly itemCount: number,
    private readonly rank: number,
  ) {
    this.userBiasSum = new Float64Array(userCount);
    this.itemBiasSum = new Float64Array(itemCount);
    this.userBuffer = new Float64Array(userCount);
    this.itemBuffer = new Float64Array(itemCount);
    this.userSide = new UserSideAccumulator(rank);
  }

  /** Adds the state's biases to the averages; with `keepFactors`, also its factors. */
  add(state: FmState, keepFactors: boolean): void {
    this.samples++;
    this.globalBiasSum += state.w0;
    accumulate(this.userBiasSum, rowBiases(state.user, this.rank, this.userBuffer));
    accumulate(this.itemBiasSum, rowBiases(state.item, this.rank, this.itemBuffer));
    this.userSide.add(state, keepFactors);
    if (keepFactors) {
      this.userFactorSamples.push(Float32Array.from(state.user.sums));
      this.itemFactorSamples.push(Float32Array.from(state.item.sums));
    }
  }

  get keptSamples(): number {
    return this.userFactorSamples.length;
  }

  build(ratingScale: RatingScale): EmbeddingModel {
    const samples = Math.max(1, this.samples);
    const kept = Math.max(1, this.userFactorSamples.length);
    const dimension = this.rank * kept;
    const scale = 1 / Math.sqrt(kept);
    return {
      kind: 'fm',
      userCount: this.userCount,
      itemCount: this.itemCount,
      dimension,
      globalBias: this.globalBiasSum / samples,
      userBias: averaged(this.userBiasSum, samples),
      itemBias: averaged(this.itemBiasSum, samples),
      userFactors: concatenate(this.userFactorSamples, this.userCount, this.rank, kept, scale),
      itemFactors: concatenate(this.itemFactorSamples, this.itemCount, this.rank, kept, scale),
      ratingScale,
      userSide: this.userSide.build(),
    };
  }
}

function accumulate(target: Float64Array, source: Float64Array): void {
  for (let index = 0; index < target.length; index++) target[index] += source[index];
}

function averaged(sum: Float64Array, samples: number): Float32Array {
  const out = new Float32Array(sum.length);
  for (let index = 0; index < sum.length; index++) out[index] = sum[index] / samples;
  return out;
}

function concatenate(samples: readonly Float32Array[], rows: number, rank: number, kept: number, scale: number): Float32Array {
  const dimension = rank * kept;
  const out = new Float32Array(rows * dimension);
  samples.forEach((sample, index) => {
    for (let row = 0; row < rows; row++) {
      for (let factor = 0; factor < rank; factor++) {
        out[row * dimension + index * rank + factor] = sample[row * rank + factor] * scale;
      }
    }
  });
  return out;
}
