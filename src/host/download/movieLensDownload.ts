import { randomUUID } from 'node:crypto';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import type { Agent } from 'node:https';
import { join } from 'node:path';
import type { ChecksumPolicy } from './archiveChecksum';
import { checkMd5, checksumUrl, publishedMd5 } from './archiveChecksum';
import { httpsGet, httpsUrl } from './httpsGet';
import { MAX_ENTRY_BYTES, MOVIELENS_100K_FOLDER, planMovieLensExtraction } from './movieLensArchive';
import { hasZipSignature, readZipEntries, readZipEntry, ZipError } from './zipReader';

/** Where GroupLens publishes MovieLens 100K (overridable by the recommenderLab.downloadUrl setting). */
export const MOVIELENS_100K_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

/**
 * Largest archive accepted. The real one is 4.9 MB; 16 MiB is three times that (even a repack without
 * compression fits) and bounds memory, since the archive is held in memory, never written to disk.
 */
export const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes arrive; `total` is undefined when the server sends no length. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Default: `required` for {@link MOVIELENS_100K_URL}, `ifPublished` for any other URL. */
  readonly checksum?: ChecksumPolicy;
  /** Only for tests: an agent that trusts a local server's certificate. TLS is always verified. */
  readonly agent?: Agent;
}

/** The checksum policy for a URL when the caller names none. */
export function defaultChecksumPolicy(url: string): ChecksumPolicy {
  return url === MOVIELENS_100K_URL ? 'required' : 'ifPublished';
}

/**
 * Downloads the MovieLens 100K archive over https and unpacks it as `<parent>/ml-100k`. The archive
 * is checked against the MD5 published beside it (see {@link ChecksumPolicy}), held in memory (at
 * most {@link MAX_ARCHIVE_BYTES}), unpacked into a staging folder and only then renamed into place:
 * a refused, failed, cut or cancelled download leaves nothing behind. Returns the data folder.
 */
export async function downloadMovieLens(url: string, parent: string, options: DownloadOptions = {}): Promise<string> {
  const archiveUrl = httpsUrl(url);
  const target = join(parent, MOVIELENS_100K_FOLDER);
  // Checked again before the rename; this one only saves a download that could not be kept.
  await refuseExisting(target);
  const connection = { signal: options.signal, agent: options.agent };
  const md5 = await publishedMd5(archiveUrl, options.checksum ?? defaultChecksumPolicy(url), connection);
  const archive = await httpsGet(archiveUrl.href, { ...connection, maxBytes: MAX_ARCHIVE_BYTES, onProgress: options.onProgress });
  if (md5 !== undefined) checkMd5(archive, md5, checksumUrl(archiveUrl).href);
  return unpackMovieLens(archive, parent);
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
