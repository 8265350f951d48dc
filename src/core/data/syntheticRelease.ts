import * as fs from 'node:fs';
import * as path from 'node:path';
import { AsciiWriter } from './asciiWriter';
import { OCCUPATIONS_1M } from './load1m';
import { BASE_GENRES, GENRES_100K } from './genres';
import { drawPopulation, drawRatings, populationSizes, type Population } from './syntheticPopulation';

/** Which release's files to write: ml-25m-style CSV, ml-1m or ml-100k. */
export type SyntheticFormat = 'csv' | '1m' | '100k';
export const SYNTHETIC_FORMATS: readonly SyntheticFormat[] = ['csv', '1m', '100k'];

export interface SyntheticReleaseOptions {
  /** Exactly this many ratings. */
  readonly ratings: number;
  readonly format?: SyntheticFormat;
  /** Default: ml-25m's ratio (one user per 154 ratings). */
  readonly users?: number;
  /** Default: growing like MovieLens's film counts (1 700 at 100K ratings, ~58 000 at 25M). */
  readonly items?: number;
  readonly seed?: number;
}

export interface SyntheticReleaseSummary {
  readonly format: SyntheticFormat;
  readonly users: number;
  readonly items: number;
  readonly ratings: number;
  /** The files written, in order, and their total size. */
  readonly files: readonly string[];
  readonly bytes: number;
}

