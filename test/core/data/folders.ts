import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes files into a fresh temp folder; the tests generate every line (no MovieLens excerpts). */
export function writeFolder(files: Record<string, string | Buffer>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recommender-lab-data-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), content);
  return folder;
}

export function removeFolder(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
}

const GENRES = ['unknown', 'Action', 'Comedy'];

/** A tiny valid ml-100k folder: 3 users, 4 films, 3 genres, 6 ratings, split u1. */
export function tiny100k(): Record<string, string> {
  const flags = (genre: number): string => GENRES.map((_, index) => (index === genre ? '1' : '0')).join('|');
  return {
    'u.genre': GENRES.map((name, index) => `${name}|${index}`).join('\n') + '\n',
    'u.occupation': 'engineer\nartist\nnone\n',
    'u.user': ['7|30|F|engineer|12345', '3|41|M|artist|K2L3M', '5|19|F|none|90210'].join('\n') + '\n',
    'u.item':
      [
        `10|Alpha Film (1990)|01-Jan-1990||http://example.invalid/a|${flags(1)}`,
        `20|Beta Film (1991)|||http://example.invalid/b|${flags(2)}`,
        `30|unknown||||${flags(0)}`,
        `40|Gamma, Delta (1993)|15-Mar-1994|||${flags(1)}`,
      ].join('\n') + '\n',
    'u.data': ['7\t10\t5\t100', '7\t20\t3\t101', '3\t10\t4\t102', '3\t40\t1\t103', '5\t30\t2\t104', '5\t20\t4\t105'].join('\n') + '\n',
    'u1.base': ['7\t10\t5\t100', '3\t10\t4\t102', '5\t30\t2\t104', '5\t20\t4\t105'].join('\n') + '\n',
    'u1.test': ['7\t20\t3\t101', '3\t40\t1\t103'].join('\n') + '\n',
  };
}

const USERS_1M = ['4::M::25::12::55117', '2::F::56::0::K1A-0B1', '9::M::1::20::02139'];
const MOVIES_1M = ['5::Some Film (1999)::Comedy|Drama', '8::Other Film (2000)::Action', '6::No Year::Drama'];
const RATINGS_1M = ['4::5::5::978300760', '2::8::3::978302109', '9::6::1::978301968', '4::8::2::978300275'];

/** A tiny valid ml-1m folder: 3 users, 3 films, 4 ratings. */
export function tiny1m(): Record<string, string> {
  return {
    'users.dat': USERS_1M.join('\n') + '\n',
    'movies.dat': MOVIES_1M.join('\n') + '\n',
    'ratings.dat': RATINGS_1M.join('\n') + '\n',
  };
}

/** A tiny valid CSV-release folder: 3 users (from ratings.csv), 4 films, 5 ratings. */
export function tinyCsv(): Record<string, string> {
  return {
    'movies.csv':
      [
        'movieId,title,genres',
        '1,Plain Film (1995),Adventure|Comedy',
        '3,"Film, With Comma (1994)",Drama',
        '7,Other (2003),Drama',
        '9,Untitled,(no genres listed)',
      ].join('\n') + '\n',
    'ratings.csv':
      [
        'userId,movieId,rating,timestamp',
        '12,3,4.5,964982703',
        '5,1,0.5,964981247',
        '12,7,5.0,964982224',
        '5,9,3,964983815',
        '40,1,2.5,964982931',
      ].join('\n') + '\n',
  };
}

/** One entry of a folder as seen by lstat: kind and, for files and links, content or target. */
type Entry = string;

/**
 * Every entry of a folder tree (kind, bytes, link target), to check that loading wrote,
 * moved and deleted nothing. Never opens a FIFO or device (that could block).
 */
export function snapshot(folder: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const walk = (directory: string): void => {
    for (const name of fs.readdirSync(directory).sort()) {
      const file = path.join(directory, name);
      const stats = fs.lstatSync(file);
      const key = path.relative(folder, file);
      if (stats.isSymbolicLink()) entries.set(key, `link → ${fs.readlinkSync(file)}`);
      else if (stats.isDirectory()) {
        entries.set(key, 'folder');
        walk(file);
      } else if (stats.isFile()) entries.set(key, `file ${stats.size} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`);
      else entries.set(key, `special ${stats.mode}`);
    }
  };
  walk(folder);
  return entries;
}
