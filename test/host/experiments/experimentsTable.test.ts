import * as assert from 'node:assert/strict';
import { buildExperimentsTable } from '../../../src/host/experiments/experimentsTable';
import { exportTable } from '../../../src/host/experiments/tableExport';
import type { RunRecord } from '../../../src/host/runs/runRecord';
import { cellText, sortRows } from '../../../src/shared/experimentsTable';
import type { ExperimentsTable } from '../../../src/shared/experimentsTable';
import { comparedRun, completedRun } from '../runs/runFixtures';
import { summarizeRanking } from '../../../src/core/eval/rankingSummary';
import type { EvaluationResult, FoldRanking, RankingProtocols } from '../../../src/shared/run';

/** Ranking figures for every fold of an evaluation, from one number per fold. */
function ranked(evaluation: EvaluationResult, base: number): EvaluationResult {
  const protocols = (value: number): RankingProtocols => {
    const figures = { precisionAt10: value, recallAt10: value / 2, ndcgAt10: value * 1.2, map: value * 1.1, users: 30 };
    return { testFilms: figures, unratedFilms: { ...figures, precisionAt10: value / 3, coverage: value / 5, rankedUsers: 40 } };
  };
  const folds = evaluation.folds.map((fold, index) => {
    const value = base + 0.01 * index;
    const ranking: FoldRanking = {
      cutoff: 10,
      relevantFrom: 4,
      ...protocols(value),
      popularity: protocols(value / 2),
      sampled: false,
      seconds: 0.2,
    };
    return { ...fold, ranking };
  });
  return { ...evaluation, folds, ranking: summarizeRanking(folds) };
}

/** A run with ranking figures (a comparison: its baseline and candidate). */
function withRanking(record: RunRecord, base: number): RunRecord {
  const result = record.result;
  if (result === undefined) return record;
  if (result.kind === 'evaluate') return { ...record, result: { kind: 'evaluate', evaluation: ranked(result.evaluation, base) } };
  const comparison = {
    ...result.comparison,
    baseline: ranked(result.comparison.baseline, base / 2),
    candidate: ranked(result.comparison.candidate, base),
  };
  return { ...record, result: { kind: 'compare', comparison } };
}

