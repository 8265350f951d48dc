import assert from 'node:assert/strict';
import type { FoldEvent } from '../../../src/core/eval/evaluate';
import { compare, evaluate, summarizeEvaluation } from '../../../src/core/eval/evaluate';
import { rmse } from '../../../src/core/eval/metrics';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { isCancelledError } from '../../../src/core/train/types';
import { plantedData } from './fixtures';

describe('evaluate and compare', () => {
  const data = plantedData({ users: 150, items: 100, rank: 3, perUser: 40, noise: 0.2, seed: 9 });
  const protocol = defaultProtocolConfig({ folds: 2, repeats: 2, seed: 2 });
  const lowRank = defaultModelConfig('svd', { rank: 3, iterations: 8, regularization: { bias: 0.2, factors: 0.2 } });
  const biasOnly = { ...lowRank, regularization: { bias: 0.2, factors: 1e9 } };

  it('scores every fold, reports events, and aggregates mean ± std and ms per iteration', () => {
    const events: string[] = [];
    const folds: FoldEvent[] = [];
    const result = evaluate(data, lowRank, protocol, {
      onIteration: (fold, progress) => events.push(`${fold.foldName}#${progress.iteration}`),
      onFold: (fold, foldResult, fit) => {
        folds.push(fold);
        assert.equal(foldResult.rmse, rmse(makeFolds(data, protocol)[fold.foldIndex].test.rating, fit.testPredictions));
      },
    });
    assert.deepEqual(
      result.folds.map((fold) => fold.name),
      ['r1f1', 'r1f2', 'r2f1', 'r2f2'],
    );
    assert.equal(events.length, 4 * 8);
    assert.deepEqual(
      folds.map((fold) => [fold.role, fold.foldIndex, fold.foldCount]),
      [
        ['model', 0, 4],
        ['model', 1, 4],
        ['model', 2, 4],
        ['model', 3, 4],
      ],
    );
    const rmses = result.folds.map((fold) => fold.rmse);
    assert.ok(Math.abs(result.rmse.mean - rmses.reduce((sum, value) => sum + value, 0) / 4) < 1e-12);
    assert.ok(result.rmse.std > 0 && result.mae.mean > 0 && result.mae.mean < result.rmse.mean);
    assert.equal(result.folds[0].iterations, 8);
    assert.equal(result.folds[0].trainCount + result.folds[0].testCount, data.ratings.length);
    assert.ok(Math.abs(result.msPerIteration - (result.seconds * 1000) / 32) < 1e-9);
  });

  it('compare: paired gain per fold on the same folds; a model against itself gains exactly 0', () => {
    const comparison = compare(data, biasOnly, lowRank, protocol);
    comparison.gainPerFold.forEach((gain, index) => {
      const baseline = comparison.baseline.folds[index];
      const candidate = comparison.candidate.folds[index];
      assert.equal(baseline.name, candidate.name);
      assert.equal(gain, (baseline.rmse - candidate.rmse) / baseline.rmse);
    });
    assert.ok(comparison.gain.mean > 0.2, `planted factors should help: gain ${comparison.gain.mean}`);
    const itself = compare(data, lowRank, lowRank, protocol);
    assert.deepEqual(itself.gainPerFold, [0, 0, 0, 0]);
  });

  it('labels baseline and candidate events and stops on cancellation', () => {
    const roles = new Set<string>();
    const controller = new AbortController();
    assert.throws(
      () =>
        compare(data, biasOnly, lowRank, protocol, {
          signal: controller.signal,
          onIteration: (fold) => {
            roles.add(fold.role);
            if (fold.role === 'candidate') controller.abort();
          },
        }),
      (error: unknown) => isCancelledError(error),
    );
    assert.deepEqual([...roles], ['baseline', 'candidate']);
  });

  it('ranking figures per fold and mean ± std; the popularity baseline is the same for both models of a comparison', () => {
    const comparison = compare(data, biasOnly, lowRank, protocol);
    const { baseline, candidate } = comparison;
    for (const result of [baseline, candidate]) {
      const ranking = result.ranking;
      assert.ok(ranking !== undefined);
      const perFold = result.folds.map((fold) => fold.ranking?.unratedFilms.ndcgAt10 ?? Number.NaN);
      assert.ok(Math.abs(ranking.unratedFilms.ndcgAt10.mean - perFold.reduce((sum, value) => sum + value, 0) / perFold.length) < 1e-12);
      for (const fold of result.folds) {
        const figures = fold.ranking?.testFilms;
        assert.ok(figures !== undefined && figures.users > 0 && figures.precisionAt10 > 0 && figures.precisionAt10 <= 1);
      }
    }
    assert.deepEqual(
      baseline.folds.map((fold) => fold.ranking?.popularity),
      candidate.folds.map((fold) => fold.ranking?.popularity),
    );
    // Planted factors: the low-rank model ranks each user's test films better than biases alone.
    const ndcg = (result: typeof baseline): number => result.ranking?.testFilms.ndcgAt10.mean ?? Number.NaN;
    assert.ok(ndcg(candidate) > ndcg(baseline), `NDCG@10 ${ndcg(candidate)} vs ${ndcg(baseline)}`);
  });

  it('folds stored before ranking figures existed still summarize, without a ranking', () => {
    const result = evaluate(data, lowRank, protocol);
    const oldFolds = result.folds.map(({ ranking: _ranking, ...fold }) => fold);
    const summary = summarizeEvaluation(lowRank, protocol, oldFolds);
    assert.equal('ranking' in summary, false);
    assert.deepEqual(summary.rmse, result.rmse);
    // One fold without figures is enough to leave the summary out rather than average fewer folds.
    assert.equal(summarizeEvaluation(lowRank, protocol, [...result.folds.slice(1), oldFolds[0]]).ranking, undefined);
  });
});
