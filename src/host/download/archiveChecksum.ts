import { createHash } from 'node:crypto';
import type { HttpsGetOptions } from './httpsGet';
import { HttpStatusError, httpsGet } from './httpsGet';

/**
 * How the archive's MD5 (the `<archive>.md5` file published beside it, fetched before the archive) is
 * used:
 * - `required`: the checksum file must be there and match (the default for the GroupLens URL);
 * - `ifPublished`: checked when the server has one; a 4xx answer for it means "none published" and the
 *   archive is then trusted on its ZIP CRC-32s alone (the default for a custom URL: a mirror or a
 *   local copy need not publish one).
 * Either way a checksum file that is there but unreadable or does not match, a 5xx answer, a network
 * or TLS failure, or a redirect to http refuses the archive.
 */
export type ChecksumPolicy = 'required' | 'ifPublished';

/** The checksum file is a line; anything longer is not one. */
const MAX_CHECKSUM_BYTES = 1024;

/** Where the checksum of an archive is published: beside it, on the same https origin. */
export function checksumUrl(archiveUrl: URL): URL {
  const url = new URL(archiveUrl.href);
  url.pathname += '.md5';
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * Fetches and reads the MD5 published for an archive; undefined when the policy allows none and the
 * server has none.
 */
export async function publishedMd5(
  archiveUrl: URL,
  policy: ChecksumPolicy,
  options: Pick<HttpsGetOptions, 'signal' | 'agent' | 'idleTimeoutMs'>,
): Promise<string | undefined> {
  const url = checksumUrl(archiveUrl);
  let body: Buffer;
  try {
    body = await httpsGet(url.href, { ...options, maxBytes: MAX_CHECKSUM_BYTES });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const notPublished = error instanceof HttpStatusError && error.status >= 400 && error.status < 500;
    if (policy === 'ifPublished' && notPublished) return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot get the archive's checksum from ${url.href}, so it cannot be verified: ${reason}`);
  }
  return parseMd5File(body.toString('latin1'), archiveName(archiveUrl), url.href);
}

/**
 * Reads an MD5 checksum file: BSD style `MD5 (ml-100k.zip) = <hex>` (what GroupLens publishes), GNU
 * style `<hex>  ml-100k.zip`, or the bare digest. A file named in it must be the archive.
 */
export function parseMd5File(text: string, archive: string, source: string): string {
  const match =
    /^MD5 ?\((?<bsdName>[^)\r\n]+)\) ?= ?(?<bsdDigest>[0-9a-f]{32})\s*$/i.exec(text.trim()) ??
    /^(?<gnuDigest>[0-9a-f]{32})(?:[ \t]+\*?(?<gnuName>[^\r\n]+))?\s*$/i.exec(text.trim());
  const groups = match?.groups;
  if (groups === undefined) throw new Error(`${source} is not an MD5 checksum file.`);
  const digest = (groups.bsdDigest ?? groups.gnuDigest).toLowerCase();
  const named = groups.bsdName ?? groups.gnuName;
  if (named !== undefined && named.trim().split('/').pop() !== archive) {
    throw new Error(`${source} gives the checksum of ${JSON.stringify(named.trim())}, not of ${archive}.`);
  }
  return digest;
}

/** Refuses the archive unless its MD5 is the published one. */
export function checkMd5(archive: Buffer, expected: string, source: string): void {
  const actual = createHash('md5').update(archive).digest('hex');
  if (actual !== expected) {
    throw new Error(`The archive's MD5 is ${actual}, but ${source} publishes ${expected}: the download is damaged or was altered.`);
  }
}

/** The archive's file name, as a checksum file names it. */
function archiveName(archiveUrl: URL): string {
  const last = archiveUrl.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a stray '%': compare as written
  }
}
