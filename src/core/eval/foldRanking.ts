/**
 * Ranking figures of a trained model on one fold, beside those of a popularity baseline, under two
 * protocols (relevant: a test rating ≥ 4):
 * - test films: each user's test films ranked among themselves (every rated film has a known
 *   rating, so a non-relevant film is one the user rated low, not one they never saw);
 * - unrated films: every film the user did not rate in training is a candidate (Cremonesi, Koren &
 *   Turrin, "Performance of recommender algorithms on top-N recommendation tasks", RecSys 2010;
 *   Steck, "Evaluation of recommendations: rating-prediction and ranking", RecSys 2013): the
 *   task a recommender faces, where unseen films count as not relevant.
 * Catalogue coverage is the share of films in at least one user's top 10 of the second protocol.
 *
 * Popularity is a baseline computed alongside every fold rather than a model kind (`--model
 * popularity`): it predicts no rating, so as a model it would need an RMSE, a spot check and
 * hovers that mean nothing, plus a setting and a stored-model form; alongside, it is ranked on
 * exactly the folds, users and candidates of the model it is shown beside, for the price of one
 * count per training rating (Cremonesi et al.'s TopPop: films by number of training ratings).
 */
import type { MovieLensData, Ratings, Fold } from '../data/types';
import type { EmbeddingModel } from '../model/embeddingModel';
import type { ListMetrics } from './ranking';
import { ListRanker, checkCutoff, orderable } from './ranking';
import { SharedOrderRanking } from './sharedRanking';
import type { FoldRanking, RankingFigures, RankingProtocols, UnratedRankingFigures } from './types';
import { createWasmGroupScorer, SCORE_GROUP, type WasmGroupScorer } from './wasmScorer';

/** The cut-off of every top-k figure (the figures' names say 10). */
export const RANKING_CUTOFF = 10;
/** A test rating at or above this is relevant (4 and 5 stars on MovieLens). */
export const RELEVANT_FROM = 4;
/**
 * Multiply-adds the unrated-films protocol may spend per model and fold: it scores every film for
 * every ranked user (users × films × (factor dimension + 2)). MovieLens 100K with MCMC's 16
 * samples of rank 10 costs at most 943 × 1682 × 162 ≈ 2.6·10⁸, under it (u1, 459 test users:
 * 0.23 s measured alone on the development machine); on larger data an evenly spaced sample of
 * the test users is ranked instead, the same users for the model and the baseline.
 */
export const UNRATED_SCORING_BUDGET = 1e9;

/** Scores films for a user; higher ranks first. */
export interface FilmScorer {
  /** Multiply-adds per scored film (the cost budget's unit). */
  readonly costPerFilm: number;
  score(user: number, item: number): number;
  /** out[item] for every film. */
  scoreAll(user: number, out: Float64Array): void;
  /**
   * scoreAll of users[0..count) into outs[0..count), count 1..SCORE_GROUP at once (the embedding
   * reads each film's factors once for all of them).
   */
  scoreGroup(users: ArrayLike<number>, count: number, outs: readonly Float64Array[]): void;
  /** Set when every user gets these same scores (popularity): ranked from one order of the films. */
  readonly sharedScores?: Float64Array;
}

