import * as assert from 'node:assert/strict';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens } from '../../../src/core/data/load';
import { NOT_HALF, parseRating } from '../../../src/core/data/ratingsFile';
import { removeFolder, tiny100k, tinyCsv, writeFolder } from './folders';

/** Loads a tiny folder whose first rating is written as `text`: the value read, or the message. */
function firstRating(format: '100k' | 'csv', text: string): number | string {
  const files = format === '100k' ? tiny100k() : tinyCsv();
  if (format === '100k') files['u.data'] = files['u.data'].replace('7\t10\t5\t100', `7\t10\t${text}\t100`);
  else files['ratings.csv'] = files['ratings.csv'].replace('12,3,4.5,', `12,3,${text},`);
  const folder = writeFolder(files);
  try {
    return loadMovieLens(folder).ratings.rating[0];
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    return error.message.slice(folder.length + 1);
  } finally {
    removeFolder(folder);
  }
}

describe('ratings are read exactly, never rounded', () => {
  it('parseRating: multiples of one half exactly, NOT_HALF for other numbers, NaN for non-numbers', () => {
    const parse = (text: string): number => parseRating(Buffer.from(text), 0, text.length);
    assert.equal(parse('4'), 4);
    assert.equal(parse('4.0'), 4);
    assert.equal(parse('3.50'), 3.5);
    assert.equal(parse('.5'), 0.5);
    assert.equal(parse('4.0000001'), NOT_HALF);
    assert.equal(parse('3.9999999999999999999'), NOT_HALF);
    assert.equal(parse('4.25'), NOT_HALF);
    assert.equal(parse('4.05'), NOT_HALF);
    assert.ok(parse('12345678901234567890') > 5, 'a long number stays out of range');
    for (const text of ['', '.', '4.', '-4', '+4', '4e0', '4,0', ' 4', '4 ', 'NaN', '0x4'])
      assert.ok(Number.isNaN(parse(text)), `'${text}'`);
  });

  it('100K: whole numbers 1..5; 4.0000001 is refused, not rounded to 4', () => {
    assert.equal(firstRating('100k', '4'), 4);
    assert.equal(firstRating('100k', '4.000'), 4);
    assert.equal(firstRating('100k', '4.0000001'), 'u.data:1: rating 4.0000001 is not a whole number (expected a whole number 1..5)');
    assert.equal(firstRating('100k', '3.9999999'), 'u.data:1: rating 3.9999999 is not a whole number (expected a whole number 1..5)');
    assert.equal(firstRating('100k', '5.0000000001'), 'u.data:1: rating 5.0000000001 is not a whole number (expected a whole number 1..5)');
    assert.equal(firstRating('100k', '4.5'), 'u.data:1: rating 4.5 is not a whole number (expected a whole number 1..5)');
    assert.equal(firstRating('100k', '6.0'), 'u.data:1: rating 6.0 is out of range (expected a whole number 1..5)');
  });

  it('CSV: half stars 0.5..5; 3.5000001 is refused, not rounded to 3.5', () => {
    assert.equal(firstRating('csv', '3.50'), 3.5);
    assert.equal(firstRating('csv', '0.5'), 0.5);
    assert.equal(
      firstRating('csv', '3.5000001'),
      'ratings.csv:2: rating 3.5000001 is not a whole or half star (expected 0.5..5 in half stars)',
    );
    assert.equal(
      firstRating('csv', '4.9999999'),
      'ratings.csv:2: rating 4.9999999 is not a whole or half star (expected 0.5..5 in half stars)',
    );
    assert.equal(firstRating('csv', '0.0'), 'ratings.csv:2: rating 0.0 is out of range (expected 0.5..5 in half stars)');
    assert.equal(firstRating('csv', '5.5'), 'ratings.csv:2: rating 5.5 is out of range (expected 0.5..5 in half stars)');
  });
});
