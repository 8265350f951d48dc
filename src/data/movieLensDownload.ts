import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { hasZipSignature, readZipEntries, readZipEntry } from './zipReader';

/** Where GroupLens publishes MovieLens 100K (overridable by the recommenderLab.downloadUrl setting). */
export const MOVIELENS_100K_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

/** Largest inflated entry: the real u.data, the largest file, is 1.98 MB. */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;

/** Files a MovieLens 100K archive must hold for the engine to read it. */
export const MOVIELENS_100K_FILES: readonly string[] = ['u.data', 'u.item', 'u.user', 'u.genre', 'u.occupation'];

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes arrive; `total` is undefined when the server sends no length. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/**
 * Downloads the MovieLens 100K archive and unpacks it as `<parent>/ml-100k`. The archive goes to a
 * temporary file, is verified (ZIP signature, the expected files, CRC-32 of every entry), unpacked
 * into a staging folder and only then renamed into place: a failed, cut or cancelled download
 * leaves nothing behind. Returns the data folder.
 */
export async function downloadMovieLens(url: string, parent: string, options: DownloadOptions = {}): Promise<string> {
  await mkdir(parent, { recursive: true });
  const archive = join(parent, `.ml-100k-${randomUUID()}.zip.part`);
  try {
    await downloadFile(url, archive, options);
    return await unpackMovieLens(await readFile(archive), parent);
  } finally {
    await rm(archive, { force: true });
  }
}

/** Streams a URL to a file; a short body (fewer bytes than Content-Length) is an error. */
export async function downloadFile(url: string, file: string, options: DownloadOptions = {}): Promise<void> {
  const response = await fetch(url, { signal: options.signal, redirect: 'follow' });
  if (!response.ok || response.body === null) {
    throw new Error(`Download of ${url} failed: HTTP ${response.status} ${response.statusText}`);
  }
  const header = response.headers.get('content-length');
  const total = header === null ? undefined : Number(header);
  let received = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    options.onProgress?.(received, total);
  });
  try {
    await pipeline(body, createWriteStream(file), { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new Error('The download was cancelled.');
    throw new Error(`Download of ${url} was interrupted: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (total !== undefined && Number.isFinite(total) && received !== total) {
    throw new Error(`Download of ${url} was cut: ${received} of ${total} bytes.`);
  }
}

/**
 * Verifies a MovieLens 100K archive and unpacks it into `<parent>/<its folder>` (ml-100k when the
 * archive has no top folder). Refuses to overwrite an existing folder.
 */
export async function unpackMovieLens(archive: Buffer, parent: string): Promise<string> {
  if (!hasZipSignature(archive)) throw new Error('The downloaded file is not a ZIP archive.');
  const entries = readZipEntries(archive);
  const dataEntry = entries.find((entry) => entry.name === 'u.data' || entry.name.endsWith('/u.data'));
  if (dataEntry === undefined) throw new Error('The archive holds no u.data: it is not MovieLens 100K.');
  const root = dataEntry.name.slice(0, dataEntry.name.length - 'u.data'.length);
  const missing = MOVIELENS_100K_FILES.filter((name) => !entries.some((entry) => entry.name === root + name));
  if (missing.length > 0) throw new Error(`The archive lacks ${missing.join(', ')}: it is not MovieLens 100K.`);
  const folderName = root === '' ? 'ml-100k' : root.replace(/\/$/, '').split('/').pop() ?? 'ml-100k';
  const target = join(parent, folderName);
  if (await exists(target)) throw new Error(`${target} already exists; choose another folder or remove it.`);

  const staging = join(parent, `.ml-100k-staging-${randomUUID()}`);
  try {
    for (const entry of entries) {
      if (!entry.name.startsWith(root) || entry.name.endsWith('/')) continue;
      const file = join(staging, entry.name.slice(root.length));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, readZipEntry(archive, entry, MAX_ENTRY_BYTES));
    }
    await rename(staging, target);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