/** The compiled model's unclipped score μ + b_u + b_i + p_u·q_i (clipping would tie the top films at 5). */
export function embeddingScorer(model: EmbeddingModel): FilmScorer {
  const { dimension, userFactors, itemFactors, userBias, itemBias, globalBias, itemCount } = model;
  const userRow = new Float64Array(dimension);
  const secondRow = new Float64Array(dimension);
  let itemRows: Float64Array | undefined;
  // null once WebAssembly was found unavailable: the JavaScript loop below.
  let inWasm: WasmGroupScorer | null | undefined;
  const score = (user: number, item: number): number => {
    const userOffset = user * dimension;
    const itemOffset = item * dimension;
    let dot = 0;
    for (let factor = 0; factor < dimension; factor++) dot += userFactors[userOffset + factor] * itemFactors[itemOffset + factor];
    return globalBias + userBias[user] + itemBias[item] + dot;
  };
  // scoreGroup's JavaScript path (WebAssembly unavailable, or the films over its bound). Four films
  // for two users: eight sums, as in scoreAll below, and each film's factors loaded once for both
  // users (six loads per eight multiply-adds instead of nine per eight).
  const scorePairInJs = (first: number, second: number, outFirst: Float64Array, outSecond: Float64Array, rows: Float64Array): void => {
    userRow.set(userFactors.subarray(first * dimension, (first + 1) * dimension));
    secondRow.set(userFactors.subarray(second * dimension, (second + 1) * dimension));
    const baseFirst = globalBias + userBias[first];
    const baseSecond = globalBias + userBias[second];
    // The films past the last whole four first, as in scoreAll.
    const blocked = itemCount - (itemCount % 4);
    for (let item = blocked; item < itemCount; item++) {
      const offset = item * dimension;
      let dotFirst = 0;
      let dotSecond = 0;
      for (let factor = 0; factor < dimension; factor++) {
        dotFirst += userRow[factor] * rows[offset + factor];
        dotSecond += secondRow[factor] * rows[offset + factor];
      }
      outFirst[item] = baseFirst + itemBias[item] + dotFirst;
      outSecond[item] = baseSecond + itemBias[item] + dotSecond;
    }
    for (let item = 0; item < blocked; item += 4) {
      const start = item * dimension;
      let first0 = 0;
      let first1 = 0;
      let first2 = 0;
      let first3 = 0;
      let second0 = 0;
      let second1 = 0;
      let second2 = 0;
      let second3 = 0;
      for (let factor = 0; factor < dimension; factor++) {
        const weightFirst = userRow[factor];
        const weightSecond = secondRow[factor];
        const at = start + factor;
        const film0 = rows[at];
        const film1 = rows[at + dimension];
        const film2 = rows[at + 2 * dimension];
        const film3 = rows[at + 3 * dimension];
        first0 += weightFirst * film0;
        first1 += weightFirst * film1;
        first2 += weightFirst * film2;
        first3 += weightFirst * film3;
        second0 += weightSecond * film0;
        second1 += weightSecond * film1;
        second2 += weightSecond * film2;
        second3 += weightSecond * film3;
      }
      outFirst[item] = baseFirst + itemBias[item] + first0;
      outFirst[item + 1] = baseFirst + itemBias[item + 1] + first1;
      outFirst[item + 2] = baseFirst + itemBias[item + 2] + first2;
      outFirst[item + 3] = baseFirst + itemBias[item + 3] + first3;
      outSecond[item] = baseSecond + itemBias[item] + second0;
      outSecond[item + 1] = baseSecond + itemBias[item + 1] + second1;
      outSecond[item + 2] = baseSecond + itemBias[item + 2] + second2;
      outSecond[item + 3] = baseSecond + itemBias[item + 3] + second3;
    }
  };
  const scorer: FilmScorer = {
    costPerFilm: dimension + 2,
    score,
    // The hot loop of the unrated-films protocol: the films' factors and the user's row as doubles
    // (the same values, the same order of sums as score()), so the loop does no float conversions.
    scoreAll: (user, out) => {
      itemRows ??= Float64Array.from(itemFactors);
      const rows = itemRows;
      userRow.set(userFactors.subarray(user * dimension, (user + 1) * dimension));
      const base = globalBias + userBias[user];
      // Eight films at a time: eight independent sums keep both adders busy (one sum is bound by
      // its additions' latency), each summed in the same order as score(), so the same values.
      // The films past the last whole eight first, so that the first call, during which V8
      // optimizes this closure, has run that loop too (reached only after optimizing, it
      // deoptimized the closure for want of feedback: once per fold and model).
      const blocked = itemCount - (itemCount % 8);
      for (let item = blocked; item < itemCount; item++) {
        const offset = item * dimension;
        let dot = 0;
        for (let factor = 0; factor < dimension; factor++) dot += userRow[factor] * rows[offset + factor];
        out[item] = base + itemBias[item] + dot;
      }
      for (let item = 0; item < blocked; item += 8) {
        const first = item * dimension;
        let dot0 = 0;
        let dot1 = 0;
        let dot2 = 0;
        let dot3 = 0;
        let dot4 = 0;
        let dot5 = 0;
        let dot6 = 0;
        let dot7 = 0;
        for (let factor = 0; factor < dimension; factor++) {
          const weight = userRow[factor];
          const at = first + factor;
          dot0 += weight * rows[at];
          dot1 += weight * rows[at + dimension];
          dot2 += weight * rows[at + 2 * dimension];
          dot3 += weight * rows[at + 3 * dimension];
          dot4 += weight * rows[at + 4 * dimension];
          dot5 += weight * rows[at + 5 * dimension];
          dot6 += weight * rows[at + 6 * dimension];
          dot7 += weight * rows[at + 7 * dimension];
        }
        out[item] = base + itemBias[item] + dot0;
        out[item + 1] = base + itemBias[item + 1] + dot1;
        out[item + 2] = base + itemBias[item + 2] + dot2;
        out[item + 3] = base + itemBias[item + 3] + dot3;
        out[item + 4] = base + itemBias[item + 4] + dot4;
        out[item + 5] = base + itemBias[item + 5] + dot5;
        out[item + 6] = base + itemBias[item + 6] + dot6;
        out[item + 7] = base + itemBias[item + 7] + dot7;
      }
    },
    scoreGroup: (users, count, outs) => {
      itemRows ??= Float64Array.from(itemFactors);
      inWasm ??= createWasmGroupScorer(itemRows, userFactors, itemCount, dimension);
      if (inWasm !== null) {
        // The same sums in wasm (wasmScorer.ts), then the biases added as in scorePairInJs above.
        const dots = inWasm.scoreGroup(users, count);
        for (let lane = 0; lane < count; lane++) addBiases(outs[lane], globalBias + userBias[users[lane]], itemBias, dots, lane, itemCount);
        return;
      }
      let lane = 0;
      for (; lane + 1 < count; lane += 2) scorePairInJs(users[lane], users[lane + 1], outs[lane], outs[lane + 1], itemRows);
      if (lane < count) scorer.scoreAll(users[lane], outs[lane]);
    },
  };
  return scorer;
}

