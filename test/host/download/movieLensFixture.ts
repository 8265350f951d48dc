import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { removeFolder, syntheticFolder } from '../../worker/workerHarness';
import { makeZip } from './zipFixture';

/** The files of a small synthetic ml-100k folder (u.data … u.info, u1..u5 and ua/ub splits), by name. */
export function syntheticMovieLensFiles(): ReadonlyMap<string, Buffer> {
  cached ??= writeAndRead();
  return cached;
}

let cached: ReadonlyMap<string, Buffer> | undefined;

function writeAndRead(): ReadonlyMap<string, Buffer> {
  const folder = syntheticFolder({ users: 30, items: 20, ratingsPerUser: 5 });
  try {
    return new Map(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name))]));
  } finally {
    removeFolder(folder);
  }
}

/** Those files zipped under `top` (e.g. 'ml-100k/', as GroupLens packs them, or '' for none), plus extras. */
export function movieLensZip(top: string, extras: ReadonlyMap<string, Buffer | string> = new Map()): Buffer {
  const files = new Map<string, Buffer | string>();
  for (const [name, content] of syntheticMovieLensFiles()) files.set(`${top}${name}`, content);
  for (const [name, content] of extras) files.set(name, content);
  return makeZip(files);
}
