import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSyntheticMovieLens } from '../../../src/core/data/synthetic';
import { articleCandidate } from '../../../src/core/config/experiments';
import { modelLabel } from '../../../src/shared/labels';
import { loadMovieLens } from '../../../src/core/data/load';
import { makeFolds } from '../../../src/core/eval/protocols';
import { trainModel } from '../../../src/core/eval/trainModel';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { validateModelConfig } from '../../../src/core/config/modelConfig';
import type { ModelConfig } from '../../../src/core/config/schema';
import { whatIf } from '../../../src/core/recommend/whatIf';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as a child process, from source through tsx (no build needed). */
function cli(...args: string[]): Run {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(repoRoot, 'src', 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface FoldJson {
  name: string;
  rmse: number;
  mae: number;
  seconds: number;
}
interface EvaluationJson {
  folds: FoldJson[];
  rmse: { mean: number; std: number };
  mae: { mean: number; std: number };
  seconds: number;
  msPerIteration: number;
}

describe('recommender-lab CLI (child process)', () => {
  let folder = '';
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
    writeSyntheticMovieLens(folder, { users: 120, items: 80, ratingsPerUser: 30, seed: 3 });
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('evaluate prints a per-fold table with mean ± std; progress goes to stderr', () => {
    const run = cli('evaluate', '--data', folder, '--model', 'svd', '--protocol', 'canonical', '--iterations', '5');
    assert.equal(run.status, 0, run.stderr);
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5'])
      assert.match(run.stdout, new RegExp(`^${name}\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}\\s+\\d+\\.\\d{2}$`, 'm'));
    assert.match(run.stdout, /^SVD-ALS k=10$/m);
    assert.match(run.stdout, /mean ± std {3}RMSE \d\.\d{4} ± \d\.\d{4} {3}MAE/);
    assert.match(run.stderr, /model SVD-ALS k=10 {2}u3 \(3\/5\) {2}RMSE/);
    assert.doesNotMatch(run.stdout, /u3 \(3\/5\)/);
    // The ranking table: both protocols, the model and the popularity baseline.
    assert.match(run.stdout, /^Ranking, top 10 \(relevant: a test rating ≥ 4\), mean ± std over folds$/m);
    assert.match(run.stdout, /^among\s+model\s+P@10\s+R@10\s+NDCG@10\s+MAP\s+coverage$/m);
    assert.match(run.stdout, /^test films\s+model(\s+\d\.\d{4} ± \d\.\d{4}){4}$/m);
    assert.match(run.stdout, /^unrated films\s+model(\s+\d\.\d{4} ± \d\.\d{4}){5}$/m);
    assert.equal(run.stdout.match(/^\s+popularity(\s+\d\.\d{4} ± \d\.\d{4}){4,5}$/gm)?.length, 2);
  });

  it('evaluate --json prints exactly one JSON object with the agreed fields', () => {
    const run = cli(
      'evaluate',
      '--data',
      folder,
      '--model',
      'fm',
      '--method',
      'als',
      '--features',
      'ids,user',
      '--iterations',
      '4',
      '--folds',
      '2',
      '--repeats',
      '2',
      '--seed',
      '5',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as EvaluationJson & { model: { method: string; features: string[] } };
    assert.deepEqual(
      result.folds.map((fold) => fold.name),
      ['r1f1', 'r1f2', 'r2f1', 'r2f2'],
    );
    for (const fold of result.folds) {
      assert.ok(fold.rmse > 0 && fold.rmse < 2 && fold.mae > 0 && fold.mae < fold.rmse && fold.seconds >= 0, JSON.stringify(fold));
    }
    const mean = result.folds.reduce((sum, fold) => sum + fold.rmse, 0) / 4;
    assert.ok(Math.abs(result.rmse.mean - mean) < 1e-12);
    assert.ok(result.rmse.std > 0 && result.mae.mean > 0 && result.seconds > 0 && result.msPerIteration > 0);
    assert.equal(result.model.method, 'als');
    assert.deepEqual(result.model.features, ['ids', 'user']);
  });

  it('evaluate --json carries the ranking figures named like the metrics, per fold and mean ± std', () => {
    const run = cli('evaluate', '--data', folder, '--model', 'svd', '--iterations', '4', '--repeats', '1', '--json');
    assert.equal(run.status, 0, run.stderr);
    type Figures = Record<string, number>;
    type Protocols = { testFilms: Figures; unratedFilms: Figures };
    const result = JSON.parse(run.stdout) as {
      folds: { ranking: Protocols & { popularity: Protocols; sampled: boolean; seconds: number } }[];
      ranking: {
        cutoff: number;
        relevantFrom: number;
        testFilms: Record<string, { mean: number; std: number }>;
        unratedFilms: Record<string, { mean: number; std: number }>;
        popularity: unknown;
      };
    };
    assert.equal(result.ranking.cutoff, 10);
    assert.equal(result.ranking.relevantFrom, 4);
    assert.deepEqual(Object.keys(result.ranking.testFilms), ['precisionAt10', 'recallAt10', 'ndcgAt10', 'map']);
    assert.deepEqual(Object.keys(result.ranking.unratedFilms), ['precisionAt10', 'recallAt10', 'ndcgAt10', 'map', 'coverage']);
    assert.ok(result.ranking.popularity !== undefined);
    for (const fold of result.folds) {
      assert.deepEqual(Object.keys(fold.ranking.unratedFilms), [
        'precisionAt10',
        'recallAt10',
        'ndcgAt10',
        'map',
        'users',
        'coverage',
        'rankedUsers',
      ]);
      assert.ok(fold.ranking.testFilms.users > 0 && fold.ranking.unratedFilms.coverage > 0 && fold.ranking.unratedFilms.coverage <= 1);
      assert.equal(fold.ranking.sampled, false);
    }
    const mean = result.folds.reduce((sum, fold) => sum + fold.ranking.unratedFilms.map, 0) / result.folds.length;
    assert.ok(Math.abs(result.ranking.unratedFilms.map.mean - mean) < 1e-12);
  });

  it('evaluate --noise picks the MCMC noise model (per-user by default)', () => {
    const evaluate = (...extra: string[]): { model: { noise?: string }; rmse: { mean: number } } => {
      const run = cli('evaluate', '--data', folder, '--iterations', '8', '--repeats', '1', '--json', ...extra);
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as { model: { noise?: string }; rmse: { mean: number } };
    };
    const perUser = evaluate();
    const shared = evaluate('--noise', 'shared');
    assert.equal(perUser.model.noise, 'per-user');
    assert.equal(shared.model.noise, 'shared');
    assert.notEqual(perUser.rmse.mean, shared.rmse.mean);
  });

  it('compare --json adds baseline, candidate and the paired gain as a fraction', () => {
    const run = cli('compare', '--data', folder, '--iterations', '10', '--repeats', '1', '--json');
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as EvaluationJson & {
      baseline: EvaluationJson & { label: string };
      candidate: EvaluationJson & { label: string };
      gain: { mean: number; std: number };
      gainPerFold: number[];
    };
    assert.equal(result.baseline.label, 'SVD-ALS k=10');
    // The article's FM, defined once for the CLI and the extension (src/core/config/experiments.ts).
    assert.equal(result.candidate.label, modelLabel(articleCandidate({ iterations: 10 })));
    assert.equal(result.candidate.label, 'FM-MCMC ids,user,item,title k=10');
    const gains = result.baseline.folds.map((fold, index) => (fold.rmse - result.candidate.folds[index].rmse) / fold.rmse);
    assert.deepEqual(result.gainPerFold, gains);
    assert.ok(Math.abs(result.gain.mean - (gains[0] + gains[1]) / 2) < 1e-12);
    assert.ok(Math.abs(result.gain.mean) < 1, 'a fraction, not a percentage');
    assert.deepEqual(result.folds, result.candidate.folds);
  });

  it("compare prints the verdict: the article's claim beside the measured paired gain; --json carries claim and verdict", () => {
    const text = cli('compare', '--data', folder, '--iterations', '6', '--repeats', '1', '--threads', '2');
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Article: FM 4–5% lower RMSE than SVD · measured -?\d+\.\d{2}% ± \d+\.\d{2}% over 2 paired folds$/m);
    assert.match(text.stdout, /^(Below|Within|Above) the claim: .*SVD baseline .*RMSE \d\.\d{4}/m);
    assert.match(text.stderr, /2 worker threads/);
    const json = JSON.parse(cli('compare', '--data', folder, '--iterations', '6', '--repeats', '1', '--json').stdout);
    assert.deepEqual(json.claim, { low: 0.04, high: 0.05, text: 'FM 4–5% lower RMSE than SVD' });
    assert.ok(['below', 'within', 'above'].includes(json.verdict.standing));
    assert.match(json.verdict.headline, /^Article: /);
  });

  it('compare --best adds the FM with the default features on the same folds, with its own paired gain', () => {
    const run = cli('compare', '--data', folder, '--iterations', '6', '--repeats', '1', '--best', '--json');
    assert.equal(run.status, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.best.label, 'FM-MCMC ids,user,item,implicit,raters,userDay k=10');
    assert.deepEqual(
      json.best.folds.map((fold: FoldJson) => fold.name),
      json.baseline.folds.map((fold: FoldJson) => fold.name),
    );
    const gains = json.baseline.folds.map((fold: FoldJson, index: number) => (fold.rmse - json.best.folds[index].rmse) / fold.rmse);
    assert.deepEqual(json.best.gainPerFold, gains);
    assert.equal(cli('evaluate', '--data', folder, '--best').status, 2, '--best is for compare only');
  });

  it('--threads 1 and --threads 2 give identical numbers for the same seed', () => {
    const run = (threads: string): EvaluationJson => {
      const result = cli(
        'evaluate',
        '--data',
        folder,
        '--method',
        'mcmc',
        '--iterations',
        '15',
        '--rank',
        '4',
        '--repeats',
        '2',
        '--threads',
        threads,
        '--json',
      );
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as EvaluationJson;
    };
    const one = run('1');
    const two = run('2');
    assert.deepEqual(
      two.folds.map((fold) => [fold.name, fold.rmse, fold.mae]),
      one.folds.map((fold) => [fold.name, fold.rmse, fold.mae]),
    );
    assert.equal(one.folds.length, 4);
  });

  it('evaluate --likelihood ordinal trains the ordered probit FM; --json carries the likelihood; a non-MCMC method is refused', () => {
    const run = cli('evaluate', '--data', folder, '--iterations', '8', '--repeats', '1', '--likelihood', 'ordinal', '--json');
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { label: string; model: { likelihood?: string }; rmse: { mean: number } };
    assert.equal(result.model.likelihood, 'ordinal');
    assert.match(result.label, /likelihood=ordinal/);
    assert.ok(result.rmse.mean > 0 && result.rmse.mean < 2, String(result.rmse.mean));
    const refused = cli('evaluate', '--data', folder, '--method', 'als', '--likelihood', 'ordinal');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /likelihood ordinal is sampled by FM-MCMC only/);
  });

  it('recommend prints the spot check of a user', () => {
    const run = cli('recommend', '--data', folder, '--user', '7', '--model', 'svd', '--top', '4');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^User 7 \(age \d+, (male|female), [a-z]+\): \d+ training ratings, \d+ test ratings$/m);
    const unseen = run.stdout.split('Top unseen films')[1].trim().split('\n').slice(1);
    assert.equal(unseen.length, 4);
    assert.match(run.stdout, /Test films ranked by prediction/);
  });

  it("recommend for a new user prints the top films the engine ranks for those inputs from the same fold's model", () => {
    const data = loadMovieLens(folder);
    const occupation = data.users.demographics?.occupations[1] ?? '';
    const liked = [data.items.rawId[2], data.items.rawId[9]];
    const args = [
      '--data',
      folder,
      '--iterations',
      '8',
      '--rank',
      '4',
      '--age',
      '25',
      '--gender',
      'F',
      '--occupation',
      occupation,
      '--zip',
      '9',
      '--liked',
      liked.join(','),
    ];
    const run = cli('recommend', ...args, '--json');
    assert.equal(run.status, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as {
      model: ModelConfig;
      fold: string;
      basis: string;
      features: { name: string }[];
      recommendations: { itemId: number; predicted: number }[];
    };
    assert.equal(printed.basis, 'model');
    assert.deepEqual(
      printed.features.map((feature) => feature.name),
      ['age=25-34', 'gender=F', `occupation=${occupation}`, 'zip=9', ...liked.map((id) => `implicit=${id}`)],
    );
    // The same inputs through the engine in this process: the model of the protocol's first fold.
    const [fold] = makeFolds(data, defaultProtocolConfig({ seed: printed.model.seed }));
    assert.equal(printed.fold, fold.name);
    const expected = whatIf(
      data,
      fold,
      trainModel(data, fold, validateModelConfig(printed.model)).model,
      { age: 25, gender: 'F', occupation, zip: '9', liked },
      10,
    );
    assert.deepEqual(
      printed.recommendations.map((film) => [film.itemId, film.predicted]),
      expected.recommendations.map((film) => [film.itemId, film.predicted]),
    );
    assert.ok(
      printed.recommendations.every((film) => !liked.includes(film.itemId)),
      'liked films are not recommended back',
    );

    const text = cli('recommend', ...args);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^What if: new user: 25, female, [a-z]+, zip 9, 2 liked films$/m);
    const rows = text.stdout.split('Top films for the new user')[1].trim().split('\n').slice(1);
    assert.deepEqual(
      rows.map((row) => Number(/\[(\d+)\]$/.exec(row)?.[1])),
      expected.recommendations.map((film) => film.itemId),
    );
  });

  it('recommend for a new user under SVD says it has no user features and lists the most rated films', () => {
    const run = cli('recommend', '--data', folder, '--model', 'svd', '--iterations', '3', '--age', '40', '--top', '3');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /SVD-ALS k=10 has no user features: it can score only the users it was trained on, not a new one\./);
    assert.match(run.stdout, /Most rated films in the training part/);
    const counts = run.stdout
      .split('Most rated films in the training part')[1]
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => Number(row.trim().split(/\s+/)[1]));
    assert.equal(counts.length, 3);
    assert.deepEqual(
      counts,
      [...counts].sort((first, second) => second - first),
    );
  });

  it('a bad flag or value: message and usage on stderr, exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['evaluate', '--bogus', '1'], /unknown flag '--bogus'/],
      [['evaluate', '--protocol', 'kfold'], /--protocol must be one of bootstrap, .* got 'kfold'/],
      [['evaluate', '--rank', '0'], /rank must be an integer from 1 to 512 \(.*\), got 0/],
      [['evaluate', '--rank', '20000'], /rank must be an integer from 1 to 512 \(memory and time grow with the rank, .*\), got 20000/],
      [
        ['evaluate', '--iterations', '1000000'],
        /iterations must be an integer from 1 to 100000 \(more would run for days on MovieLens 100K\), got 1000000/,
      ],
      [['evaluate', '--folds', '50'], /folds must be an integer from 2 to 20 \(.*\), got 50/],
      [['evaluate', '--repeats', '1000'], /repeats must be an integer from 1 to 100 \(.*\), got 1000/],
      [['evaluate', '--noise', 'loud'], /--noise must be one of shared, per-user, got 'loud'/],
      [['compare', '--rank', 'ten'], /--rank expects a number, got 'ten'/],
      [['launch'], /unknown command 'launch'/],
      [['recommend', '--data', folder], /recommend needs --user ID/],
      [['recommend', '--data', folder, '--user', '3', '--age', '30'], /--user ID or a new user .* not both/],
      [['recommend', '--data', folder, '--gender', 'X'], /--gender must be M or F, got 'X'/],
      [['recommend', '--data', folder, '--occupation', 'astronaut'], /the new user: occupation 'astronaut' is not one of /],
      [['recommend', '--data', folder, '--liked', '5,99999'], /the new user: film 99999 not in /],
      [['evaluate', '--age', '30'], /a new user \(--age, .*\) applies to recommend only/],
    ];
    for (const [args, message] of cases) {
      const run = cli(...args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: recommender-lab <command>/);
      assert.equal(run.stdout, '');
    }
  });

  it('a malformed data file: file:line: problem, exit code 1, folder untouched', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-broken-'));
    try {
      for (const name of fs.readdirSync(folder)) fs.copyFileSync(path.join(folder, name), path.join(broken, name));
      const file = path.join(broken, 'u.data');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[2] = lines[2].replace(/\t\d\t/, '\tseven\t');
      fs.writeFileSync(file, lines.join('\n'));
      const before = fs.readFileSync(file, 'utf8');
      const run = cli('evaluate', '--data', broken, '--model', 'svd');
      assert.equal(run.status, 1);
      assert.match(run.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: `, 'm'));
      assert.equal(fs.readFileSync(file, 'utf8'), before);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('without --data: explains how to get MovieLens, then runs on synthetic data and cleans up', () => {
    const run = cli('evaluate', '--model', 'svd', '--iterations', '3', '--repeats', '1');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /https:\/\/files\.grouplens\.org\/datasets\/movielens\/ml-100k\.zip/);
    assert.match(run.stderr, /do not redistribute/);
    assert.match(run.stderr, /Download MovieLens 100K/);
    const generated = /generated in (\S+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(generated.length > 0);
    assert.equal(fs.existsSync(generated), false, 'the temp folder is removed');
    assert.match(run.stdout, /^r1f2 /m);
  });
});