/**
 * One user's scores from the group's sums (lane `lane` of each film's SCORE_GROUP dots): `base`
 * (global and user bias) plus the film's bias and dot, in that order. A function, not an inner
 * loop of scoreGroup's: V8's OSR code of that inner loop deoptimized each time it ended.
 */
function addBiases(out: Float64Array, base: number, itemBias: Float32Array, dots: Float64Array, lane: number, itemCount: number): void {
  for (let item = 0; item < itemCount; item++) out[item] = base + itemBias[item] + dots[SCORE_GROUP * item + lane];
}

/** Films by their number of training ratings; the same list for every user. */
export function popularityScorer(train: Ratings, itemCount: number): FilmScorer {
  const counts = new Float64Array(itemCount);
  for (let index = 0; index < train.length; index++) counts[train.item[index]]++;
  return {
    costPerFilm: 1,
    sharedScores: counts,
    score: (_user, item) => counts[item],
    scoreAll: (_user, out) => out.set(counts),
    scoreGroup: (_users, count, outs) => {
      for (let lane = 0; lane < count; lane++) outs[lane].set(counts);
    },
  };
}

/**
 * Positions of each user's ratings in a table: user u's are entries[offsets[u] .. offsets[u+1]),
 * or the positions themselves when `entries` is null (a table grouped by user, as a fold of any
 * MovieLens file is: no index of 80 MB beside a 25M fold's training part).
 */
interface ByUser {
  readonly offsets: Int32Array;
  readonly entries: Int32Array | null;
}

function rowAt(byUser: ByUser, entry: number): number {
  return byUser.entries === null ? entry : byUser.entries[entry];
}

function groupByUser(ratings: Ratings, userCount: number): ByUser {
  const offsets = new Int32Array(userCount + 1);
  let grouped = true;
  for (let index = 0; index < ratings.length; index++) {
    offsets[ratings.user[index] + 1]++;
    if (index > 0 && ratings.user[index] < ratings.user[index - 1]) grouped = false;
  }
  for (let user = 0; user < userCount; user++) offsets[user + 1] += offsets[user];
  if (grouped) return { offsets, entries: null };
  const next = offsets.slice(0, userCount);
  const entries = new Int32Array(ratings.length);
  for (let index = 0; index < ratings.length; index++) entries[next[ratings.user[index]]++] = index;
  return { offsets, entries };
}

