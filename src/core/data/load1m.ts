import { DataError } from './errors';
import { readTextLines } from './lines';
import { LAYOUT_1M, readRatingsFile } from './ratingsFile';
import { ItemsBuilder, UsersBuilder, parseGender, parseWhole, requireFile, splitFields, titleYear } from './tables';
import type { LoadOptions, MovieLensData } from './types';

/** Occupation codes 0..20 of users.dat, as named in the ml-1m README. */
export const OCCUPATIONS_1M: readonly string[] = [
  'other or not specified',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'K-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
];

/** Loads an ml-1m folder: ratings.dat, users.dat, movies.dat ('::' separated, latin-1). */
export function load1m(folder: string, options: LoadOptions = {}): MovieLensData {
  const ratingsFile = requireFile(folder, 'ratings.dat', 'the ratings (UserID::MovieID::Rating::Timestamp)');
  const usersFile = requireFile(folder, 'users.dat', 'the users (UserID::Gender::Age::Occupation::Zip-code) that ratings.dat refers to');
  const itemsFile = requireFile(folder, 'movies.dat', 'the films (MovieID::Title::Genres) that ratings.dat refers to');

  const users = new UsersBuilder(usersFile);
  readTextLines(usersFile, 'latin1', (text, line) => {
    const fields = splitFields(text, '::', 5, 'UserID::Gender::Age::Occupation::Zip-code', usersFile, line);
    const rawId = parseWhole(fields[0]);
    if (rawId < 0) throw new DataError(usersFile, line, `user id '${fields[0]}' is not a whole number`);
    const gender = parseGender(fields[1]);
    if (gender === undefined) throw new DataError(usersFile, line, `gender '${fields[1]}' is not M or F`);
    const age = parseWhole(fields[2]);
    if (age < 0 || age > 150) throw new DataError(usersFile, line, `age group '${fields[2]}' is not a whole number`);
    const occupation = parseWhole(fields[3]);
    if (occupation < 0 || occupation >= OCCUPATIONS_1M.length) {
      throw new DataError(usersFile, line, `occupation '${fields[3]}' is not a code 0..${OCCUPATIONS_1M.length - 1}`);
    }
    users.add(rawId, line, age, gender, occupation, fields[4].trim());
  });

  const items = new ItemsBuilder(itemsFile);
  const genreNames: string[] = [];
  const genreIndex = new Map<string, number>();
  readTextLines(itemsFile, 'latin1', (text, line) => {
    const fields = splitFields(text, '::', 3, 'MovieID::Title::Genres', itemsFile, line);
    const rawId = parseWhole(fields[0]);
    if (rawId < 0) throw new DataError(itemsFile, line, `film id '${fields[0]}' is not a whole number`);
    const title = fields[1].trim();
    items.add(rawId, line, title, titleYear(title), parseGenres(fields[2], genreNames, genreIndex));
  });

  const { ratings, notes } = readRatingsFile(
    ratingsFile,
    LAYOUT_1M,
    { users: users.ids, addUnknownUsers: false, usersFile, items: items.ids, itemsFile },
    'nothing to train on or test',
    options,
  );
  return {
    format: 'ml-1m',
    folder,
    ratingsFile,
    itemsFile,
    users: users.finish(OCCUPATIONS_1M),
    items: items.finish(genreNames),
    ratings,
    ratingScale: { min: 1, max: 5 },
    splits: [],
    userIndex: users.ids.toMap(),
    itemIndex: items.ids.toMap(),
    notes,
  };
}

/** "Action|Comedy" → genre indices, naming new genres in order of first appearance. */
export function parseGenres(text: string, names: string[], index: Map<string, number>): number[] {
  const genres: number[] = [];
  for (const part of text.split('|')) {
    const name = part.trim();
    if (name === '' || name === '(no genres listed)') continue;
    let genre = index.get(name);
    if (genre === undefined) {
      genre = names.length;
      names.push(name);
      index.set(name, genre);
    }
    if (!genres.includes(genre)) genres.push(genre);
  }
  return genres;
}
