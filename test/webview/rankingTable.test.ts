import assert from 'node:assert/strict';
import { summarizeRanking } from '../../src/core/eval/rankingSummary';
import type { FoldRanking, FoldResult, RankingProtocols } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { formatMeanStd, formatRmse, meanStd } from '../../webview/shared/format';
import { buildRankingTables } from '../../webview/training/rankingTable';
import { bestConfig, emptyState, evaluation, fmConfig, fold, svdConfig } from './fixtures';

/** Ranking figures from one number per fold, each metric a different multiple of it. */
function protocols(base: number): RankingProtocols {
  const figures = { precisionAt10: base, recallAt10: base / 2, ndcgAt10: base * 1.2, map: base * 1.1, users: 40 };
  return { testFilms: figures, unratedFilms: { ...figures, precisionAt10: base / 3, coverage: base / 4, rankedUsers: 50 } };
}

function ranking(base: number): FoldRanking {
  return { cutoff: 10, relevantFrom: 4, ...protocols(base), popularity: protocols(base / 2), sampled: false, seconds: 0.1 };
}

function rankedFold(name: string, base: number): FoldResult {
  return { ...fold(name, 0.9), ranking: ranking(base) };
}

const bases = [0.3, 0.34, 0.31];

describe('webview/rankingTable', () => {
  it('an evaluation: per protocol a row per fold, the mean ± std from the result, the popularity baseline last', () => {
    const folds = bases.map((base, index) => rankedFold(`r1f${index + 1}`, base));
    const result = { ...evaluation(fmConfig, folds), ranking: summarizeRanking(folds) };
    const state: TrainingPanelState = { ...emptyState('evaluate'), status: 'completed', result: { kind: 'evaluate', evaluation: result } };
    const tables = buildRankingTables(state);
    assert.ok(tables?.final);
    assert.deepEqual(
      tables.tables.map((table) => table.protocol),
      ['testFilms', 'unratedFilms'],
    );
    const [test, unrated] = tables.tables.map((table) => table.table);
    assert.deepEqual(
      test.columns.map((column) => column.title),
      ['Fold', 'P@10', 'R@10', 'NDCG@10', 'MAP'],
    );
    assert.deepEqual(
      unrated.columns.map((column) => column.title),
      ['Fold', 'P@10', 'R@10', 'NDCG@10', 'MAP', 'coverage'],
    );
    assert.deepEqual(
      test.rows.map((row) => row.cells[0]),
      ['repeat 1, fold 1', 'repeat 1, fold 2', 'repeat 1, fold 3', 'Mean ± std', 'Popularity baseline'],
    );
    assert.equal(test.rows[1].cells[3], formatRmse(bases[1] * 1.2), "a fold's NDCG@10");
    assert.equal(unrated.rows[2].cells[5], formatRmse(bases[2] / 4), "a fold's coverage");
    const summary = result.ranking;
    assert.ok(summary !== undefined);
    const text = (value: { mean: number; std: number }) => formatMeanStd(value.mean, value.std, formatRmse);
    assert.equal(test.rows[3].cells[3], text(summary.testFilms.ndcgAt10));
    assert.equal(unrated.rows[3].cells[1], text(summary.unratedFilms.precisionAt10));
    assert.equal(unrated.rows[4].cells[4], text(summary.popularity.unratedFilms.map));
    assert.equal(unrated.rows[4].cells[5], text(summary.popularity.unratedFilms.coverage));
    // The summary is the folds' mean ± std (sample std), so the text reads the same either way.
    assert.equal(test.rows[3].cells[1], text(meanStd(bases)));
  });

  it('while running: the folds finished so far, and no table before a fold has ranking figures (runs stored before them)', () => {
    const running: TrainingPanelState = {
      ...emptyState('evaluate'),
      folds: bases
        .slice(0, 2)
        .map((base, index) => ({ runId: 'run-evaluate', role: 'model', label: 'FM', fold: rankedFold(`r1f${index + 1}`, base) })),
    };
    const tables = buildRankingTables(running);
    assert.ok(tables !== undefined && !tables.final);
    const popularity = meanStd(bases.slice(0, 2).map((base) => (base / 2) * 1.2));
    assert.equal(tables.tables[0].table.rows[3].cells[3], formatMeanStd(popularity.mean, popularity.std, formatRmse));
    assert.equal(buildRankingTables(emptyState('evaluate')), undefined);
    const old: TrainingPanelState = {
      ...emptyState('evaluate'),
      folds: [{ runId: 'run-evaluate', role: 'model', label: 'FM', fold: fold('r1f1', 0.9) }],
    };
    assert.equal(buildRankingTables(old), undefined);
  });

  it('a comparison: a row per model under its configuration, and the popularity baseline once', () => {
    const baselineFolds = bases.map((base, index) => rankedFold(`r1f${index + 1}`, base));
    const candidateFolds = bases.map((base, index) => rankedFold(`r1f${index + 1}`, base + 0.05));
    const bestFolds = bases.map((base, index) => rankedFold(`r1f${index + 1}`, base + 0.08));
    const withRanking = (config: typeof fmConfig, folds: FoldResult[]) => ({
      ...evaluation(config, folds),
      ranking: summarizeRanking(folds),
    });
    const state = emptyState('compare');
    const compare: TrainingPanelState = {
      ...state,
      request: { ...state.request, best: bestConfig },
      status: 'completed',
      result: {
        kind: 'compare',
        comparison: {
          baseline: withRanking(svdConfig, baselineFolds),
          candidate: withRanking(fmConfig, candidateFolds),
          gain: { mean: 0.02, std: 0.001 },
          gainPerFold: [0.02, 0.02, 0.02],
          best: { evaluation: withRanking(bestConfig, bestFolds), gain: { mean: 0.03, std: 0.001 }, gainPerFold: [0.03, 0.03, 0.03] },
        },
      },
    };
    const tables = buildRankingTables(compare);
    assert.ok(tables?.final);
    const unrated = tables.tables[1].table;
    assert.deepEqual(
      unrated.rows.map((row) => row.cells[0]),
      ['SVD', 'FM', 'best FM', 'Popularity baseline'],
    );
    assert.equal(unrated.columns[0].title, 'Model');
    const ndcg = meanStd(bases.map((base) => (base + 0.05) * 1.2));
    assert.equal(unrated.rows[1].cells[3], formatMeanStd(ndcg.mean, ndcg.std, formatRmse), "the candidate's NDCG@10");
    assert.ok(unrated.rows[1].detail !== undefined && unrated.rows[1].detail.length > 0, 'the configuration under the name');
    const popularity = meanStd(bases.map((base) => base / 2 / 3));
    assert.equal(unrated.rows[3].cells[1], formatMeanStd(popularity.mean, popularity.std, formatRmse));
  });
});