/** What both scorers are ranked on: the same users, candidates and relevant films. */
interface RankingContext {
  readonly itemCount: number;
  readonly train: Ratings;
  readonly test: Ratings;
  readonly trainByUser: ByUser;
  readonly testByUser: ByUser;
  /** Users with a test rating, ascending. */
  readonly testUsers: Int32Array;
  /** The users the unrated-films protocol ranks (all test users, or a sample). */
  readonly unratedUsers: Int32Array;
}

/**
 * The model's and the popularity baseline's figures on `fold` (both protocols). The model is the
 * fold's compiled embedding (for MCMC: posterior-mean biases and 16 thinned samples' factors).
 */
export function rankFold(data: MovieLensData, fold: Fold, model: EmbeddingModel, budget = UNRATED_SCORING_BUDGET): FoldRanking {
  const started = performance.now();
  const userCount = data.users.count;
  const testByUser = groupByUser(fold.test, userCount);
  const testUsers: number[] = [];
  for (let user = 0; user < userCount; user++) if (testByUser.offsets[user + 1] > testByUser.offsets[user]) testUsers.push(user);
  const modelScorer = embeddingScorer(model);
  const unratedUsers = evenSample(testUsers, Math.floor(budget / (data.items.count * modelScorer.costPerFilm)));
  const context: RankingContext = {
    itemCount: data.items.count,
    train: fold.train,
    test: fold.test,
    trainByUser: groupByUser(fold.train, userCount),
    testByUser,
    testUsers: Int32Array.from(testUsers),
    unratedUsers,
  };
  const figures = rankProtocols(modelScorer, context);
  const popularity = rankProtocols(popularityScorer(fold.train, data.items.count), context);
  return {
    cutoff: RANKING_CUTOFF,
    relevantFrom: RELEVANT_FROM,
    ...figures,
    popularity,
    sampled: unratedUsers.length < testUsers.length,
    seconds: (performance.now() - started) / 1000,
  };
}

/** At most `limit` (≥ 1) of `users`, evenly spaced in index order: deterministic, and the same for every model. */
function evenSample(users: readonly number[], limit: number): Int32Array {
  const size = Math.max(1, limit);
  if (users.length <= size) return Int32Array.from(users);
  const sample = new Int32Array(size);
  for (let position = 0; position < size; position++) sample[position] = users[Math.floor((position * users.length) / size)];
  return sample;
}

function rankProtocols(scorer: FilmScorer, context: RankingContext): RankingProtocols {
  // Every test user is ranked among the unrated films, so their test films' scores come from that
  // pass's scoring of every film (the same doubles as score(): a test checks): no second scoring.
  if (scorer.sharedScores === undefined && context.unratedUsers.length === context.testUsers.length) {
    const testTotals = new MetricTotals();
    const unratedFilms = rankUnratedFilms(scorer, context, testTotals);
    return { testFilms: testTotals.figures(), unratedFilms };
  }
  return { testFilms: rankTestFilms(scorer, context), unratedFilms: rankUnratedFilms(scorer, context, null) };
}

/** Sums of per-user metrics. */
class MetricTotals {
  precision = 0;
  recall = 0;
  ndcg = 0;
  averagePrecision = 0;
  users = 0;

  add(user: ListMetrics): void {
    this.precision += user.precision;
    this.recall += user.recall;
    this.ndcg += user.ndcg;
    this.averagePrecision += user.averagePrecision;
    this.users++;
  }

  figures(): RankingFigures {
    const users = this.users;
    // No user with a relevant test film: nothing to average (NaN, as meanStd of nothing).
    const mean = (total: number): number => (users > 0 ? total / users : Number.NaN);
    return {
      precisionAt10: mean(this.precision),
      recallAt10: mean(this.recall),
      ndcgAt10: mean(this.ndcg),
      map: mean(this.averagePrecision),
      users,
    };
  }
}

/** One user's test films ranked among themselves, into `totals`: the test-films protocol. */
class TestFilmsRanker {
  private readonly scores: Float64Array;
  private readonly relevant: Uint8Array;
  private readonly ranker = new ListRanker();

  constructor(
    private readonly context: RankingContext,
    private readonly totals: MetricTotals,
  ) {
    const { testByUser, testUsers } = context;
    let longest = 0;
    for (const user of testUsers) longest = Math.max(longest, testByUser.offsets[user + 1] - testByUser.offsets[user]);
    this.scores = new Float64Array(longest);
    this.relevant = new Uint8Array(longest);
  }

