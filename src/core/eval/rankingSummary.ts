import { meanStd } from './metrics';
import type { EvaluationRanking, FoldResult, RankingFigures, RankingProtocols, RankingProtocolsSummary, RankingSummary } from './types';

/**
 * Mean ± sample std over folds of each ranking figure; undefined unless every fold has them (older
 * stored folds do not), under one definition.
 */
export function summarizeRanking(folds: readonly FoldResult[]): EvaluationRanking | undefined {
  const rankings = folds.map((fold) => fold.ranking);
  if (rankings.length === 0 || rankings.some((ranking) => ranking === undefined)) return undefined;
  const present = rankings as NonNullable<FoldResult['ranking']>[];
  const { cutoff, relevantFrom } = present[0];
  // Folds ranked under another definition (a stored run from other code) are not averaged together.
  if (present.some((ranking) => ranking.cutoff !== cutoff || ranking.relevantFrom !== relevantFrom)) return undefined;
  return {
    cutoff,
    relevantFrom,
    ...summarizeProtocols(present),
    popularity: summarizeProtocols(present.map((ranking) => ranking.popularity)),
  };
}

function summarizeProtocols(folds: readonly RankingProtocols[]): RankingProtocolsSummary {
  const unrated = folds.map((fold) => fold.unratedFilms);
  return {
    testFilms: summarizeFigures(folds.map((fold) => fold.testFilms)),
    unratedFilms: { ...summarizeFigures(unrated), coverage: meanStd(unrated.map((figures) => figures.coverage)) },
  };
}

function summarizeFigures(folds: readonly RankingFigures[]): RankingSummary {
  return {
    precisionAt10: meanStd(folds.map((figures) => figures.precisionAt10)),
    recallAt10: meanStd(folds.map((figures) => figures.recallAt10)),
    ndcgAt10: meanStd(folds.map((figures) => figures.ndcgAt10)),
    map: meanStd(folds.map((figures) => figures.map)),
  };
}
