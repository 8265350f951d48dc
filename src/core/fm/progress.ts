import type { RatingScale } from '../data/types';
import type { FeatureBlocks } from '../features/featureBlocks';
import type { Fold } from '../data/types';
import type { MovieLensData } from '../data/types';
import type { IterationProgress, TrainingHooks } from '../train/types';
import type { ValidModelConfig } from '../config/modelConfig';

/** Everything a solver needs for one fold. */
export interface FmProblem {
  readonly data: MovieLensData;
  readonly fold: Fold;
  readonly config: ValidModelConfig;
  readonly blocks: FeatureBlocks;
}

/** Times iterations, keeps the history and forwards each entry to the hook. */
export class ProgressRecorder {
  readonly history: IterationProgress[] = [];
  private readonly start = performance.now();

  constructor(
    private readonly hooks: TrainingHooks | undefined,
    private readonly iterations: number,
  ) {}

  get elapsedSeconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  report(iteration: number, trainRmse: number, testRmse: number | undefined, nonFiniteUpdates: number): void {
    const progress: IterationProgress = {
      iteration,
      iterations: this.iterations,
      trainRmse,
      ...(testRmse === undefined ? {} : { testRmse }),
      elapsedSeconds: this.elapsedSeconds,
      nonFiniteUpdates,
    };
    this.history.push(progress);
    this.hooks?.onIteration?.(progress);
  }
}

/** Clips in place to the rating scale. */
export function clipToScale(values: Float64Array, scale: RatingScale): Float64Array {
  // The bounds read back from a Float64Array are doubles: MovieLens's integer bounds merged with
  // the doubles as they are, and each stored value was boxed first (0.8 MB per FM iteration).
  const bounds = Float64Array.of(scale.min, scale.max);
  const min = bounds[0];
  const max = bounds[1];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    values[index] = value < min ? min : value > max ? max : value;
  }
  return values;
}

/** RMSE of predictions against targets; undefined for an empty set. */
export function rmseOf(predictions: ArrayLike<number>, targets: ArrayLike<number>): number | undefined {
  const count = targets.length;
  if (count === 0) return undefined;
  return Math.sqrt(squaredErrorSum(predictions, targets, count) / count);
}

/** rmseOf of the predictions sums[c] / count (a posterior mean kept as its sum), the same values. */
export function rmseOfMean(sums: Float64Array, count: number, targets: ArrayLike<number>): number | undefined {
  const length = targets.length;
  if (length === 0) return undefined;
  return Math.sqrt(meanSquaredErrorSum(sums, count, targets, length) / length);
}

function meanSquaredErrorSum(sums: Float64Array, count: number, targets: ArrayLike<number>, length: number): number {
  let total = 0;
  for (let index = 0; index < length; index++) {
    const error = sums[index] / count - targets[index];
    total += error * error;
  }
  return total;
}

/**
 * The loop of rmseOf with nothing after it: V8 compiles it on-stack while the first call is still
 * in the loop, when the code after the loop has no feedback yet, and that code (Math.sqrt) threw
 * the compiled loop away on every call of an ordinal run (200 deoptimizations on u1).
 */
function squaredErrorSum(predictions: ArrayLike<number>, targets: ArrayLike<number>, count: number): number {
  let total = 0;
  for (let index = 0; index < count; index++) {
    const error = predictions[index] - targets[index];
    total += error * error;
  }
  return total;
}
