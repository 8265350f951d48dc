import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { MAX_ENTRY_BYTES, MOVIELENS_100K_FOLDER, planMovieLensExtraction } from './movieLensArchive';
import { hasZipSignature, readZipEntries, readZipEntry, ZipError } from './zipReader';

/** Where GroupLens publishes MovieLens 100K (overridable by the recommenderLab.downloadUrl setting). */
export const MOVIELENS_100K_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

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
 * Verifies a MovieLens 100K archive and unpacks the files the loader reads into `<parent>/ml-100k`
 * (the name is ours, whatever the archive's folder is called). The layout and the declared sizes are
 * checked before anything is inflated (see {@link planMovieLensExtraction}). Refuses to overwrite an
 * existing folder.
 */
export async function unpackMovieLens(archive: Buffer, parent: string): Promise<string> {
  if (!hasZipSignature(archive)) throw new Error('The downloaded file is not a ZIP archive.');
  const planned = refusingZipErrors(() => planMovieLensExtraction(readZipEntries(archive)));
  const target = join(parent, MOVIELENS_100K_FOLDER);
  await refuseExisting(target);
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${MOVIELENS_100K_FOLDER}-staging-${randomUUID()}`);
  try {
    await mkdir(staging);
    for (const { file, entry } of planned) {
      const content = refusingZipErrors(() => readZipEntry(archive, entry, MAX_ENTRY_BYTES));
      await writeFile(join(staging, file), content, { flag: 'wx' });
    }
    await refuseExisting(target);
    await rename(staging, target);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function refusingZipErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ZipError) throw new Error(`The archive was refused: ${error.message}.`);
    throw error;
  }
}

async function refuseExisting(target: string): Promise<void> {
  try {
    await lstat(target); // lstat: a dangling link named ml-100k is in the way too
  } catch {
    return;
  }
  throw new Error(`${target} already exists; choose another folder or remove it.`);
}
