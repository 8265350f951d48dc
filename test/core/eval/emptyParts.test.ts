import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens } from '../../../src/core/data/load';
import { writeSyntheticMovieLens } from '../../../src/core/data/synthetic';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import type { ProtocolConfig } from '../../../src/core/config/schema';
import { removeFolder, snapshot, tiny100k, tinyCsv, writeFolder } from '../data/folders';

/** Loads a tiny folder and makes the protocol's folds: the DataError message without the folder prefix. */
function foldError(files: Record<string, string>, protocol: Partial<ProtocolConfig> = {}): string {
  const folder = writeFolder(files);
  const before = snapshot(folder);
  try {
    makeFolds(loadMovieLens(folder), defaultProtocolConfig(protocol));
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    return error.message.slice(folder.length + 1);
  } finally {
    const after = snapshot(folder);
    removeFolder(folder);
    assert.deepEqual(after, before);
  }
  return assert.fail('folds were made without an error');
}

const with100k = (changes: Record<string, string>): Record<string, string> => ({ ...tiny100k(), ...changes });
const withCsv = (ratings: string): Record<string, string> => ({ ...tinyCsv(), 'ratings.csv': ratings });
const HEADER = 'userId,movieId,rating,timestamp\n';

describe('empty test sets name the file and why', () => {
  it('an empty or blank u.data', () => {
    assert.equal(foldError(with100k({ 'u.data': '' })), 'u.data: no ratings (the file is empty): nothing to train on or test');
    assert.equal(
      foldError(with100k({ 'u.data': '\n  \n\t\r\n' })),
      'u.data: no ratings (the file holds only blank lines): nothing to train on or test',
    );
  });

  it('a ratings.csv with only its header, or nothing', () => {
    assert.equal(foldError(withCsv(HEADER)), 'ratings.csv: no ratings (nothing after the header line): nothing to train on or test');
    assert.equal(
      foldError(withCsv(HEADER + '\n\n')),
      'ratings.csv: no ratings (nothing after the header line): nothing to train on or test',
    );
    assert.equal(foldError(withCsv('')), 'ratings.csv: no ratings (the file is empty): nothing to train on or test');
  });

  it('an empty u2.test or a blank u2.base (canonical protocol)', () => {
    const folder = writeFolder({});
    try {
      writeSyntheticMovieLens(folder, { users: 30, items: 20, ratingsPerUser: 6, seed: 2 });
      const data = loadMovieLens(folder);
      const canonical = defaultProtocolConfig({ protocol: 'canonical' });
      const refusal = (): string => {
        try {
          makeFolds(data, canonical);
        } catch (error) {
          assert.ok(isDataError(error), String(error));
          return error.message.slice(folder.length + 1);
        }
        return assert.fail('no error');
      };
      fs.writeFileSync(path.join(folder, 'u2.test'), '');
      assert.equal(refusal(), 'u2.test: no ratings (the file is empty): split u2 would have an empty test set, which cannot be scored');
      fs.writeFileSync(path.join(folder, 'u2.base'), '\n\n');
      assert.equal(refusal(), 'u2.base: no ratings (the file holds only blank lines): split u2 would have nothing to train on');
    } finally {
      removeFolder(folder);
    }
  });

  it('cold users with a single user', () => {
    assert.equal(
      foldError(withCsv(HEADER + '5,1,4.0,1\n5,3,2.5,2\n5,7,3.0,3\n'), { protocol: 'cold-users' }),
      'ratings.csv: cold users: holding out 20% of the 1 user with ratings holds out nobody: an empty test set cannot be scored',
    );
    assert.equal(
      foldError(withCsv(HEADER + '5,1,4.0,1\n12,3,2.5,2\n'), { protocol: 'cold-users', testFraction: 0.9 }),
      'ratings.csv: cold users: holding out 90% of the 2 users with ratings holds out all of them: nothing is left to train on',
    );
  });

  it('a holdout or bootstrap too small for a test part', () => {
    assert.equal(
      foldError(withCsv(HEADER + '5,1,4.0,1\n12,3,2.5,2\n'), { protocol: 'holdout' }),
      'ratings.csv: a holdout of 20% of 2 ratings is no rating: an empty test set cannot be scored',
    );
    assert.equal(
      foldError(withCsv(HEADER + '5,1,4.0,1\n'), { folds: 2 }),
      'ratings.csv: 1 rating cannot make 2 bootstrap folds: each fold needs at least one test rating',
    );
  });
});
