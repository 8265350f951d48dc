import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMovieLens } from '../../../src/core/data/load';
import { writeSyntheticRelease, type SyntheticFormat } from '../../../src/core/data/syntheticRelease';
import type { MovieLensData } from '../../../src/core/data/types';
import { removeFolder, snapshot, writeFolder } from './folders';

const FIRST_TIMESTAMP = Date.UTC(1995, 0, 9) / 1000;
const LAST_TIMESTAMP = Date.UTC(2019, 10, 22) / 1000;

function countsPer(column: Int32Array, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (const index of column) counts[index]++;
  return counts.sort((a, b) => a - b);
}

const median = (sorted: readonly number[]): number => sorted[sorted.length >> 1];

describe('synthetic MovieLens releases at any size', () => {
  const folders = new Map<SyntheticFormat, string>();
  const loaded = new Map<SyntheticFormat, MovieLensData>();
  const RATINGS = 60_000;
  before(() => {
    for (const format of ['csv', '1m', '100k'] as const) {
      const folder = writeFolder({});
      writeSyntheticRelease(folder, { ratings: RATINGS, format, seed: 7 });
      folders.set(format, folder);
      loaded.set(format, loadMovieLens(folder));
    }
  });
  after(() => folders.forEach((folder) => removeFolder(folder)));

  it('parses with the real loaders: exactly the requested ratings, no repeated pairs, every id known', () => {
    const expected = { csv: 'ml-csv', '1m': 'ml-1m', '100k': 'ml-100k' } as const;
    for (const [format, data] of loaded) {
      assert.equal(data.format, expected[format]);
      assert.equal(data.ratings.length, RATINGS, format);
      assert.deepEqual(data.notes, [], `${format}: no re-ratings`);
      assert.ok(data.users.count >= 300 && data.items.count >= 1000, `${format}: ${data.users.count} users, ${data.items.count} films`);
    }
    assert.equal(loaded.get('csv')?.users.demographics, null);
    const demographics = loaded.get('1m')?.users.demographics;
    assert.ok(demographics);
    assert.ok(Array.from(demographics.age).every((age) => [1, 18, 25, 35, 45, 50, 56].includes(age)));
    assert.ok(new Set(demographics.occupation).size > 15);
    assert.ok(loaded.get('100k')?.users.demographics?.occupations.includes('programmer'));
  });

  it('has half stars in the CSV format only, whole stars the more common, a mean near MovieLens (3.53)', () => {
    for (const [format, data] of loaded) {
      const histogram = new Map<number, number>();
      let sum = 0;
      for (const rating of data.ratings.rating) {
        histogram.set(rating, (histogram.get(rating) ?? 0) + 1);
        sum += rating;
      }
      const mean = sum / data.ratings.length;
      assert.ok(mean > 3.35 && mean < 3.75, `${format}: mean ${mean}`);
      const mode = [...histogram].sort((a, b) => b[1] - a[1])[0][0];
      assert.equal(mode, 4, `${format}: most common rating`);
      const halves = [0.5, 1.5, 2.5, 3.5, 4.5];
      const halfCount = halves.reduce((total, value) => total + (histogram.get(value) ?? 0), 0);
      if (format === 'csv') {
        for (let stars = 1; stars <= 10; stars++) assert.ok((histogram.get(stars / 2) ?? 0) > 0, `csv: no rating ${stars / 2}`);
        assert.ok(halfCount > 0.15 * data.ratings.length && halfCount < 0.5 * data.ratings.length, `csv: ${halfCount} half stars`);
      } else {
        assert.equal(halfCount, 0, format);
        assert.equal(histogram.size, 5, `${format}: all of 1..5`);
      }
    }
  });

  it('has long-tailed activity (≥ 20 ratings a user) and film popularity', () => {
    const data = loaded.get('csv') as MovieLensData;
    const users = countsPer(data.ratings.user, data.users.count);
    assert.ok(users[0] >= 20, `least active user: ${users[0]}`);
    assert.ok(users[users.length - 1] > 5 * median(users), `most active ${users[users.length - 1]}, median ${median(users)}`);
    assert.ok(RATINGS / data.users.count > 1.3 * median(users), 'mean activity well above the median');
    const films = countsPer(data.ratings.item, data.items.count);
    const topTenth = films.slice(Math.floor(films.length * 0.9)).reduce((total, count) => total + count, 0);
    assert.ok(topTenth > 0.3 * RATINGS, `top 10% of films hold ${topTenth} of ${RATINGS} ratings`);
    assert.ok(median(films) < 0.7 * (RATINGS / data.items.count), `median film ${median(films)}`);
  });

  it('has timestamps from 1995 to 2019 in sessions, genres and years, and ratings ordered by user then film', () => {
    const data = loaded.get('csv') as MovieLensData;
    const { user, item, timestamp } = data.ratings;
    assert.ok(timestamp.every((seconds) => seconds >= FIRST_TIMESTAMP && seconds <= LAST_TIMESTAMP));
    assert.ok(new Set(timestamp).size > 0.9 * RATINGS, 'timestamps are mostly distinct');
    // Rated in bursts, as MovieLens users do (ml-100k: 0.025 (user, day) pairs per rating), not a day per rating.
    const userDays = new Set<number>();
    for (let row = 0; row < data.ratings.length; row++) userDays.add(user[row] * 100_000 + Math.floor(timestamp[row] / 86_400));
    const perRating = userDays.size / RATINGS;
    assert.ok(perRating > 0.01 && perRating < 0.08, `${userDays.size} (user, day) pairs for ${RATINGS} ratings`);
    for (let row = 1; row < data.ratings.length; row++) {
      const ordered =
        user[row] > user[row - 1] || (user[row] === user[row - 1] && data.items.rawId[item[row]] > data.items.rawId[item[row - 1]]);
      assert.ok(ordered, `row ${row} out of order`);
    }
    assert.ok(data.items.genreNames.length >= 17, data.items.genreNames.join(','));
    assert.ok(data.items.genreNames.includes('Children') && !data.items.genreNames.includes("Children's"));
    let noGenre = 0;
    for (let film = 0; film < data.items.count; film++) if (data.items.genreOffset[film + 1] === data.items.genreOffset[film]) noGenre++;
    assert.ok(noGenre > 0 && noGenre < 0.05 * data.items.count, `${noGenre} films without genres`);
    assert.ok(new Set(data.items.year).size > 50);
    assert.ok(data.items.title.some((title) => title.includes(', The (')) && data.items.title.some((title) => title.includes('"Quoted"')));
  });

  it('is seeded: same seed, same bytes; another seed, other ratings', () => {
    const again = writeFolder({});
    const other = writeFolder({});
    try {
      writeSyntheticRelease(again, { ratings: RATINGS, format: 'csv', seed: 7 });
      writeSyntheticRelease(other, { ratings: RATINGS, format: 'csv', seed: 8 });
      const read = (folder: string): Buffer => fs.readFileSync(path.join(folder, 'ratings.csv'));
      assert.ok(read(again).equals(read(folders.get('csv') as string)));
      assert.ok(!read(other).equals(read(again)));
    } finally {
      removeFolder(again);
      removeFolder(other);
    }
  });

  it('never overwrites a file', () => {
    const folder = folders.get('1m') as string;
    const before = snapshot(folder);
    assert.throws(() => writeSyntheticRelease(folder, { ratings: 100, format: '1m' }), {
      message: `${folder} already holds users.dat, movies.dat, ratings.dat: the generator never overwrites files`,
    });
    assert.deepEqual(snapshot(folder), before);
  });

  it('honours users and films when given, and tiny sizes', () => {
    const folder = writeFolder({});
    try {
      const summary = writeSyntheticRelease(folder, { ratings: 50, users: 5, items: 40, format: '100k', seed: 2 });
      assert.deepEqual([summary.users, summary.items, summary.ratings], [5, 40, 50]);
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 50);
      assert.equal(data.users.count, 5);
    } finally {
      removeFolder(folder);
    }
  });

  it('npm run synth (src/cli/synth.ts) writes a folder and refuses to write over it', () => {
    const parent = writeFolder({});
    const out = path.join(parent, 'ml-synthetic');
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const synth = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(repoRoot, 'src', 'cli', 'synth.ts'), ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    try {
      const run = synth('--ratings', '3000', '--out', out, '--format', 'csv', '--seed', '4');
      assert.equal(run.status, 0, run.stderr);
      assert.match(
        run.stdout,
        /^.*ml-synthetic: 3000 ratings, \d+ users, \d+ films \(csv: movies\.csv, ratings\.csv; 0\.\d MB\) in \d+\.\d s\n$/,
      );
      assert.equal(loadMovieLens(out).ratings.length, 3000);
      const again = synth('--ratings', '3000', '--out', out);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /already holds movies\.csv, ratings\.csv: the generator never overwrites files/);
      assert.equal(synth('--ratings', 'many', '--out', out).status, 1);
      assert.equal(synth('--rating', '5').status, 2);
    } finally {
      removeFolder(parent);
    }
  });
});
