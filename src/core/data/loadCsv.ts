import { IdIndex } from './columns';
import { DataError } from './errors';
import { readTextLines } from './lines';
import { parseGenres } from './load1m';
import { LAYOUT_CSV, clip, readRatingsFile } from './ratingsFile';
import { ItemsBuilder, parseWhole, requireFile, titleYear } from './tables';
import type { LoadOptions, MovieLensData } from './types';

const MOVIES_HEADER = 'movieId,title,genres';

/**
 * Loads a CSV release (latest, 20M, 25M, 32M): ratings.csv and movies.csv, both with a header.
 * There is no users file: users are numbered in order of first appearance in ratings.csv and
 * have no demographics. tags.csv, links.csv and genome files are ignored.
 */
export function loadCsv(folder: string, options: LoadOptions = {}): MovieLensData {
  const ratingsFile = requireFile(folder, 'ratings.csv', 'the ratings (userId,movieId,rating,timestamp)');
  const itemsFile = requireFile(folder, 'movies.csv', 'the films (movieId,title,genres) that ratings.csv refers to');

  const items = new ItemsBuilder(itemsFile);
  const genreNames: string[] = [];
  const genreIndex = new Map<string, number>();
  let seenHeader = false;
  readTextLines(itemsFile, 'utf8', (text, line) => {
    if (!seenHeader) {
      seenHeader = true;
      if (text.trim() !== MOVIES_HEADER) {
        throw new DataError(itemsFile, line, `expected the header '${MOVIES_HEADER}', found '${clip(text.trim())}'`);
      }
      return;
    }
    const fields = splitCsvLine(text, itemsFile, line);
    if (fields.length !== 3) {
      throw new DataError(itemsFile, line, `expected 3 fields (movieId,title,genres) separated by commas, found ${fields.length}`);
    }
    const rawId = parseWhole(fields[0].trim());
    if (rawId < 0) throw new DataError(itemsFile, line, `film id '${clip(fields[0])}' is not a whole number`);
    const title = fields[1].trim();
    items.add(rawId, line, title, titleYear(title), parseGenres(fields[2], genreNames, genreIndex));
  });

  const users = new IdIndex();
  const { ratings, notes } = readRatingsFile(
    ratingsFile,
    LAYOUT_CSV,
    { users, addUnknownUsers: true, usersFile: ratingsFile, items: items.ids, itemsFile },
    'nothing to train on or test',
    options,
  );
  return {
    format: 'ml-csv',
    folder,
    ratingsFile,
    itemsFile,
    users: { count: users.count, rawId: users.rawIds(), demographics: null },
    items: items.finish(genreNames),
    ratings,
    ratingScale: { min: 0.5, max: 5 },
    splits: [],
    userIndex: users.toMap(),
    itemIndex: items.ids.toMap(),
    notes,
  };
}

/** One RFC 4180 line: fields may be quoted, with `""` for a quote inside; no line breaks inside. */
export function splitCsvLine(text: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let position = 0;
  for (;;) {
    if (text[position] === '"') {
      let value = '';
      let cursor = position + 1;
      for (;;) {
        const quote = text.indexOf('"', cursor);
        if (quote < 0) throw new DataError(file, line, `unterminated quoted field starting at column ${position + 1}`);
        value += text.slice(cursor, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          cursor = quote + 2;
          continue;
        }
        cursor = quote + 1;
        break;
      }
      if (cursor < text.length && text[cursor] !== ',') {
        throw new DataError(file, line, `unexpected text after the closing quote at column ${cursor + 1}`);
      }
      fields.push(value);
      if (cursor >= text.length) return fields;
      position = cursor + 1;
    } else {
      const comma = text.indexOf(',', position);
      if (comma < 0) {
        fields.push(text.slice(position));
        return fields;
      }
      fields.push(text.slice(position, comma));
      position = comma + 1;
    }
  }
}
