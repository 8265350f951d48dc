import * as assert from 'node:assert/strict';
import { mapTimestamps, registerMaskedTimestamps } from '../../../src/core/data/ratingTimes';
import type { Ratings } from '../../../src/core/data/types';

describe('mapTimestamps', () => {
  const source = Float64Array.from([100, 250, 399, 400, 1234]);
  const days = (timestamp: number): number => Math.floor(timestamp / 100);

  it("maps a plain table's own timestamps", () => {
    const ratings: Ratings = {
      length: 3,
      user: new Int32Array(3),
      item: new Int32Array(3),
      rating: new Float32Array(3),
      timestamp: Float64Array.from([5, 250, 1299]),
    };
    assert.deepEqual([...mapTimestamps(ratings, days)], [0, 2, 12]);
  });

  it("reads a fold part's timestamps from the data's column by its mask, never its own copy", () => {
    const mask = Uint8Array.from([1, 0, 1, 0, 1]);
    const part = (side: 0 | 1, length: number): Ratings => {
      const ratings: Ratings = {
        length,
        user: new Int32Array(length),
        item: new Int32Array(length),
        rating: new Float32Array(length),
        get timestamp(): Float64Array {
          throw new Error('materialised');
        },
      };
      registerMaskedTimestamps(ratings, source, mask, side);
      return ratings;
    };
    assert.deepEqual([...mapTimestamps(part(0, 2), days)], [2, 4]);
    assert.deepEqual([...mapTimestamps(part(1, 3), days)], [1, 3, 12]);
  });
});