/** A minimal CSV reader (quoted fields, CRLF) for checking the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += character;
    }
  }
  return rows;
}

function evaluation(record: RunRecord) {
  const result = record.result;
  assert.ok(result !== undefined);
  return result.kind === 'evaluate' ? result.evaluation : result.comparison.candidate;
}

describe('experiments table', () => {
  const small = completedRun({ startedAt: '2026-03-01T10:00:00Z', model: { rank: 4 }, rmses: [0.951234567891, 0.9612] });
  const large = completedRun({ startedAt: '2026-03-01T11:00:00Z', model: { rank: 16 }, rmses: [0.93, 0.947654321] });
  const compared = comparedRun({ startedAt: '2026-03-01T12:00:00Z', candidate: { rank: 8 } });
  const failed: RunRecord = {
    ...completedRun({ startedAt: '2026-03-01T09:00:00Z', model: { rank: 4 } }),
    status: 'failed',
    result: undefined,
    error: { message: 'u.data:3: bad' },
  };
  const runs = [compared, large, small, failed];
  let table: ExperimentsTable;
  before(() => (table = buildExperimentsTable(runs)));

  it('has a column for each parameter that varies, none for those that do not', () => {
    const parameters = table.columns.filter((column) => column.group === 'parameter').map((column) => column.id);
    assert.ok(parameters.includes('rank'), parameters.join());
    assert.ok(parameters.includes('baseline'), 'a comparison among evaluations: its baseline varies');
    for (const same of ['seed', 'features', 'protocol', 'data']) assert.ok(!parameters.includes(same), `${same} is the same in every run`);
    assert.deepEqual(
      table.rows.map((row) => row.cells.rank),
      [8, 16, 4, 4],
    );
    assert.match(table.columns.find((column) => column.id === 'rank')?.description ?? '', /latent factors/, 'described by the schema');
  });

  it('has the metrics of each run (a comparison: its candidate and paired gain), nothing for a failed run', () => {
    const ids = table.columns.filter((column) => column.group === 'metric').map((column) => column.id);
    assert.deepEqual(ids, ['rmse', 'mae', 'gain', 'seconds']);
    const [comparedRow, largeRow, , failedRow] = table.rows;
    assert.deepEqual(comparedRow.cells.rmse, evaluation(compared).rmse);
    assert.deepEqual(comparedRow.cells.gain, compared.result?.kind === 'compare' ? compared.result.comparison.gain : undefined);
    assert.equal(largeRow.cells.gain, null);
    assert.equal(largeRow.cells.seconds, large.timings.totalSeconds);
    assert.equal(failedRow.cells.rmse, null);
    assert.deepEqual(
      largeRow.folds,
      evaluation(large).folds.map((fold) => ({ name: fold.name, rmse: fold.rmse })),
    );
  });

  it('one run alone: no parameter varies, the metrics are there', () => {
    const alone = buildExperimentsTable([small]);
    assert.deepEqual(
      alone.columns.map((column) => column.id),
      ['started', 'status', 'model', 'rmse', 'mae', 'seconds'],
    );
    assert.equal(alone.columns.filter((column) => column.group === 'parameter').length, 0);
  });

  it('sorts by any column, numbers as numbers, runs without a value last in both directions', () => {
    const byRmse = sortRows(table, { column: 'rmse', descending: false }).map((row) => row.runId);
    const means = runs
      .filter((run) => run.result !== undefined)
      .sort((left, right) => evaluation(left).rmse.mean - evaluation(right).rmse.mean);
    assert.deepEqual(byRmse, [...means.map((run) => run.request.runId), failed.request.runId]);
    assert.deepEqual(
      sortRows(table, { column: 'rmse', descending: true }).map((row) => row.runId),
      [...means.reverse().map((run) => run.request.runId), failed.request.runId],
    );
    assert.deepEqual(
      sortRows(table, { column: 'rank', descending: false }).map((row) => row.cells.rank),
      [4, 4, 8, 16],
    );
    assert.deepEqual(sortRows(table, { column: 'no-such-column', descending: false }), [...table.rows]);
  });

  it('exports CSV with every number at full precision, a mean ± std as two columns', () => {
    const [header, ...lines] = parseCsv(exportTable(table, 'csv'));
    assert.deepEqual(header.slice(0, 4), ['run_id', 'started', 'status', 'model']);
    for (const name of ['rmse_mean', 'rmse_std', 'mae_mean', 'mae_std', 'gain_mean', 'gain_std', 'seconds', 'rank'])
      assert.ok(header.includes(name), name);
    assert.equal(lines.length, runs.length);
    const column = (name: string): number => header.indexOf(name);
    for (const run of runs) {
      const line = lines.find((fields) => fields[0] === run.request.runId);
      assert.ok(line !== undefined);
      if (run.result === undefined) {
        assert.equal(line[column('rmse_mean')], '');
        continue;
      }
      // The very numbers of the run file.
      assert.equal(Number(line[column('rmse_mean')]), evaluation(run).rmse.mean);
      assert.equal(Number(line[column('rmse_std')]), evaluation(run).rmse.std);
      assert.equal(Number(line[column('mae_mean')]), evaluation(run).mae.mean);
      assert.equal(line[column('started')], run.startedAt);
    }
  });

  it('exports JSON with the cells as they are, and Markdown as the table reads', () => {
    const json = JSON.parse(exportTable(table, 'json')) as { columns: { id: string }[]; runs: Record<string, unknown>[] };
    assert.deepEqual(
      json.columns.map((column) => column.id),
      table.columns.map((column) => column.id),
    );
    assert.deepEqual(json.runs[1].rmse, evaluation(large).rmse);
    assert.equal(json.runs[1].runId, large.request.runId);

    const markdown = exportTable(table, 'markdown', { column: 'rank', descending: true }).trimEnd().split('\n');
    assert.equal(markdown.length, 2 + runs.length);
    assert.match(markdown[0], /^\| Started \| Status \| Model \| RMSE \| MAE \| Gain \| Seconds \| rank \| baseline \|$/);
    assert.match(markdown[1], /^\| --- \| --- \| --- \| ---: \| ---: \| ---: \| ---: \| --- \| --- \|$/);
    const rmseColumn = table.columns.find((column) => column.id === 'rmse');
    assert.ok(rmseColumn !== undefined);
    assert.ok(markdown[2].includes(cellText(rmseColumn, evaluation(large).rmse)), 'rank 16 first');
    assert.match(markdown[2], /\| 0\.\d{4} ± 0\.\d{4} \|/);
  });

  it("has the ranking figures of both protocols with popularity's NDCG@10 when runs have them (a comparison: its candidate's), in the exports too", () => {
    const rankedRuns = [withRanking(compared, 0.3), withRanking(large, 0.2), small];
    const rankedTable = buildExperimentsTable(rankedRuns);
    const byGroup = (group: string): string[] => rankedTable.columns.filter((column) => column.group === group).map((column) => column.id);
    assert.deepEqual(byGroup('rankingTestFilms'), [
      'testFilms.precisionAt10',
      'testFilms.recallAt10',
      'testFilms.ndcgAt10',
      'testFilms.map',
      'popularity.testFilms.ndcgAt10',
    ]);
    assert.deepEqual(byGroup('rankingUnratedFilms'), [
      'unratedFilms.precisionAt10',
      'unratedFilms.recallAt10',
      'unratedFilms.ndcgAt10',
      'unratedFilms.map',
      'unratedFilms.coverage',
      'popularity.unratedFilms.ndcgAt10',
    ]);
    assert.ok(rankedTable.columns.filter((column) => column.group.startsWith('ranking')).every((column) => column.higherIsBetter === true));
    const [comparedRow, largeRow, smallRow] = rankedTable.rows;
    const summary = (record: RunRecord) => {
      const ranking = evaluation(record).ranking;
      assert.ok(ranking !== undefined);
      return ranking;
    };
    assert.deepEqual(comparedRow.cells['unratedFilms.ndcgAt10'], summary(rankedRuns[0]).unratedFilms.ndcgAt10, "the candidate's");
    assert.deepEqual(largeRow.cells['testFilms.map'], summary(rankedRuns[1]).testFilms.map);
    assert.deepEqual(largeRow.cells['unratedFilms.coverage'], summary(rankedRuns[1]).unratedFilms.coverage);
    assert.deepEqual(largeRow.cells['popularity.unratedFilms.ndcgAt10'], summary(rankedRuns[1]).popularity.unratedFilms.ndcgAt10);
    assert.equal(smallRow.cells['testFilms.ndcgAt10'], null, 'a run stored before ranking figures has none');
    assert.deepEqual(
      sortRows(rankedTable, { column: 'unratedFilms.ndcgAt10', descending: true }).map((row) => row.runId),
      rankedRuns.map((run) => run.request.runId),
    );

    const [header, ...lines] = parseCsv(exportTable(rankedTable, 'csv'));
    const line = lines.find((fields) => fields[0] === large.request.runId);
    assert.ok(line !== undefined);
    assert.equal(Number(line[header.indexOf('unratedFilms.ndcgAt10_mean')]), summary(rankedRuns[1]).unratedFilms.ndcgAt10.mean);
    assert.equal(
      Number(line[header.indexOf('popularity.testFilms.ndcgAt10_std')]),
      summary(rankedRuns[1]).popularity.testFilms.ndcgAt10.std,
    );
    const json = JSON.parse(exportTable(rankedTable, 'json')) as { runs: Record<string, unknown>[] };
    assert.deepEqual(json.runs[1]['testFilms.recallAt10'], summary(rankedRuns[1]).testFilms.recallAt10);
    const markdownHeader = exportTable(rankedTable, 'markdown').split('\n')[0];
    assert.ok(
      markdownHeader.includes('| NDCG@10 among test films |') && markdownHeader.includes('| NDCG@10 among unrated films |'),
      markdownHeader,
    );
  });

  it('export keeps data text from breaking its format: pipes in Markdown, quotes and formulas in CSV', () => {
    const odd = [completedRun({ dataFolder: '/data/a|b "c", =HYPERLINK("x")' }), completedRun({ dataFolder: '/data/ml-100k' })];
    const oddTable = buildExperimentsTable(odd);
    const [header, first] = parseCsv(exportTable(oddTable, 'csv'));
    assert.equal(first[header.indexOf('data')], 'a|b "c", =HYPERLINK("x")');
    const [headerRow, , row] = exportTable(oddTable, 'markdown').split('\n');
    assert.equal(headerRow.split(/(?<!\\)\|/).length, row.split(/(?<!\\)\|/).length, 'the pipe in the folder name is escaped');
    const formula = buildExperimentsTable([completedRun({ dataFolder: '/data/=1+1' }), completedRun({ dataFolder: '/data/x' })]);
    const [formulaHeader, formulaRow] = parseCsv(exportTable(formula, 'csv'));
    assert.equal(formulaRow[formulaHeader.indexOf('data')], "'=1+1", 'a spreadsheet shows it as text');
  });
});
