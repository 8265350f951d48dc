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
    'u.item': [
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
