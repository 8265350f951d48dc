import assert from 'node:assert/strict';
import { Random } from '../../src/core/random';
import {
  applyFoldHistory,
  applyProgress,
  applyProgressBatch,
  isTrainingPanelState,
  markInterrupted,
  mergeCurves,
  withoutHistory,
  withoutSentCurves,
} from '../../src/shared/trainingPanelState';
import { isSpotCheckState } from '../../src/shared/spotCheckPanelState';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { emptyState, fold, point, progress } from '../webview/fixtures';

describe('panels/trainingState', () => {
  it('folds progress into one curve per model and fold, in iteration order', () => {
    let state = emptyState('compare');
    const runId = state.request.runId;
    for (const iteration of [1, 2, 3]) state = applyProgress(state, progress(runId, 'baseline', 'f1', iteration));
    for (const iteration of [1, 2]) state = applyProgress(state, progress(runId, 'candidate', 'f1', iteration));
    state = applyProgress(state, progress(runId, 'baseline', 'f2', 1));
    assert.deepEqual(
      state.curves.map((curve) => [curve.role, curve.foldName, curve.points.map((p) => p.iteration)]),
      [
        ['baseline', 'f1', [1, 2, 3]],
        ['candidate', 'f1', [1, 2]],
        ['baseline', 'f2', [1]],
      ],
    );
  });

  it('replaces a replayed iteration, sorts a late one, and ignores other runs', () => {
    let state = emptyState('evaluate');
    const runId = state.request.runId;
    state = applyProgress(state, progress(runId, 'model', 'u1', 1));
    state = applyProgress(state, progress(runId, 'model', 'u1', 3));
    state = applyProgress(state, progress(runId, 'model', 'u1', 2));
    const replay = { ...progress(runId, 'model', 'u1', 3), progress: { ...progress(runId, 'model', 'u1', 3).progress, trainRmse: 0.5 } };
    state = applyProgress(state, replay);
    const before = state;
    state = applyProgress(state, progress('another-run', 'model', 'u1', 4));
    assert.equal(state, before);
    assert.deepEqual(
      state.curves[0].points.map((p) => p.iteration),
      [1, 2, 3],
    );
    assert.equal(state.curves[0].points[2].trainRmse, 0.5);
  });

  it('a batch of events gives the state of applying them one by one, and leaves the state it started from as it was', () => {
    const random = new Random(7);
    const runId = emptyState('compare').request.runId;
    const keys = [
      ['baseline', 'f1'],
      ['candidate', 'f1'],
      ['baseline', 'f2'],
    ] as const;
    let start = emptyState('compare', runId);
    for (const iteration of [1, 2, 4]) start = applyProgress(start, progress(runId, 'baseline', 'f1', iteration));
    const before = structuredClone(start);
    for (let trial = 0; trial < 20; trial++) {
      // Mostly in order, some replayed or late, one in five of another run; new curves appear mid-batch.
      const events = Array.from({ length: 40 }, (_, index) => {
        const [role, foldName] = keys[random.int(keys.length)];
        const iteration = Math.max(1, Math.floor(index / 2) + random.int(5) - 2);
        const event = progress(random.int(5) === 0 ? 'another-run' : runId, role, foldName, iteration);
        return { ...event, progress: { ...event.progress, trainRmse: random.uniform() } };
      });
      let oneByOne = start;
      for (const event of events) oneByOne = applyProgress(oneByOne, event);
      const batched = applyProgressBatch(start, events);
      assert.deepEqual(batched, oneByOne, `trial ${trial}`);
      for (const curve of batched.curves) {
        const iterations = curve.points.map((p) => p.iteration);
        assert.deepEqual(
          iterations,
          [...new Set(iterations)].sort((a, b) => a - b),
          'ascending, each iteration once',
        );
      }
    }
    assert.deepEqual(start, before, 'the state a batch started from is unchanged');
    assert.equal(applyProgressBatch(start, [progress('another-run', 'baseline', 'f1', 9)]), start, 'nothing of this run: the same state');
  });

  it('keeps drawn points when a newer state of the same run carries fewer, and lets another run replace all', () => {
    let drawn = emptyState('evaluate');
    const runId = drawn.request.runId;
    for (const iteration of [1, 2, 3, 4]) drawn = applyProgress(drawn, progress(runId, 'model', 'u1', iteration));
    const finished: TrainingPanelState = { ...emptyState('evaluate'), status: 'completed' };
    const merged = mergeCurves(drawn, finished);
    assert.equal(merged.status, 'completed');
    assert.equal(merged.curves[0].points.length, 4);

    let longer = finished;
    for (const iteration of [1, 2, 3, 4, 5]) longer = applyProgress(longer, progress(runId, 'model', 'u1', iteration));
    longer = applyProgress(longer, progress(runId, 'model', 'u2', 1));
    assert.deepEqual(
      mergeCurves(drawn, longer).curves.map((c) => c.points.length),
      [5, 1],
    );

    const other = emptyState('evaluate', 'other-run');
    assert.equal(mergeCurves(drawn, other), other);
  });

  it('a page sent each state less the curves it was sent before draws what whole states draw, from far fewer points', () => {
    // The host's state and the page's, as a run goes: live points reach both (the page gets them in
    // batches); a fold's end (its full history) and the completion are states the host posts.
    let host = emptyState('compare');
    const runId = host.request.runId;
    let page: TrainingPanelState | undefined;
    let sent: TrainingPanelState | undefined;
    const postedPoints: number[] = [];
    const post = (): void => {
      const message = sent === undefined ? host : withoutSentCurves(sent, host);
      postedPoints.push(message.curves.reduce((total, curve) => total + curve.points.length, 0));
      page = mergeCurves(page, message);
      sent = host;
    };
    const live = (foldName: string, iterations: readonly number[]): void => {
      for (const iteration of iterations) {
        host = applyProgress(host, progress(runId, 'candidate', foldName, iteration));
        page = applyProgress(page ?? host, progress(runId, 'candidate', foldName, iteration));
      }
    };
    const history = Array.from({ length: 20 }, (_, index) => point(index + 1));
    const end = (foldName: string): void => {
      const done = { runId, role: 'candidate' as const, label: 'FM', fold: fold(foldName, 0.9), history };
      host = { ...applyFoldHistory(host, done), folds: [...host.folds, withoutHistory(done)] };
      post();
    };
    post(); // the page says ready: the state goes whole
    live('f1', [1, 7, 14]);
    live('f2', [1, 9]);
    end('f1');
    live('f2', [15, 20]);
    end('f2');
    host = { ...host, status: 'completed' };
    post();
    assert.deepEqual(page, host, 'the page ends with the host state, every point of every fold');
    // f1's end sends both curves (f2's changed since), f2's end its own curve, the completion none.
    assert.deepEqual(postedPoints, [0, 20 + 2, 20, 0]);
    // A state of another run goes whole; nothing new sends no curve at all.
    const other = applyProgress(emptyState('compare', 'other-run'), progress('other-run', 'candidate', 'f1', 1));
    assert.equal(withoutSentCurves(host, other), other);
    assert.deepEqual(withoutSentCurves(host, host).curves, []);
  });

  it('shows a run restored as running as interrupted, and leaves finished runs alone', () => {
    const interrupted = markInterrupted(emptyState('evaluate'));
    assert.equal(interrupted.status, 'failed');
    assert.match(interrupted.error?.message ?? '', /reloaded/);
    const done = { ...emptyState('evaluate'), status: 'completed' as const };
    assert.equal(markInterrupted(done), done);
  });

  it('recognises persisted states and rejects anything else', () => {
    assert.ok(isTrainingPanelState(JSON.parse(JSON.stringify(emptyState('compare')))));
    for (const junk of [undefined, null, 42, 'state', {}, { request: {}, status: 'running', curves: [], folds: [] }]) {
      assert.equal(isTrainingPanelState(junk), false, JSON.stringify(junk));
    }
    assert.ok(
      isSpotCheckState({
        runId: 'r',
        runLabel: 'FM',
        user: { id: 1, ratingCount: 3 },
        history: [],
        recommendedFromTest: [],
        topUnseen: [],
      }),
    );
    assert.equal(isSpotCheckState({ runId: 'r', user: null, history: [] }), false);
  });

  it("a spot check state's rating distributions: one probability per level, each in [0, 1]", () => {
    const film = (levelProbabilities?: unknown) => ({ itemId: 1, title: 'Toy Story (1995)', predicted: 3.9, levelProbabilities });
    const state = (levels: unknown, probabilities?: unknown) => ({
      runId: 'r',
      runLabel: 'FM',
      user: { id: 1, ratingCount: 3 },
      history: [],
      recommendedFromTest: [film(probabilities)],
      topUnseen: [],
      ratingLevels: levels,
    });
    assert.ok(isSpotCheckState(state([1, 2, 3], [0.2, 0.5, 0.3])));
    assert.ok(isSpotCheckState(state(undefined)), "a Gaussian model's state: no levels, no distributions");
    assert.equal(isSpotCheckState(state([1, 2, 3], [0.5, 0.5])), false, 'one probability short');
    assert.equal(isSpotCheckState(state([1, 2, 3], [0.2, 1.5, -0.7])), false, 'outside [0, 1]');
    assert.equal(isSpotCheckState(state(undefined, [1])), false, 'probabilities without levels');
    assert.equal(isSpotCheckState(state(['one', 'two'], [0.5, 0.5])), false, 'levels that are not numbers');
  });

  it("fills a finished fold's gappy live curve from the fold's full history", () => {
    let state = emptyState('compare');
    const runId = state.request.runId;
    // Throttled live points: 1, 7, 20 of 20; the other fold's curve must stay as it is.
    for (const iteration of [1, 7, 20]) state = applyProgress(state, progress(runId, 'candidate', 'f1', iteration));
    state = applyProgress(state, progress(runId, 'candidate', 'f2', 1));
    const history = Array.from({ length: 20 }, (_, index) => point(index + 1));
    const done = { runId, role: 'candidate' as const, label: 'FM', fold: fold('f1', 0.9), history };
    const filled = applyFoldHistory(state, done);
    const f1 = filled.curves.find((curve) => curve.role === 'candidate' && curve.foldName === 'f1');
    assert.deepEqual(
      f1?.points.map((p) => p.iteration),
      history.map((p) => p.iteration),
    );
    assert.equal(filled.curves.find((curve) => curve.foldName === 'f2')?.points.length, 1);
    // Another run's fold, or a fold without history, changes nothing; the stored fold drops it.
    assert.equal(applyFoldHistory(state, { ...done, runId: 'other' }), state);
    assert.equal(applyFoldHistory(state, withoutHistory(done)), state);
    assert.equal('history' in withoutHistory(done), false);
    // A fold with no live point at all gets its curve from the history.
    const fresh = applyFoldHistory(emptyState('compare'), done);
    assert.equal(fresh.curves.length, 1);
    assert.equal(fresh.curves[0].points.length, 20);
  });
});