  /** `user`'s test films, each scored by `scoreOf` (a film's index to its score), ranked into the totals. */
  rank(user: number, scoreOf: (item: number) => number): void {
    const { test, testByUser } = this.context;
    const start = testByUser.offsets[user];
    const count = testByUser.offsets[user + 1] - start;
    for (let position = 0; position < count; position++) {
      const index = rowAt(testByUser, start + position);
      this.scores[position] = scoreOf(test.item[index]);
      this.relevant[position] = test.rating[index] >= RELEVANT_FROM ? 1 : 0;
    }
    if (this.ranker.rankList(this.scores, this.relevant, count, RANKING_CUTOFF)) this.totals.add(this.ranker);
  }
}

function rankTestFilms(scorer: FilmScorer, context: RankingContext): RankingFigures {
  const totals = new MetricTotals();
  const ranker = new TestFilmsRanker(context, totals);
  for (const user of context.testUsers) ranker.rank(user, (item) => scorer.score(user, item));
  return totals.figures();
}

/**
 * The unrated-films protocol; with `testTotals` (every test user ranked, scores per user) also the
 * test-films protocol, from the same scores, user by user in the same order as rankTestFilms.
 */
function rankUnratedFilms(scorer: FilmScorer, context: RankingContext, testTotals: MetricTotals | null): UnratedRankingFigures {
  const { itemCount, unratedUsers } = context;
  const covered = new Uint8Array(itemCount);
  const totals = new MetricTotals();
  checkCutoff(RANKING_CUTOFF);
  if (scorer.sharedScores !== undefined) rankSharedScores(scorer.sharedScores, context, totals, covered);
  else rankEachUser(scorer, context, totals, covered, testTotals === null ? null : new TestFilmsRanker(context, testTotals));
  let coveredCount = 0;
  for (let item = 0; item < itemCount; item++) coveredCount += covered[item];
  return { ...totals.figures(), coverage: itemCount > 0 ? coveredCount / itemCount : 0, rankedUsers: unratedUsers.length };
}

/**
 * Marks the user's films in `mark`: 1 rated in training (not a candidate), 2 relevant in test (a
 * candidate, even if also rated in training).
 */
function markUser(context: RankingContext, user: number, mark: Uint8Array): void {
  const { train, test, trainByUser, testByUser } = context;
  for (let entry = trainByUser.offsets[user]; entry < trainByUser.offsets[user + 1]; entry++)
    mark[train.item[rowAt(trainByUser, entry)]] = 1;
  for (let entry = testByUser.offsets[user]; entry < testByUser.offsets[user + 1]; entry++) {
    const index = rowAt(testByUser, entry);
    if (test.rating[index] >= RELEVANT_FROM) mark[test.item[index]] = 2;
  }
}

/** Sets back to 0 every mark of the user's films. */
function clearUser(context: RankingContext, user: number, mark: Uint8Array): void {
  const { train, test, trainByUser, testByUser } = context;
  for (let entry = trainByUser.offsets[user]; entry < trainByUser.offsets[user + 1]; entry++)
    mark[train.item[rowAt(trainByUser, entry)]] = 0;
  for (let entry = testByUser.offsets[user]; entry < testByUser.offsets[user + 1]; entry++) mark[test.item[rowAt(testByUser, entry)]] = 0;
}

/**
 * One user's unrated films at a time, its candidates walked once for both the metrics and the top
 * 10.
 */
class UnratedFilmsRanker {
  // Per film: 1 rated in training (not a candidate), 2 relevant in test, 3 relevant and its score
  // taken; cleared after each user.
  private readonly mark: Uint8Array;
  private readonly top = new Int32Array(RANKING_CUTOFF);
  private readonly ranker = new ListRanker();

  constructor(
    private readonly context: RankingContext,
    private readonly totals: MetricTotals,
    private readonly covered: Uint8Array,
  ) {
    this.mark = new Uint8Array(context.itemCount);
  }

