import type { MeanStd } from './types';

/** Root mean squared error of `predicted` against `actual` (same length, not empty). */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted);
  let sum = 0;
  for (let index = 0; index < actual.length; index++) {
    const error = actual[index] - predicted[index];
    sum += error * error;
  }
  return Math.sqrt(sum / actual.length);
}

/** Mean absolute error of `predicted` against `actual` (same length, not empty). */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted);
  let sum = 0;
  for (let index = 0; index < actual.length; index++) sum += Math.abs(actual[index] - predicted[index]);
  return sum / actual.length;
}

/** Mean and sample standard deviation (n − 1); the std of a single value is 0. */
export function meanStd(values: ArrayLike<number>): MeanStd {
  const count = values.length;
  if (count === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let index = 0; index < count; index++) sum += values[index];
  const mean = sum / count;
  if (count === 1) return { mean, std: 0 };
  let squares = 0;
  for (let index = 0; index < count; index++) squares += (values[index] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (count - 1)) };
}

function checkPair(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual and predicted differ in length: ${actual.length} vs ${predicted.length}`);
  }
  if (actual.length === 0) throw new RangeError('cannot score an empty test set');
}
