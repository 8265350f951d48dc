import type { Ratings } from './types';

/**
 * Per-rating Int32 values of the timestamps (a day or month number) without a Float64 copy: a
 * fold's part (eval/protocols.ts) reads its timestamps lazily from the data's column, and
 * materialising them would keep 8 bytes a rating alive for the whole run (160 MB for a 25M fold's
 * training part) when the time features need only 4.
 */

interface MaskedSource {
  readonly source: Ratings['timestamp'];
  readonly mask: Uint8Array;
  readonly side: 0 | 1;
}

const maskedSources = new WeakMap<Ratings, MaskedSource>();

/** Records that `ratings` are the rows of `source` whose `mask` entry is `side`, in order. */
export function registerMaskedTimestamps(ratings: Ratings, source: Ratings['timestamp'], mask: Uint8Array, side: 0 | 1): void {
  maskedSources.set(ratings, { source, mask, side });
}

/** `map(timestamp)` per rating, in order, read from the data's column when `ratings` are a fold's part. */
export function mapTimestamps(ratings: Ratings, map: (timestamp: number) => number): Int32Array {
  const out = new Int32Array(ratings.length);
  const masked = maskedSources.get(ratings);
  if (masked === undefined) {
    const timestamp = ratings.timestamp;
    for (let index = 0; index < out.length; index++) out[index] = map(timestamp[index]);
    return out;
  }
  const { source, mask, side } = masked;
  let next = 0;
  for (let row = 0; row < mask.length && next < out.length; row++) if (mask[row] === side) out[next++] = map(source[row]);
  return out;
}