const FILES: Readonly<Record<SyntheticFormat, readonly string[]>> = {
  csv: ['movies.csv', 'ratings.csv'],
  '1m': ['users.dat', 'movies.dat', 'ratings.dat'],
  '100k': ['u.genre', 'u.occupation', 'u.user', 'u.item', 'u.data', 'u.info'],
};
/** ml-100k's occupations, in u.occupation order. */
const OCCUPATIONS_100K = [
  'administrator',
  'artist',
  'doctor',
  'educator',
  'engineer',
  'entertainment',
  'executive',
  'healthcare',
  'homemaker',
  'lawyer',
  'librarian',
  'marketing',
  'none',
  'other',
  'programmer',
  'retired',
  'salesman',
  'scientist',
  'student',
  'technician',
  'writer',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Writes a MovieLens-format folder of `ratings` ratings drawn from a MovieLens-like population
 * (see syntheticPopulation.ts), streaming every file through a 1 MiB buffer: any size, memory in
 * the users and films only. Same options, same bytes. Creates the folder; never overwrites a file.
 */
export function writeSyntheticRelease(folder: string, options: SyntheticReleaseOptions): SyntheticReleaseSummary {
  const format = options.format ?? 'csv';
  if (!SYNTHETIC_FORMATS.includes(format)) throw new RangeError(`format must be one of ${SYNTHETIC_FORMATS.join(', ')}, got '${format}'`);
  const seed = options.seed ?? 1;
  const sizes = populationSizes(options.ratings);
  const population = drawPopulation(options.ratings, options.users ?? sizes.users, options.items ?? sizes.items, seed);
  fs.mkdirSync(folder, { recursive: true });
  const present = FILES[format].filter((name) => fs.existsSync(path.join(folder, name)));
  if (present.length > 0) throw new Error(`${folder} already holds ${present.join(', ')}: the generator never overwrites files`);
  let bytes = 0;
  const write = (name: string, fill: (writer: AsciiWriter) => void): void => {
    const writer = new AsciiWriter(path.join(folder, name));
    try {
      fill(writer);
    } finally {
      writer.close();
    }
    bytes += writer.written;
  };
  if (format === 'csv') writeCsv(population, seed, write);
  else if (format === '1m') write1m(population, seed, write);
  else write100k(population, seed, write);
  return { format, users: population.userCount, items: population.itemCount, ratings: options.ratings, files: FILES[format], bytes };
}

type Write = (name: string, fill: (writer: AsciiWriter) => void) => void;

function writeCsv(population: Population, seed: number, write: Write): void {
  write('movies.csv', (out) => {
    out.text('movieId,title,genres\n');
    for (let item = 0; item < population.itemCount; item++) {
      const id = population.itemRawId[item];
      // Some titles need CSV quoting, as in the real files ("American President, The (1995)").
      const title =
        id % 9 === 0
          ? `"Synthetic Film ${id}, The (${population.year[item]})"`
          : id % 31 === 0
            ? `"The ""Quoted"" Film ${id} (${population.year[item]})"`
            : `Synthetic Film ${id} (${population.year[item]})`;
      const names = genreNames(population, item).map((name) => (name === "Children's" ? 'Children' : name));
      out
        .integer(id)
        .byte(44)
        .text(title)
        .byte(44)
        .text(names.length > 0 ? names.join('|') : '(no genres listed)')
        .byte(10);
    }
  });
  write('ratings.csv', (out) => {
    out.text('userId,movieId,rating,timestamp\n');
    drawRatings(population, seed, true, (user, item, halfStars, timestamp) => {
      out
        .integer(user + 1)
        .byte(44)
        .integer(population.itemRawId[item])
        .byte(44);
      out
        .integer(halfStars >> 1)
        .byte(46)
        .byte(halfStars & 1 ? 53 : 48)
        .byte(44)
        .integer(timestamp)
        .byte(10);
    });
  });
}

function write1m(population: Population, seed: number, write: Write): void {
  write('users.dat', (out) => {
    for (let user = 0; user < population.userCount; user++) {
      out
        .integer(user + 1)
        .text('::')
        .text(population.female[user] ? 'F' : 'M')
        .text('::')
        .integer(ageGroup1m(population.age[user]));
      out
        .text('::')
        .integer(population.occupation[user] % OCCUPATIONS_1M.length)
        .text('::')
        .text(zipText(population.zip[user]))
        .byte(10);
    }
  });
  write('movies.dat', (out) => {
    for (let item = 0; item < population.itemCount; item++) {
      const names = genreNames(population, item);
      out.integer(population.itemRawId[item]).text(`::Synthetic Film ${population.itemRawId[item]} (${population.year[item]})::`, 'latin1');
      out.text(names.length > 0 ? names.join('|') : 'Drama', 'latin1').byte(10);
    }
  });
  write('ratings.dat', (out) => {
    drawRatings(population, seed, false, (user, item, halfStars, timestamp) => {
      out
        .integer(user + 1)
        .text('::')
        .integer(population.itemRawId[item])
        .text('::')
        .integer(halfStars >> 1)
        .text('::')
        .integer(timestamp)
        .byte(10);
    });
  });
}

function write100k(population: Population, seed: number, write: Write): void {
  write('u.genre', (out) => out.text(GENRES_100K.map((name, index) => `${name}|${index}\n`).join('') + '\n'));
  write('u.occupation', (out) => out.text(OCCUPATIONS_100K.map((name) => `${name}\n`).join('')));
  write('u.user', (out) => {
    for (let user = 0; user < population.userCount; user++) {
      out
        .integer(user + 1)
        .byte(124)
        .integer(population.age[user])
        .byte(124)
        .text(population.female[user] ? 'F' : 'M');
      out.byte(124).text(OCCUPATIONS_100K[population.occupation[user]]).byte(124).text(zipText(population.zip[user])).byte(10);
    }
  });
  write('u.item', (out) => {
    for (let item = 0; item < population.itemCount; item++) {
      const id = population.itemRawId[item];
      const year = population.year[item];
      const flags = new Array<string>(GENRES_100K.length).fill('0');
      const names = genreNames(population, item);
      if (names.length === 0) flags[0] = '1';
      for (const name of names) flags[GENRES_100K.indexOf(name)] = '1';
      const date = `${String(1 + (id % 28)).padStart(2, '0')}-${MONTHS[id % 12]}-${year}`;
      out.text(`${id}|Synthetic Film ${id} (${year})|${date}||http://example.invalid/film/${id}|${flags.join('|')}\n`, 'latin1');
    }
  });
  let count = 0;
  write('u.data', (out) => {
    drawRatings(population, seed, false, (user, item, halfStars, timestamp) => {
      out
        .integer(user + 1)
        .byte(9)
        .integer(population.itemRawId[item])
        .byte(9)
        .integer(halfStars >> 1)
        .byte(9)
        .integer(timestamp)
        .byte(10);
      count++;
    });
  });
  write('u.info', (out) => out.text(`${population.userCount} users\n${population.itemCount} items\n${count} ratings\n`));
}

function genreNames(population: Population, item: number): string[] {
  const names: string[] = [];
  for (let entry = population.genreOffset[item]; entry < population.genreOffset[item + 1]; entry++) {
    names.push(BASE_GENRES[population.genreIndex[entry]]);
  }
  return names;
}

/** ml-1m's age groups: 1 (under 18), 18, 25, 35, 45, 50, 56 (56+). */
function ageGroup1m(age: number): number {
  const groups = [56, 50, 45, 35, 25, 18];
  for (const group of groups) if (age >= group) return group;
  return 1;
}

function zipText(zip: number): string {
  return String(zip).padStart(5, '0');
}
