import assert from 'node:assert/strict';
import { featureLabel, newUserLabel, whatIfFallbackText } from '../../src/shared/labels';
import { droppedFilms, isWhatIfState, rankChanges, rankChangeText } from '../../src/shared/whatIfState';
import type { WhatIfFilmView } from '../../src/shared/whatIfState';

const film = (itemId: number, predicted?: number): WhatIfFilmView => ({ itemId, title: `Film ${itemId}`, predicted, trainCount: 10 });

describe("shared/whatIfState: how a new user's top films moved", () => {
  it('marks each film new, up, down or in place against the list before, with the change in predicted rating', () => {
    const before = [film(1, 4.5), film(2, 4.4), film(3, 4.3)];
    const after = [film(2, 4.6), film(1, 4.5), film(4, 4.2)];
    const changes = rankChanges(after, before);
    assert.deepEqual(changes, [
      { kind: 'moved', places: 1, ratingChange: 4.6 - 4.4 },
      { kind: 'moved', places: -1, ratingChange: 0 },
      { kind: 'new' },
    ]);
    assert.deepEqual(changes.map(rankChangeText), ['↑ 1 (+0.20)', '↓ 1', 'new']);
    assert.deepEqual(
      droppedFilms(after, before).map((dropped) => dropped.itemId),
      [3],
    );
    assert.deepEqual(rankChanges(after, undefined), [undefined, undefined, undefined], 'the first scoring has nothing to compare with');
    assert.equal(rankChangeText({ kind: 'moved', places: 0, ratingChange: -0.25 }), '= (−0.25)');
  });

  it("recognises a what-if state and tells it from a user's spot check", () => {
    const state = { kind: 'whatIf', runId: 'r', inputs: {}, recommendations: [], liked: [] };
    assert.equal(isWhatIfState(state), true);
    assert.equal(isWhatIfState({ ...state, kind: undefined }), false);
    assert.equal(isWhatIfState({ runId: 'r', user: { id: 1 }, history: [], recommendedFromTest: [], topUnseen: [] }), false);
  });

  it('names the new user, the features of their row and why a model falls back to popularity', () => {
    assert.equal(
      newUserLabel({ age: 25, gender: 'F', occupation: 'student', zip: '9', liked: [50, 181, 50] }),
      'new user: 25, female, student, zip 9, 2 liked films',
    );
    assert.equal(newUserLabel({}), 'new user (nothing known)');
    assert.equal(featureLabel({ name: 'age=25-34', value: 1 }), 'age 25-34');
    assert.equal(featureLabel({ name: 'zip=9', value: 1 }), 'zip 9…');
    assert.equal(
      featureLabel({ name: 'implicit=50', value: Math.SQRT1_2 }, (id) => (id === 50 ? 'Star Wars (1977)' : undefined)),
      'liked Star Wars (1977) (× 0.71)',
    );
    assert.match(whatIfFallbackText('no-user-features', 'SVD-ALS k=10'), /^SVD-ALS k=10 has no user features: .*\(popularity\)/);
    assert.match(whatIfFallbackText('stored-before-user-features', 'FM-MCMC ids k=10'), /train it again to score a new user/);
  });
});
