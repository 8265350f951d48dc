import * as assert from 'node:assert/strict';
import { isDataError } from '../../../src/core/data/errors';
import { detectMovieLensFormat, loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { removeFolder, tiny100k, writeFolder } from './folders';

function withFolder<T>(files: Record<string, string | Buffer>, use: (folder: string) => T): T {
  const folder = writeFolder(files);
  try {
    return use(folder);
  } finally {
    removeFolder(folder);
  }
}

function errorFor(files: Record<string, string | Buffer>): string {
  return withFolder(files, (folder) => {
    try {
      loadMovieLens(folder);
    } catch (error) {
      assert.ok(isDataError(error), String(error));
      return error.message.slice(folder.length + 1);
    }
    return assert.fail('the folder loaded without an error');
  });
}

const USERS_1M = ['4::M::25::12::55117', '2::F::56::0::K1A-0B1', '9::M::1::20::02139'].join('\n') + '\n';
const MOVIES_1M = ['5::Some Caf\xe9: The Film (1999)::Comedy|Drama', '8::Other Film (2000)::Action', '6::No Year::Drama'].join('\n') + '\n';
const RATINGS_1M = ['4::5::5::978300760', '2::8::3::978302109', '9::6::1::978301968', '4::8::2::978300275'].join('\n') + '\n';

function files1m(changes: Record<string, string> = {}): Record<string, string | Buffer> {
  const texts: Record<string, string> = { 'users.dat': USERS_1M, 'movies.dat': MOVIES_1M, 'ratings.dat': RATINGS_1M, ...changes };
  const files: Record<string, Buffer> = {};
  for (const [name, text] of Object.entries(texts)) files[name] = Buffer.from(text, 'latin1');
  return files;
}

const MOVIES_CSV =
  [
    'movieId,title,genres',
    '1,Plain Film (1995),Adventure|Animation|Children',
    '3,"Film, With Comma, The (1994)",Comedy|Romance',
    '7,"A ""Quoted"" Film (2003) ",Drama',
    '9,Untitled,(no genres listed)',
    '11,Señor Película (2010),Comedy',
  ].join('\n') + '\n';
const RATINGS_CSV =
  [
    'userId,movieId,rating,timestamp',
    '12,3,4.5,964982703',
    '5,1,0.5,964981247',
    '12,7,5.0,964982224',
    '5,9,3,964983815',
    '40,11,2.5,964982931',
  ].join('\n') + '\n';

describe('ml-1m loader', () => {
  it('parses users.dat, movies.dat (latin-1) and ratings.dat', () => {
    withFolder(files1m(), (folder) => {
      assert.equal(detectMovieLensFormat(folder), 'ml-1m');
      const data = loadMovieLens(folder);
      assert.equal(data.format, 'ml-1m');
      assert.deepEqual(Array.from(data.users.rawId), [4, 2, 9]);
      const demographics = data.users.demographics;
      assert.ok(demographics);
      assert.deepEqual(Array.from(demographics.age), [25, 56, 1]);
      assert.deepEqual(Array.from(demographics.gender), [1, 2, 1]);
      assert.deepEqual(Array.from(demographics.occupation), [12, 0, 20]);
      assert.equal(demographics.occupations[12], 'programmer');
      assert.equal(demographics.occupations[20], 'writer');
      assert.equal(demographics.zip[1], 'K1A-0B1');
      assert.deepEqual(data.items.title, ['Some Café: The Film (1999)', 'Other Film (2000)', 'No Year']);
      assert.deepEqual(Array.from(data.items.year), [1999, 2000, 0]);
      assert.deepEqual(data.items.genreNames, ['Comedy', 'Drama', 'Action']);
      assert.deepEqual(Array.from(data.items.genreOffset), [0, 2, 3, 4]);
      assert.deepEqual(Array.from(data.items.genreIndex), [0, 1, 2, 1]);
      assert.deepEqual(Array.from(data.ratings.user), [0, 1, 2, 0]);
      assert.deepEqual(Array.from(data.ratings.item), [0, 1, 2, 1]);
      assert.deepEqual(Array.from(data.ratings.rating), [5, 3, 1, 2]);
      assert.equal(data.ratings.timestamp[0], 978300760);
      assert.deepEqual(data.ratingScale, { min: 1, max: 5 });
      assert.deepEqual(data.splits, []);
      assert.throws(() => loadSplit(data, 'u1'), /no split named 'u1': this folder has no canonical split files/);
    });
  });

  it('refuses bad lines with file:line', () => {
    assert.equal(
      errorFor(files1m({ 'ratings.dat': RATINGS_1M.replace('2::8::3::978302109', '2::8::3') })),
      "ratings.dat:2: expected 4 fields (user, film, rating, timestamp) separated by '::', found 3",
    );
    assert.equal(
      errorFor(files1m({ 'ratings.dat': RATINGS_1M.replace('9::6::1::', '9::6::4.5::') })),
      'ratings.dat:3: rating 4.5 is not a whole number (expected a whole number 1..5)',
    );
    assert.equal(
      errorFor(files1m({ 'ratings.dat': RATINGS_1M.replace('9::6::1::', '3::6::1::') })),
      'ratings.dat:3: user 3 is not in users.dat',
    );
    assert.equal(
      errorFor(files1m({ 'ratings.dat': RATINGS_1M.replace('9::6::1::', '9::66::1::') })),
      'ratings.dat:3: film 66 is not in movies.dat',
    );
    assert.equal(
      errorFor(files1m({ 'users.dat': USERS_1M.replace('::0::', '::21::') })),
      "users.dat:2: occupation '21' is not a code 0..20",
    );
    assert.equal(
      errorFor(files1m({ 'users.dat': USERS_1M + '2::M::18::3::12345\n' })),
      'users.dat:4: user id 2 appears twice (first on line 2)',
    );
    assert.equal(
      errorFor(files1m({ 'movies.dat': MOVIES_1M.replace('::Action', '') })),
      "movies.dat:2: expected 3 fields (MovieID::Title::Genres) separated by '::', found 2",
    );
    assert.equal(
      errorFor(files1m({ 'movies.dat': MOVIES_1M + '8::Again (2001)::War\n' })),
      'movies.dat:4: film id 8 appears twice (first on line 2)',
    );
    const noMovies = files1m();
    delete noMovies['movies.dat'];
    assert.equal(errorFor(noMovies), 'movies.dat: missing file movies.dat: the films (MovieID::Title::Genres) that ratings.dat refers to');
  });
});

describe('CSV release loader (latest / 20M / 25M / 32M)', () => {
  it('parses quoted titles, half stars and users from first appearance', () => {
    withFolder({ 'movies.csv': MOVIES_CSV, 'ratings.csv': RATINGS_CSV, 'tags.csv': 'not,even,read\n"', 'links.csv': '' }, (folder) => {
      assert.equal(detectMovieLensFormat(folder), 'ml-csv');
      const data = loadMovieLens(folder);
      assert.equal(data.format, 'ml-csv');
      assert.equal(data.users.demographics, null);
      assert.deepEqual(Array.from(data.users.rawId), [12, 5, 40]);
      assert.deepEqual(data.items.title, [
        'Plain Film (1995)',
        'Film, With Comma, The (1994)',
        'A "Quoted" Film (2003)',
        'Untitled',
        'Señor Película (2010)',
      ]);
      assert.deepEqual(Array.from(data.items.year), [1995, 1994, 2003, 0, 2010]);
      assert.deepEqual(data.items.genreNames, ['Adventure', 'Animation', 'Children', 'Comedy', 'Romance', 'Drama']);
      assert.deepEqual(Array.from(data.items.genreOffset), [0, 3, 5, 6, 6, 7]);
      assert.deepEqual(Array.from(data.ratings.user), [0, 1, 0, 1, 2]);
      assert.deepEqual(Array.from(data.ratings.item), [1, 0, 2, 3, 4]);
      assert.deepEqual(Array.from(data.ratings.rating), [4.5, 0.5, 5, 3, 2.5]);
      assert.deepEqual(data.ratingScale, { min: 0.5, max: 5 });
      assert.equal(data.userIndex.get(40), 2);
    });
  });

  it('refuses bad lines with file:line', () => {
    const bad = (ratings: string, movies = MOVIES_CSV): string => errorFor({ 'movies.csv': movies, 'ratings.csv': ratings });
    assert.equal(
      bad(RATINGS_CSV.replace('4.5', '4.25')),
      'ratings.csv:2: rating 4.25 is not a whole or half star (expected 0.5..5 in half stars)',
    );
    assert.equal(bad(RATINGS_CSV.replace('0.5', '0')), 'ratings.csv:3: rating 0 is out of range (expected 0.5..5 in half stars)');
    assert.equal(bad(RATINGS_CSV.replace('5.0', '5.5')), 'ratings.csv:4: rating 5.5 is out of range (expected 0.5..5 in half stars)');
    assert.equal(bad(RATINGS_CSV.replace('5.0', 'five')), "ratings.csv:4: rating 'five' is not a number");
    assert.equal(bad(RATINGS_CSV.replace('5.0', '5.')), "ratings.csv:4: rating '5.' is not a number");
    assert.equal(bad(RATINGS_CSV.replace('40,11,', '40,12,')), 'ratings.csv:6: film 12 is not in movies.csv');
    assert.equal(
      bad(RATINGS_CSV.replace('5,9,3,964983815', '5,9,3')),
      'ratings.csv:5: expected 4 fields (user, film, rating, timestamp) separated by commas, found 3',
    );
    assert.equal(
      bad(RATINGS_CSV.replace('userId,', 'user,')),
      "ratings.csv:1: expected the header 'userId,movieId,rating,timestamp', found 'user,movieId,rating,timestamp'",
    );
    assert.equal(
      bad(RATINGS_CSV, MOVIES_CSV.replace('9,Untitled,', '9,Untitled,x,')),
      'movies.csv:5: expected 3 fields (movieId,title,genres) separated by commas, found 4',
    );
    assert.equal(
      bad(RATINGS_CSV, MOVIES_CSV.replace('"Film, With', '"Film, With"x')),
      'movies.csv:3: unexpected text after the closing quote at column 15',
    );
    assert.equal(
      bad(RATINGS_CSV, MOVIES_CSV.replace(' (2003) ",', ' (2003) ,')),
      'movies.csv:4: unterminated quoted field starting at column 3',
    );
    assert.equal(bad(RATINGS_CSV, MOVIES_CSV + '3,Again (1990),Drama\n'), 'movies.csv:7: film id 3 appears twice (first on line 3)');
    assert.equal(
      errorFor({ 'ratings.csv': RATINGS_CSV }),
      'movies.csv: missing file movies.csv: the films (movieId,title,genres) that ratings.csv refers to',
    );
  });

  it('accepts CRLF, a BOM and trailing blank lines', () => {
    const crlf = (text: string): string => '\ufeff' + text.replace(/\n/g, '\r\n') + '\r\n\r\n';
    withFolder({ 'movies.csv': crlf(MOVIES_CSV), 'ratings.csv': crlf(RATINGS_CSV) }, (folder) => {
      const data = loadMovieLens(folder);
      assert.equal(data.ratings.length, 5);
      assert.equal(data.items.title[2], 'A "Quoted" Film (2003)');
      assert.equal(data.items.genreOffset[5], 7);
    });
  });
});

describe('detectMovieLensFormat', () => {
  it('looks at file names only', () => {
    withFolder(tiny100k(), (folder) => assert.equal(detectMovieLensFormat(folder), 'ml-100k'));
    withFolder({ 'ratings.csv': 'garbage' }, (folder) => assert.equal(detectMovieLensFormat(folder), 'ml-csv'));
    withFolder({ README: 'x' }, (folder) => assert.equal(detectMovieLensFormat(folder), undefined));
    assert.equal(detectMovieLensFormat('/nonexistent/recommender-lab/folder'), undefined);
  });
});
