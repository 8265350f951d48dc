import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { isDataError } from '../../../src/core/data/errors';
import { loadMovieLens } from '../../../src/core/data/load';
import type { MovieLensData } from '../../../src/core/data/types';
import { compare, evaluate } from '../../../src/core/eval/evaluate';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { availableFeatureGroups, requireFeatureData } from '../../../src/core/features/availability';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { removeFolder, tinyCsv, writeFolder } from '../data/folders';
import { dataOf, ratingsOf } from './fixtures';

const CSV_USER_MESSAGE =
  "feature group 'user' (age, gender, occupation, zip) needs a users file (u.user in MovieLens 100K, users.dat in 1M); " +
  'the CSV releases (ratings.csv, movies.csv) have none: leave out the user group';

/** Six users × four films of half-star ratings in a CSV release folder. */
function csvFiles(): Record<string, string> {
  const lines = ['userId,movieId,rating,timestamp'];
  for (const user of [1, 2, 3, 4, 5, 6])
    for (const film of [1, 3, 7, 9]) lines.push(`${user},${film},${1 + ((user * film) % 9) / 2},${user * 100 + film}`);
  return { ...tinyCsv(), 'ratings.csv': lines.join('\n') + '\n' };
}

describe("feature group 'user' needs user data", () => {
  let folder = '';
  let data: MovieLensData;
  before(() => {
    folder = writeFolder(csvFiles());
    data = loadMovieLens(folder);
  });
  after(() => removeFolder(folder));

  const refusal = (action: () => unknown): string => {
    try {
      action();
    } catch (error) {
      assert.ok(isDataError(error), String(error));
      return error.message;
    }
    return assert.fail('no error');
  };

  it('evaluate refuses it on a CSV release before training anything', () => {
    let iterations = 0;
    const model = defaultModelConfig('fm', { method: 'als', features: ['ids', 'user'], iterations: 2 });
    const message = refusal(() => evaluate(data, model, defaultProtocolConfig({ repeats: 1 }), { onIteration: () => iterations++ }));
    assert.equal(message, `${folder}: ${CSV_USER_MESSAGE}`);
    assert.equal(iterations, 0);
  });

  it('compare refuses it before the baseline trains', () => {
    let iterations = 0;
    const candidate = defaultModelConfig('fm', { method: 'als', features: ['ids', 'user', 'item'], iterations: 2 });
    const message = refusal(() =>
      compare(data, defaultModelConfig('svd', { iterations: 2 }), candidate, defaultProtocolConfig({ repeats: 1 }), {
        onIteration: () => iterations++,
      }),
    );
    assert.equal(message, `${folder}: ${CSV_USER_MESSAGE}`);
    assert.equal(iterations, 0);
  });

  it('the feature builder refuses it too (every solver path goes through it)', () => {
    assert.equal(
      refusal(() => buildFeatureBlocks(data, data.ratings, ['ids', 'user'])),
      `${folder}: ${CSV_USER_MESSAGE}`,
    );
    assert.ok(buildFeatureBlocks(data, data.ratings, ['ids', 'item', 'implicit', 'raters']).user.matrix.rows === 6);
  });

  it('a 100K table without demographics names u.user', () => {
    const plain = dataOf(ratingsOf([0, 1], [0, 1], [3, 4]), 2, 2, '/nowhere/ml-100k');
    assert.equal(
      refusal(() => requireFeatureData(plain, ['user'])),
      "/nowhere/ml-100k/u.user: feature group 'user' (age, gender, occupation, zip) needs u.user, and this data has no users from it",
    );
    requireFeatureData(plain, ['ids', 'item', 'title', 'implicit', 'raters']);
  });

  it('availableFeatureGroups drops what the data or its format cannot fill, for defaults', () => {
    assert.deepEqual(availableFeatureGroups(data, ['ids', 'user', 'item', 'implicit', 'raters']), ['ids', 'item', 'implicit', 'raters']);
    assert.deepEqual(availableFeatureGroups('ml-csv', ['ids', 'user', 'title']), ['ids', 'title']);
    assert.deepEqual(availableFeatureGroups('ml-1m', ['ids', 'user']), ['ids', 'user']);
    assert.deepEqual(availableFeatureGroups('ml-100k', ['user']), ['user']);
  });

  describe('in the CLI', () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(repoRoot, 'src', 'cli', 'main.ts'), ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });

    it('--features with user on a CSV release: exit 1 with the message', () => {
      const run = cli('evaluate', '--data', folder, '--model', 'fm', '--method', 'als', '--features', 'ids,user', '--iterations', '2');
      assert.equal(run.status, 1, run.stderr);
      assert.ok(run.stderr.endsWith(`${folder}: ${CSV_USER_MESSAGE}\n`), run.stderr);
    });

    it('the default features leave user out on a CSV release, with a note', () => {
      const run = cli('evaluate', '--data', folder, '--model', 'fm', '--method', 'als', '--iterations', '2', '--repeats', '1', '--json');
      assert.equal(run.status, 0, run.stderr);
      assert.match(
        run.stderr,
        /^Note: FM-ALS ids,user,item,implicit,raters,userDay k=10: default features without user \(ml-csv has no users file\)$/m,
      );
      assert.deepEqual(JSON.parse(run.stdout).model.features, ['ids', 'item', 'implicit', 'raters', 'userDay']);
    });
  });
});
