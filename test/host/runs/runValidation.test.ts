import * as assert from 'node:assert/strict';
import { InvalidRunError, validateCatalog, validateRunRecord } from '../../../src/host/runs/runValidation';
import { completedRun } from './runFixtures';
import type { RunRecord } from '../../../src/host/runs/runRecord';
import { evaluate } from '../../../src/core/eval/evaluate';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { plantedData } from '../../core/eval/fixtures';

const DELETE = Symbol('delete');

/** A JSON copy of a valid run with the value at a dotted path (e.g. "result.evaluation.folds.0.rmse") replaced or deleted. */
function edited(pathText: string, value: unknown, run: RunRecord = completedRun()): { value: unknown; folder: string } {
  const copy = JSON.parse(JSON.stringify(run)) as Record<string, unknown>;
  const keys = pathText.split('.');
  let holder = copy;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === DELETE) delete holder[last];
  else holder[last] = value;
  return { value: copy, folder: run.request.runId };
}

describe('stored run validation', () => {
  it('accepts a run as the store writes it, and after a JSON round trip', () => {
    const run = completedRun();
    assert.equal(validateRunRecord(run, run.request.runId), run);
    validateRunRecord(JSON.parse(JSON.stringify(run)), run.request.runId);
  });

  it('refuses {"formatVersion":1} naming the missing request', () => {
    assert.throws(
      () => validateRunRecord({ formatVersion: 1 }, 'some-run'),
      (error: unknown) => {
        assert.ok(error instanceof InvalidRunError);
        assert.match(error.message, /^request must be an object, got nothing$/);
        return true;
      },
    );
  });

  // Each row breaks one field; the message must name that field.
  const cases: [string, string, unknown, RegExp][] = [
    ['another format version', 'formatVersion', 2, /format version 2 is not 1/],
    ['a run id that is a path', 'request.runId', '../escape', /request\.runId must be letters, digits/],
    ['a run id of another folder', 'request.runId', 'other-run', /request\.runId must be the folder's name/],
    ['an unknown kind', 'request.kind', 'train', /request\.kind must be one of evaluate, compare/],
    ['no data folder', 'request.dataFolder', DELETE, /request\.dataFolder must be a non-empty string/],
    ['a rank over the schema limit', 'request.model.rank', 100_000, /request\.model: rank must be an integer from 1 to 512/],
    ['an unknown feature group', 'request.model.features', ['ids', 'mood'], /request\.model: features must be among/],
    ['a comparison without candidate', 'request.kind', 'compare', /request\.candidate must be an object/],
    ['a protocol of no name', 'request.protocol.protocol', 'random', /request\.protocol: protocol must be one of/],
    ['an unknown status', 'status', 'done', /status must be one of running, completed, failed, cancelled/],
    ['a start that is no time', 'startedAt', 'yesterday', /startedAt must be an ISO date and time/],
    ['a completed run without result', 'result', DELETE, /result must be present on a completed run/],
    ['a fold RMSE as text', 'result.evaluation.folds.0.rmse', '0.9', /result\.evaluation\.folds\[0\]\.rmse must be a number/],
    ['no RMSE mean', 'result.evaluation.rmse.mean', DELETE, /result\.evaluation\.rmse\.mean must be a number/],
    ['folds that are not a list', 'folds', {}, /folds must be a list/],
    [
      'a curve point without iteration',
      'curves',
      [{ role: 'model', label: 'FM', foldName: 'r1f1', points: [{}] }],
      /curves\[0\]\.points\[0\]\.iteration/,
    ],
    ['an error without message', 'error', { line: 3 }, /run\.error\.message must be a non-empty string/],
    ['hasModel missing', 'hasModel', DELETE, /hasModel must be true or false/],
    ['a timing as text', 'timings.totalSeconds', 'long', /timings\.totalSeconds must be a number/],
  ];
  for (const [name, field, value, message] of cases) {
    it(`refuses ${name}`, () => {
      const run = edited(field, value);
      assert.throws(
        () => validateRunRecord(run.value, run.folder),
        (error: unknown) => {
          assert.ok(error instanceof InvalidRunError, String(error));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  describe('ranking figures (stored since ranking metrics exist; absent before)', () => {
    // A real evaluation's result, ranking blocks included, stored in a run.
    const data = plantedData({ users: 60, items: 40, rank: 2, perUser: 15, noise: 0.2, seed: 3 });
    const model = defaultModelConfig('svd', { rank: 2, iterations: 3 });
    const evaluation = evaluate(data, model, defaultProtocolConfig({ folds: 2, repeats: 1, seed: 1 }));
    const withRanking = (): RunRecord => {
      const run = completedRun();
      return { ...run, request: { ...run.request, model }, result: { kind: 'evaluate', evaluation } };
    };

    it('accepts them as the engine reports them', () => {
      assert.ok(evaluation.ranking !== undefined && evaluation.folds.every((fold) => fold.ranking !== undefined));
      const run = edited('status', 'completed', withRanking());
      validateRunRecord(run.value, run.folder);
    });

    const broken: [string, string, unknown, RegExp][] = [
      [
        'an NDCG as text in a fold',
        'result.evaluation.folds.0.ranking.testFilms.ndcgAt10',
        '0.8',
        /folds\[0\]\.ranking\.testFilms\.ndcgAt10 must be a number/,
      ],
      [
        'no coverage in a fold',
        'result.evaluation.folds.1.ranking.unratedFilms.coverage',
        DELETE,
        /folds\[1\]\.ranking\.unratedFilms\.coverage must be a number/,
      ],
      ['no popularity block', 'result.evaluation.folds.0.ranking.popularity', DELETE, /folds\[0\]\.ranking\.popularity must be an object/],
      [
        'a summary MAP without mean',
        'result.evaluation.ranking.unratedFilms.map.mean',
        DELETE,
        /evaluation\.ranking\.unratedFilms\.map\.mean must be a number/,
      ],
      ['sampled as text', 'result.evaluation.folds.0.ranking.sampled', 'no', /ranking\.sampled must be true or false/],
    ];
    for (const [name, field, value, message] of broken) {
      it(`refuses ${name}, naming the field`, () => {
        const run = edited(field, value, withRanking());
        assert.throws(
          () => validateRunRecord(run.value, run.folder),
          (error: unknown) => error instanceof InvalidRunError && message.test(error.message),
        );
      });
    }
  });

  it('reads a model config stored before the likelihood existed (gaussian), and an ordinal FM-MCMC one', () => {
    const before = edited('request.model.likelihood', DELETE);
    assert.equal((before.value as { request: { model: Record<string, unknown> } }).request.model.likelihood, undefined);
    validateRunRecord(before.value, before.folder);
    const ordinal = completedRun({ model: { method: 'mcmc', burnIn: 2, likelihood: 'ordinal' } });
    assert.equal(validateRunRecord(JSON.parse(JSON.stringify(ordinal)), ordinal.request.runId).request.model.likelihood, 'ordinal');
  });

  it('refuses an ordinal likelihood on a solver that is not MCMC, and an unknown likelihood', () => {
    const onAls = edited('request.model.likelihood', 'ordinal');
    assert.throws(() => validateRunRecord(onAls.value, onAls.folder), /request\.model: likelihood ordinal is sampled by FM-MCMC only/);
    const unknown = edited('request.model.likelihood', 'poisson');
    assert.throws(() => validateRunRecord(unknown.value, unknown.folder), /request\.model: likelihood must be one of/);
  });

  it('refuses what is not an object at all', () => {
    for (const value of [null, [], 'run', 42]) assert.throws(() => validateRunRecord(value, 'some-run'), /run must be an object/);
  });

  it('accepts a spread stored as null (NaN in memory) but not a mean', () => {
    const run = edited('result.evaluation.rmse.std', null);
    validateRunRecord(run.value, run.folder);
  });

  it('checks a stored catalogue: ids are whole numbers, titles strings', () => {
    const catalog = {
      format: 'ml-100k',
      folder: '/data',
      ratingsFile: '/data/u.data',
      itemsFile: '/data/u.item',
      ratingScale: { min: 1, max: 5 },
      userIds: [1, 4],
      items: [{ id: 9, title: 'A film (1999)' }],
    };
    assert.equal(validateCatalog(catalog), catalog);
    assert.throws(() => validateCatalog({ ...catalog, items: [{ id: 9 }] }), /catalog\.items\[0\]\.title must be a string/);
    assert.throws(() => validateCatalog({ ...catalog, userIds: 'all' }), /catalog\.userIds must be a list/);
    assert.throws(() => validateCatalog({ ...catalog, userIds: [1, -2] }), /catalog\.userIds\[1\] must be a whole number/);
  });

  it('reads a catalogue stored with one object per user (before userIds) as the same ids', () => {
    const { userIds: _ids, ...rest } = {
      format: 'ml-100k',
      folder: '/data',
      ratingsFile: '/data/u.data',
      itemsFile: '/data/u.item',
      ratingScale: { min: 1, max: 5 },
      userIds: [],
      items: [{ id: 9, title: 'A film (1999)' }],
    };
    const stored = {
      ...rest,
      users: [
        { id: 1, ratingCount: 3 },
        { id: 4, age: 30, ratingCount: 8 },
      ],
    };
    const read = validateCatalog(stored);
    assert.deepEqual(read.userIds, [1, 4]);
    assert.equal('users' in read, false);
    assert.deepEqual(read.items, stored.items);
    assert.throws(
      () => validateCatalog({ ...rest, users: [{ id: 'one', ratingCount: 3 }] }),
      /catalog\.users\[0\]\.id must be a whole number/,
    );
  });
});
