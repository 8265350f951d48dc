import type { ModelConfig, ProtocolConfig } from '../config/schema';

/**
 * Which model of a run: the one of an evaluation, or a comparison's baseline, candidate, and
 * optionally a second candidate shown beside the first (the best configuration known).
 */
export type ModelRole = 'model' | 'baseline' | 'candidate' | 'best';

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

export interface FoldResult {
  readonly name: string;
  readonly rmse: number;
  readonly mae: number;
  readonly seconds: number;
  readonly iterations: number;
  readonly trainCount: number;
  readonly testCount: number;
  /** Top-10 ranking figures of the model and of the popularity baseline (absent in runs stored before them). */
  readonly ranking?: FoldRanking;
}

/**
 * One ranking protocol on one fold: means over the users with at least one relevant test film
 * (rated ≥ 4); a user without one has no recall, NDCG or AP (src/core/eval/ranking.ts).
 */
export interface RankingFigures {
  readonly precisionAt10: number;
  readonly recallAt10: number;
  readonly ndcgAt10: number;
  readonly map: number;
  /** Users the means are over. */
  readonly users: number;
}

/** Ranked among all films the user did not rate in training, with the catalogue coverage of the top 10s. */
export interface UnratedRankingFigures extends RankingFigures {
  /** Share of the data's films in at least one ranked user's top 10. */
  readonly coverage: number;
  /** Users ranked (with or without a relevant test film): the coverage is over their top 10s. */
  readonly rankedUsers: number;
}

/** Both ranking protocols of one model on one fold. */
export interface RankingProtocols {
  /** Each user's test films ranked among themselves. */
  readonly testFilms: RankingFigures;
  /** Among every film the user did not rate in training (the harder protocol). */
  readonly unratedFilms: UnratedRankingFigures;
}

/** How relevance and the top are defined (src/core/eval/foldRanking.ts), stored with the figures. */
export interface RankingDefinition {
  /** The k of every top-k figure (the figures' names say 10). */
  readonly cutoff: number;
  /** A test rating at or above this is relevant. */
  readonly relevantFrom: number;
}

export interface FoldRanking extends RankingProtocols, RankingDefinition {
  /** The popularity baseline (films by training rating count) on the same users and candidates. */
  readonly popularity: RankingProtocols;
  /** Whether the all-unrated protocol ranked a sample of the test users (large data; see foldRanking.ts). */
  readonly sampled: boolean;
  /** Time spent on both protocols for the model and the baseline. */
  readonly seconds: number;
}

export interface RankingSummary {
  readonly precisionAt10: MeanStd;
  readonly recallAt10: MeanStd;
  readonly ndcgAt10: MeanStd;
  readonly map: MeanStd;
}

export interface RankingProtocolsSummary {
  readonly testFilms: RankingSummary;
  readonly unratedFilms: RankingSummary & { readonly coverage: MeanStd };
}

/** Mean ± std over folds of each fold's ranking figures. */
export interface EvaluationRanking extends RankingProtocolsSummary, RankingDefinition {
  readonly popularity: RankingProtocolsSummary;
}

export interface EvaluationResult {
  readonly model: ModelConfig;
  readonly protocol: ProtocolConfig;
  readonly folds: readonly FoldResult[];
  readonly rmse: MeanStd;
  readonly mae: MeanStd;
  readonly seconds: number;
  readonly msPerIteration: number;
  /** Present when every fold has ranking figures (runs stored before them have none). */
  readonly ranking?: EvaluationRanking;
}

/** A further candidate of a comparison, with its own paired gain over the same baseline. */
export interface ExtraCandidate {
  readonly evaluation: EvaluationResult;
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
}

export interface ComparisonResult {
  readonly baseline: EvaluationResult;
  readonly candidate: EvaluationResult;
  /** Paired relative RMSE gain of the candidate over the baseline, (rmse_b - rmse_c) / rmse_b, per fold. */
  readonly gain: MeanStd;
  readonly gainPerFold: readonly number[];
  /** The best configuration known (the FM defaults) on the same folds, when the run asked for it. */
  readonly best?: ExtraCandidate;
}
