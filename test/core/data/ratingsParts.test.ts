import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens } from '../../../src/core/data/load';
import { parseRatingsPart } from '../../../src/core/data/ratingsFile';
import type { LoadOptions, LoadProgress, MovieLensData, RatingsPartHandle, RatingsPartTask } from '../../../src/core/data/types';
import { removeFolder, writeFolder } from './folders';

/**
 * A ratings.csv read in two halves (LoadOptions.parseInParallel) against one reading of the same
 * file. The second half runs here on this thread, through the same parseRatingsPart the worker's
 * part thread runs (test/worker/ratingsPartThread.test.ts runs it on a real second thread).
 */
const inThisThread =
  (started: RatingsPartTask[]) =>
  (task: RatingsPartTask): RatingsPartHandle => {
    started.push(task);
    return { result: () => parseRatingsPart(task), cancel: () => undefined };
  };

const MOVIES =
  ['movieId,title,genres', ...Array.from({ length: 40 }, (_, film) => `${film + 1},Film ${film + 1} (1999),Drama`)].join('\n') + '\n';

/** Users 1..60 in user order, some rating many films (they cross the middle), a re-rating in the second half. */
function ratingLines(): string[] {
  const lines = ['userId,movieId,rating,timestamp'];
  for (let user = 1; user <= 60; user++) {
    const count = user % 7 === 0 ? 30 : 3 + (user % 5);
    for (let index = 0; index < count; index++)
      lines.push(`${user * 10},${1 + ((user * 7 + index * 3) % 40)},${1 + (index % 9) / 2},${1e9 + user * 1000 + index}`);
  }
  // A re-rating late in the file (kept: the later timestamp) and a blank line, both in the second half.
  lines.push('590,14,4.5,1100000000', '');
  return lines;
}

function load(
  ratings: string,
  parts: boolean,
  progress?: LoadProgress[],
): { data?: MovieLensData; error?: string; halves: number; secondStart?: number } {
  const folder = writeFolder({ 'movies.csv': MOVIES, 'ratings.csv': ratings });
  const started: RatingsPartTask[] = [];
  const options: LoadOptions = parts
    ? { parseInParallel: inThisThread(started), parallelFromBytes: 1, onProgress: (report) => progress?.push(report) }
    : {};
  try {
    return { data: loadMovieLens(folder, options), halves: started.length + 1, secondStart: started[0]?.start };
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    return { error: error.message.slice(folder.length + 1), halves: started.length + 1 };
  } finally {
    removeFolder(folder);
  }
}

describe('ratings.csv read in two halves: the same data and the same messages as one reading', () => {
  it('joins the halves into the same columns, users (numbered by first appearance) and notes', () => {
    const text = ratingLines().join('\r\n');
    const progress: LoadProgress[] = [];
    const whole = load(text, false).data;
    const halves = load(text, true, progress);
    assert.equal(halves.halves, 2);
    // The halves meet inside one user's ratings: that user is known to the first half and met again in the second.
    const before = text.slice(0, halves.secondStart).trimEnd().split('\r\n').pop()?.split(',')[0];
    const after = text.slice(halves.secondStart).split(',')[0];
    assert.equal(after, before);
    assert.ok(whole !== undefined && halves.data !== undefined);
    assert.deepEqual(halves.data.users.rawId, whole.users.rawId);
    assert.deepEqual(halves.data.ratings, whole.ratings);
    assert.deepEqual(halves.data.notes, whole.notes);
    assert.equal(whole.notes?.length, 1, 'the re-rating was noted');
    const bytes = progress.map((report) => report.bytesRead);
    assert.ok(
      bytes.every((value, index) => index === 0 || value >= bytes[index - 1]),
      bytes.join(', '),
    );
    assert.equal(bytes[bytes.length - 1], Buffer.byteLength(text));
  });

  it('keeps a timestamp past 2106 in the second half (the columns turn to doubles), as one reading does', () => {
    const lines = ratingLines();
    lines[lines.length - 5] = '580,3,4,123456789012';
    const text = lines.join('\n');
    const whole = load(text, false).data;
    const halves = load(text, true).data;
    assert.ok(whole !== undefined && halves !== undefined);
    assert.ok(halves.ratings.timestamp instanceof Float64Array);
    assert.deepEqual(halves.ratings, whole.ratings);
    assert.ok(Array.from(whole.ratings.timestamp).includes(123456789012));
  });

  it('refuses a bad line of the second half at its line in the file', () => {
    const lines = ratingLines();
    const bad = lines.length - 20;
    lines[bad] = '330,7,4.25,1000000000';
    const text = lines.join('\n');
    const whole = load(text, false).error;
    assert.equal(whole, `ratings.csv:${bad + 1}: rating 4.25 is not a whole or half star (expected 0.5..5 in half stars)`);
    assert.equal(load(text, true).error, whole);
    lines[bad] = '330,99,4,1000000000';
    assert.equal(load(lines.join('\n'), true).error, `ratings.csv:${bad + 1}: film 99 is not in movies.csv`);
  });

  it('refuses the first bad line when both halves have one, as one reading does', () => {
    const lines = ratingLines();
    lines[5] = '10,1,four,1000000000';
    lines[lines.length - 10] = '550,1';
    const text = lines.join('\n');
    assert.equal(load(text, true).error, "ratings.csv:6: rating 'four' is not a number");
    assert.equal(load(text, true).error, load(text, false).error);
  });

  it('reads a file too small for two halves in one part', () => {
    const text = ratingLines().join('\n');
    const folder = writeFolder({ 'movies.csv': MOVIES, 'ratings.csv': text });
    const started: RatingsPartTask[] = [];
    try {
      loadMovieLens(folder, { parseInParallel: inThisThread(started) });
      assert.equal(started.length, 0, `${path.basename(folder)}: under the 64 MB default, no second half`);
    } finally {
      removeFolder(folder);
    }
  });
});
