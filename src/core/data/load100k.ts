import * as path from 'node:path';
import { DataError } from './errors';
import { readTextLines } from './lines';
import { LAYOUT_100K, readRatingsFile } from './ratingsFile';
import { ItemsBuilder, UsersBuilder, exists, optionalFile, parseGender, parseWhole, requireFile, splitFields, titleYear } from './tables';
import type { Items, LoadOptions, MovieLensData, SplitFiles, Users } from './types';
import { GENRES_100K } from './genres';

const SPLIT_NAMES = ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Loads an ml-100k folder: u.data, u.user, u.item (+ u.genre, u.occupation when present). */
export function load100k(folder: string, options: LoadOptions = {}): MovieLensData {
  const ratingsFile = requireFile(folder, 'u.data', 'the ratings (user, film, rating, timestamp)');
  const usersFile = requireFile(folder, 'u.user', 'the users (id|age|gender|occupation|zip) that u.data refers to');
  const itemsFile = requireFile(folder, 'u.item', 'the films (id|title|release date|…|genre flags) that u.data refers to');
  const genreNames = readGenres(folder);
  const users = readUsers(usersFile, readOccupations(folder));
  const items = readItems(itemsFile, genreNames);
  const { ratings, notes } = readRatingsFile(
    ratingsFile,
    LAYOUT_100K,
    { users: users.ids, addUnknownUsers: false, usersFile, items: items.ids, itemsFile },
    'nothing to train on or test',
    options,
  );
  return {
    format: 'ml-100k',
    folder,
    ratingsFile,
    itemsFile,
    users: users.table,
    items: items.table,
    ratings,
    ratingScale: { min: 1, max: 5 },
    splits: findSplits(folder),
    userIndex: users.ids.toMap(),
    itemIndex: items.ids.toMap(),
    notes,
  };
}

/**
 * The canonical splits whose .base and .test are both present. Something that is not a file
 * under one of those names still counts: reading the split then says what it is.
 */
export function findSplits(folder: string): SplitFiles[] {
  const splits: SplitFiles[] = [];
  for (const name of SPLIT_NAMES) {
    const trainFile = path.join(folder, `${name}.base`);
    const testFile = path.join(folder, `${name}.test`);
    if (exists(trainFile) && exists(testFile)) splits.push({ name, trainFile, testFile });
  }
  return splits;
}

function readGenres(folder: string): string[] {
  const file = path.join(folder, 'u.genre');
  if (!optionalFile(file)) return [...GENRES_100K];
  const names: string[] = [];
  readTextLines(file, 'latin1', (text, line) => {
    const [name, indexText] = splitFields(text, '|', 2, 'name|index', file, line);
    const index = parseWhole(indexText.trim());
    if (index !== names.length) {
      throw new DataError(file, line, `genre index '${indexText}' should be ${names.length} (genres are numbered from 0 in order)`);
    }
    names.push(name.trim());
  });
  if (names.length === 0) throw new DataError(file, 0, 'no genres: u.genre is empty');
  return names;
}

/** u.occupation's names, or null when the file is absent (names then come from u.user). */
function readOccupations(folder: string): string[] | null {
  const file = path.join(folder, 'u.occupation');
  if (!optionalFile(file)) return null;
  const names: string[] = [];
  readTextLines(file, 'latin1', (text) => {
    names.push(text.trim());
  });
  return names;
}

function readUsers(file: string, listed: string[] | null): { ids: UsersBuilder['ids']; table: Users } {
  const builder = new UsersBuilder(file);
  const occupations = listed ?? [];
  const occupationIndex = new Map(occupations.map((name, index) => [name, index]));
  readTextLines(file, 'latin1', (text, line) => {
    const fields = splitFields(text, '|', 5, 'id|age|gender|occupation|zip', file, line);
    const rawId = parseWhole(fields[0]);
    if (rawId < 0) throw new DataError(file, line, `user id '${fields[0]}' is not a whole number`);
    const age = parseWhole(fields[1]);
    if (age < 0 || age > 150) throw new DataError(file, line, `age '${fields[1]}' is not a whole number of years`);
    const gender = parseGender(fields[2]);
    if (gender === undefined) throw new DataError(file, line, `gender '${fields[2]}' is not M or F`);
    const occupationName = fields[3].trim();
    let occupation = occupationIndex.get(occupationName);
    if (occupation === undefined) {
      if (listed !== null) throw new DataError(file, line, `occupation '${occupationName}' is not listed in u.occupation`);
      occupation = occupations.length;
      occupations.push(occupationName);
      occupationIndex.set(occupationName, occupation);
    }
    builder.add(rawId, line, age, gender, occupation, fields[4].trim());
  });
  return { ids: builder.ids, table: builder.finish(occupations) };
}

function readItems(file: string, genreNames: readonly string[]): { ids: ItemsBuilder['ids']; table: Items } {
  const builder = new ItemsBuilder(file);
  const fieldCount = 5 + genreNames.length;
  const layout = `id|title|release date|video release date|IMDb URL|${genreNames.length} genre flags`;
  const genres: number[] = [];
  readTextLines(file, 'latin1', (text, line) => {
    const fields = splitFields(text, '|', fieldCount, layout, file, line);
    const rawId = parseWhole(fields[0]);
    if (rawId < 0) throw new DataError(file, line, `film id '${fields[0]}' is not a whole number`);
    const title = fields[1].trim();
    const releaseYear = parseReleaseYear(fields[2].trim());
    if (releaseYear < 0) throw new DataError(file, line, `release date '${fields[2]}' is not a date like 01-Jan-1995`);
    genres.length = 0;
    for (let genre = 0; genre < genreNames.length; genre++) {
      const flag = fields[5 + genre].trim();
      if (flag === '1') genres.push(genre);
      else if (flag !== '0') {
        throw new DataError(file, line, `genre flag ${genre + 1} (${genreNames[genre]}) is '${flag}', not 0 or 1`);
      }
    }
    builder.add(rawId, line, title, releaseYear || titleYear(title), genres);
  });
  return { ids: builder.ids, table: builder.finish(genreNames) };
}

/** "01-Jan-1995" → 1995; "" → 0; anything else → -1. */
function parseReleaseYear(text: string): number {
  if (text === '') return 0;
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match || !MONTHS.includes(match[2].toLowerCase())) return -1;
  return Number(match[3]);
}