  rank(user: number, allScores: Float64Array): void {
    const { context, mark, ranker, top, covered } = this;
    const { itemCount, test, testByUser } = context;
    markUser(context, user, mark);
    const testStart = testByUser.offsets[user];
    const testEnd = testByUser.offsets[user + 1];
    const relevantScores = ranker.relevantBuffer(testEnd - testStart);
    let relevantTotal = 0;
    for (let entry = testStart; entry < testEnd; entry++) {
      const item = test.item[rowAt(testByUser, entry)];
      if (mark[item] !== 2) continue;
      relevantScores[relevantTotal++] = orderable(allScores[item]);
      mark[item] = 3;
    }
    const listed = ranker.startList(relevantTotal, 8);
    const size = ranker.addKept(allScores, mark, itemCount, RANKING_CUTOFF, top);
    if (listed) {
      ranker.finish(RANKING_CUTOFF);
      this.totals.add(ranker);
    }
    for (let position = 0; position < size; position++) covered[top[position]] = 1;
    clearUser(context, user, mark);
  }
}

/** Per user: every film scored, then ranked (and its test films too, with `testFilms`). */
function rankEachUser(
  scorer: FilmScorer,
  context: RankingContext,
  totals: MetricTotals,
  covered: Uint8Array,
  testFilms: TestFilmsRanker | null,
): void {
  const { itemCount, unratedUsers } = context;
  const scores = Array.from({ length: SCORE_GROUP }, () => new Float64Array(itemCount));
  const unrated = new UnratedFilmsRanker(context, totals, covered);
  // Users SCORE_GROUP at a time: scoreGroup reads each film's factors once for all of them; each
  // is then ranked in turn, in the users' order as before.
  for (let position = 0; position < unratedUsers.length; position += SCORE_GROUP) {
    const count = Math.min(SCORE_GROUP, unratedUsers.length - position);
    const users = unratedUsers.subarray(position, position + count);
    scorer.scoreGroup(users, count, scores);
    for (let lane = 0; lane < count; lane++) {
      const userScores = scores[lane];
      testFilms?.rank(users[lane], (item) => userScores[item]);
      unrated.rank(users[lane], userScores);
    }
  }
}

/**
 * The films of `user`'s rows in `ratings` marked `from`, each once: listed into `out` (long enough)
 * and marked `to`. Returns how many.
 */
function takeMarked(ratings: Ratings, byUser: ByUser, user: number, mark: Uint8Array, from: number, to: number, out: Int32Array): number {
  let count = 0;
  for (let entry = byUser.offsets[user]; entry < byUser.offsets[user + 1]; entry++) {
    const item = ratings.item[rowAt(byUser, entry)];
    if (mark[item] !== from) continue;
    out[count++] = item;
    mark[item] = to;
  }
  return count;
}

/** Scores the same for every user: one order of the films, and per user only its own films walked. */
function rankSharedScores(scores: Float64Array, context: RankingContext, totals: MetricTotals, covered: Uint8Array): void {
  const { itemCount, train, test, trainByUser, testByUser, unratedUsers } = context;
  const shared = new SharedOrderRanking(scores, itemCount);
  // Per film: as in rankEachUser, then 3 listed as relevant, 4 listed as excluded (no repeats).
  const mark = new Uint8Array(itemCount);
  const top = new Int32Array(RANKING_CUTOFF);
  let relevant = new Int32Array(0);
  let excluded = new Int32Array(0);
  for (const user of unratedUsers) {
    markUser(context, user, mark);
    const testStart = testByUser.offsets[user];
    const testEnd = testByUser.offsets[user + 1];
    const trainStart = trainByUser.offsets[user];
    const trainEnd = trainByUser.offsets[user + 1];
    if (relevant.length < testEnd - testStart) relevant = new Int32Array(2 * (testEnd - testStart));
    if (excluded.length < trainEnd - trainStart) excluded = new Int32Array(2 * (trainEnd - trainStart));
    const relevantTotal = takeMarked(test, testByUser, user, mark, 2, 3, relevant);
    const excludedCount = takeMarked(train, trainByUser, user, mark, 1, 4, excluded);
    if (relevantTotal > 0) totals.add(shared.metrics(relevant, relevantTotal, excluded, excludedCount, RANKING_CUTOFF));
    const size = shared.best(excluded, excludedCount, RANKING_CUTOFF, top);
    for (let position = 0; position < size; position++) covered[top[position]] = 1;
    clearUser(context, user, mark);
  }
}
