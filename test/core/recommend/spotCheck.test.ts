import assert from 'node:assert/strict';
import type { Fold } from '../../../src/core/data/types';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import type { EmbeddingModel } from '../../../src/core/model/embeddingModel';
import { formatSpotCheck, spotCheck } from '../../../src/core/recommend/spotCheck';
import { trainSvdAls } from '../../../src/core/svd/trainSvdAls';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { dataOf, plantedData, ratingsOf } from '../eval/fixtures';

describe('spotCheck', () => {
  // User 0 rated films 0, 1 (5 stars each) and 2 in training; films 3 and 4 are in the test part.
  const train = ratingsOf([0, 0, 0, 1, 1], [0, 1, 2, 0, 5], [5, 5, 3, 4, 1]);
  const test = ratingsOf([0, 0, 1], [3, 4, 2], [4, 2, 3]);
  const fold: Fold = { name: 'hand', train, test };
  const data = dataOf(ratingsOf([], [], []), 2, 7);
  // One factor, user 0's is 1: scores 3 + q_i = 3.5, 2.5, 4, 3, 6 (clipped to 5), 2, 3.
  const model: EmbeddingModel = {
    kind: 'svd',
    userCount: 2,
    itemCount: 7,
    dimension: 1,
    globalBias: 3,
    userBias: new Float32Array(2),
    itemBias: new Float32Array(7),
    userFactors: Float32Array.from([1, -1]),
    itemFactors: Float32Array.from([0.5, -0.5, 1, 0, 3, -1, 0]),
    ratingScale: { min: 1, max: 5 },
  };

  it('ranks history by rating then prediction, test and unseen films by prediction', () => {
    const result = spotCheck(data, fold, model, 0, { historyCount: 10, testCount: 5, unseenCount: 3 });
    assert.equal(result.userId, 1);
    assert.equal(result.trainCount, 3);
    assert.equal(result.testCount, 2);
    assert.deepEqual(
      result.history.map((film) => [film.item, film.actual, film.predicted]),
      [
        [0, 5, 3.5],
        [1, 5, 2.5],
        [2, 3, 4],
      ],
    );
    assert.deepEqual(
      result.recommendedFromTest.map((film) => [film.item, film.actual, film.predicted]),
      [
        [4, 2, 5],
        [3, 4, 3],
      ],
    );
    // Unseen: films 3, 4, 5, 6; 3 and 6 tie at 3.0, the lower index first; film 4 shows its test rating.
    assert.deepEqual(
      result.topUnseen.map((film) => [film.item, film.actual]),
      [
        [4, 2],
        [3, 4],
        [6, undefined],
      ],
    );
    assert.equal(result.topUnseen[0].title, 'Film 5 (1990)');
    assert.equal(result.topUnseen[0].itemId, 5);
  });

  it('honours the counts and refuses an unknown user', () => {
    const result = spotCheck(data, fold, model, 0, { historyCount: 1, testCount: 1, unseenCount: 1 });
    assert.deepEqual([result.history.length, result.recommendedFromTest.length, result.topUnseen.length], [1, 1, 1]);
    assert.throws(() => spotCheck(data, fold, model, 2), /user index must be within 0..1, got 2/);
  });

  it('formats the three lists for a terminal', () => {
    const text = formatSpotCheck(data, spotCheck(data, fold, model, 0));
    assert.match(text, /^User 1: 3 training ratings, 2 test ratings/);
    assert.match(text, / 1\.   5\.0   3\.50  Film 1 \(1990\) \[1\]/);
    assert.match(text, /Test films ranked by prediction\n.*Film 5 \(1990\) \[5\]/);
  });

  it('never recommends a film the user rated in training (trained SVD)', () => {
    const planted = plantedData({ users: 60, items: 80, rank: 2, perUser: 30, noise: 0.1, seed: 4 });
    const [holdout] = makeFolds(planted, defaultProtocolConfig({ protocol: 'holdout' }));
    const fit = trainSvdAls(planted, holdout, defaultModelConfig('svd', { rank: 2, iterations: 5 }));
    for (const user of [0, 17, 59]) {
      const result = spotCheck(planted, holdout, fit.model, user, { unseenCount: 50 });
      const trained = new Set<number>();
      for (let index = 0; index < holdout.train.length; index++)
        if (holdout.train.user[index] === user) trained.add(holdout.train.item[index]);
      assert.equal(result.topUnseen.length, 50);
      assert.ok(result.topUnseen.every((film) => !trained.has(film.item)));
      const predicted = result.topUnseen.map((film) => film.predicted);
      assert.deepEqual(
        predicted,
        [...predicted].sort((first, second) => second - first),
      );
    }
  });
});
