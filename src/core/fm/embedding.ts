import type { RatingScale } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import type { ContextState, FmState } from './blockState';
import { rowBiases } from './predictions';
import { UserSideAccumulator } from './userSide';

/**
 * Folds an FM into r̂ = μ + b_u + b_i + p_u·q_i: a row's own linear and intra-row pairwise terms
 * are its bias, its factor sums s_r its embedding. Several samples (MCMC) are combined by
 * averaging μ and the biases over every sample added, and by concatenating the factors of the
 * kept samples, each scaled 1/√S so the dot product is their average.
 *
 * A context block (the user's time groups) is folded into the user at the user's "now", the
 * context row k of its latest training day (ContextBlock.nowRow): with every pair of blocks
 * interacting, ŷ = w0 + b_u + b_i + b_k + s_u·s_i + s_u·s_k + s_i·s_k
 *   = w0 + (b_u + b_k + s_u·s_k) + b_i + (s_u + s_k)·s_i,
 * so p_u′ = s_u + s_k and b_u′ = b_u + b_k + s_u·s_k. A user without training ratings has no day:
 * its row is the user block's alone.
 */
export class EmbeddingAccumulator {
  private samples = 0;
  private globalBiasSum = 0;
  private readonly userBiasSum: Float64Array;
  private readonly itemBiasSum: Float64Array;
  private readonly userBuffer: Float64Array;
  private readonly itemBuffer: Float64Array;
  /** The context rows' biases and the users' folded s_u + s_k (context block only). */
  private contextBuffer: Float64Array | null = null;
  private userSumBuffer: Float64Array | null = null;
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
    rowBiases(state.user, this.rank, this.userBuffer);
    const userSums = state.context === null ? state.user.sums : this.foldContext(state, state.context);
    accumulate(this.userBiasSum, this.userBuffer);
    accumulate(this.itemBiasSum, rowBiases(state.item, this.rank, this.itemBuffer));
    this.userSide.add(state, keepFactors);
    if (keepFactors) {
      this.userFactorSamples.push(Float32Array.from(userSums));
      this.itemFactorSamples.push(Float32Array.from(state.item.sums));
    }
  }

  /** Adds each user's "now" context row to its bias (in userBuffer) and returns its folded sums. */
  private foldContext(state: FmState, context: ContextState): Float64Array {
    const rank = this.rank;
    this.contextBuffer ??= new Float64Array(context.rows);
    this.userSumBuffer ??= new Float64Array(state.user.sums.length);
    const contextBias = rowBiases(context, rank, this.contextBuffer);
    const folded = this.userSumBuffer;
    folded.set(state.user.sums);
    const nowRow = context.block.nowRow;
    // The factor loop is a function of its own: nested here, V8's OSR code of this tiny inner
    // loop deoptimized each time it ended, thousands of times a run (Node 24, --trace-deopt).
    for (let user = 0; user < nowRow.length; user++) {
      const row = nowRow[user];
      if (row < 0) continue;
      this.userBuffer[user] += foldUserContext(folded, context.sums, user, row, rank, contextBias[row]);
    }
    return folded;
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

/** `target` += `source`, element by element. */
export function accumulate(target: Float64Array, source: Float64Array): void {
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

/** Adds context row `row`'s factor sums into user `user`'s (in `folded`); returns `bias` plus their dot product before the addition. */
function foldUserContext(folded: Float64Array, contextSums: Float64Array, user: number, row: number, rank: number, bias: number): number {
  for (let factor = 0; factor < rank; factor++) {
    const contextSum = contextSums[row * rank + factor];
    bias += folded[user * rank + factor] * contextSum;
    folded[user * rank + factor] += contextSum;
  }
  return bias;
}
