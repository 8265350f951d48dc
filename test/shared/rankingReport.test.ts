import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../src/core/config/protocolConfig';
import type { EvaluationRanking, EvaluationResult, RankingProtocolsSummary } from '../../src/shared/run';
import { rankingLines, rankingSummaryLines } from '../../src/shared/rankingReport';
import { formatComparison, formatEvaluation } from '../../src/shared/runReport';

const meanStd = (mean: number) => ({ mean, std: mean / 10 });

function protocols(base: number): RankingProtocolsSummary {
  const figures = { precisionAt10: meanStd(base), recallAt10: meanStd(base / 2), ndcgAt10: meanStd(base * 1.2), map: meanStd(base * 1.1) };
  return { testFilms: figures, unratedFilms: { ...figures, coverage: meanStd(0.2) } };
}

function evaluation(ranking?: EvaluationRanking): EvaluationResult {
  return {
    model: defaultModelConfig('svd'),
    protocol: defaultProtocolConfig(),
    folds: [{ name: 'r1f1', rmse: 0.9, mae: 0.7, seconds: 1, iterations: 10, trainCount: 5, testCount: 5 }],
    rmse: meanStd(0.9),
    mae: meanStd(0.7),
    seconds: 1,
    msPerIteration: 100,
    ...(ranking === undefined ? {} : { ranking }),
  };
}

const ranking: EvaluationRanking = { cutoff: 10, relevantFrom: 4, ...protocols(0.5), popularity: protocols(0.25) };

describe('shared/rankingReport', () => {
  it('a line per model and protocol, the popularity baseline last, the definition in the title', () => {
    const lines = rankingLines([{ name: 'model', ranking }]);
    assert.equal(lines[0], 'Ranking, top 10 (relevant: a test rating ≥ 4), mean ± std over folds');
    assert.match(lines[1], /^among\s+model\s+P@10\s+R@10\s+NDCG@10\s+MAP\s+coverage$/);
    assert.equal(lines[2], 'test films     model       0.5000 ± 0.0500  0.2500 ± 0.0250  0.6000 ± 0.0600  0.5500 ± 0.0550');
    assert.match(lines[3], /^ +popularity  0\.2500 ± 0\.0250 /);
    assert.match(lines[4], /^unrated films  model .* 0\.2000 ± 0\.0200$/);
    assert.equal(lines.length, 6);
  });

  it('runs without figures (stored before them) print no ranking table; comparisons list every model once', () => {
    assert.deepEqual(rankingLines([{ name: 'model', ranking: undefined }]), []);
    assert.doesNotMatch(formatEvaluation(evaluation()), /Ranking/);
    assert.match(formatEvaluation(evaluation(ranking)), /\n\nRanking, top 10/);
    const comparison = { baseline: evaluation(ranking), candidate: evaluation(ranking), gain: meanStd(0), gainPerFold: [0] };
    const text = formatComparison(comparison);
    assert.equal(text.match(/^ *(test films|unrated films)? +(baseline|candidate|popularity) /gm)?.length, 6);
  });

  it("a few lines for a tooltip: the definition, then per protocol the figures and popularity's NDCG", () => {
    assert.deepEqual(rankingSummaryLines(ranking), [
      'Ranking (top 10, relevant: a test rating ≥ 4), mean ± std over folds:',
      'among test films: P@10 0.5000 ± 0.0500, R@10 0.2500 ± 0.0250, NDCG@10 0.6000 ± 0.0600, MAP 0.5500 ± 0.0550 (popularity: NDCG@10 0.3000 ± 0.0300)',
      'among unrated films: P@10 0.5000 ± 0.0500, R@10 0.2500 ± 0.0250, NDCG@10 0.6000 ± 0.0600, MAP 0.5500 ± 0.0550, coverage 0.2000 ± 0.0200 (popularity: NDCG@10 0.3000 ± 0.0300)',
    ]);
  });
});
