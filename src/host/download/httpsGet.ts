import type { IncomingMessage } from 'node:http';
import { get } from 'node:https';
import type { Agent } from 'node:https';

export interface HttpsGetOptions {
  /** The body is refused beyond this many bytes: by Content-Length up front, else while it streams. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Called as bytes arrive; `total` is undefined when the server sends no length. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /**
   * The agent to connect with; default: Node's global agent (in VS Code, the one that follows the
   * proxy settings). Tests pass one that trusts their own certificate; TLS is always verified.
   */
  readonly agent?: Agent;
  /** Fails when the server sends nothing for this long (default 60 s). */
  readonly idleTimeoutMs?: number;
}

/** A non-200 answer, so callers can tell "not published" (4xx) from other failures. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`Download of ${url} failed: HTTP ${status}`);
  }
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Checks that a URL is https: plain HTTP could be read or altered on the way. Returns it parsed.
 */
export function httpsUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Not a valid URL: ${JSON.stringify(url)}.`);
  }
  if (parsed.protocol !== 'https:') {
    throw new Error(`Only https:// URLs are accepted, not ${parsed.protocol}// (${parsed.href}): plain HTTP could be altered on the way.`);
  }
  return parsed;
}

/**
 * GETs an https URL into memory. Redirects are followed by hand, at most five, each of them https
 * (a downgrade to http is refused); only a 200 answer is read; the body is cut off as soon as it
 * passes `maxBytes`, so neither memory nor the network is spent on more.
 */
export async function httpsGet(url: string, options: HttpsGetOptions): Promise<Buffer> {
  let current = httpsUrl(url);
  for (let redirects = 0; ; redirects++) {
    const response = await request(current, options);
    const status = response.statusCode ?? 0;
    if (!REDIRECTS.has(status)) {
      if (status !== 200) {
        response.destroy();
        throw new HttpStatusError(current.href, status);
      }
      return await readBody(response, current.href, options);
    }
    response.destroy(); // a redirect's body is never read
    const location = response.headers.location;
    if (location === undefined) throw new Error(`${current.href} answered HTTP ${status} without a Location.`);
    if (redirects === MAX_REDIRECTS) throw new Error(`Download of ${url} was redirected more than ${MAX_REDIRECTS} times.`);
    const next = new URL(location, current);
    if (next.protocol !== 'https:') {
      throw new Error(`Refused the redirect from ${current.href} to ${next.href}: only https is accepted, never a downgrade.`);
    }
    current = next;
  }
}

function request(url: URL, options: HttpsGetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let incoming: IncomingMessage | undefined;
    const outgoing = get(url, { agent: options.agent, signal: options.signal, headers: { 'accept-encoding': 'identity' } }, (response) => {
      incoming = response;
      resolve(response);
    });
    outgoing.on('error', (error) => reject(failure(url.href, error, options.signal)));
    const timeout = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    outgoing.setTimeout(timeout, () => {
      // Destroying the response too makes the body reader see this error rather than a bare "aborted".
      const error = new Error(`no data for ${timeout / 1000} s`);
      incoming?.destroy(error);
      outgoing.destroy(error);
    });
  });
}

async function readBody(response: IncomingMessage, url: string, options: HttpsGetOptions): Promise<Buffer> {
  const header = response.headers['content-length'];
  const total = header === undefined ? undefined : Number(header);
  if (total !== undefined && !(Number.isSafeInteger(total) && total >= 0)) {
    response.destroy();
    throw new Error(`Download of ${url} failed: Content-Length ${JSON.stringify(header)} is not a number.`);
  }
  const tooLarge = (): Error => new Error(`Download of ${url} was stopped: it is larger than the ${options.maxBytes} bytes allowed.`);
  if (total !== undefined && total > options.maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    // Leaving the loop (by the throw below) destroys the response and so closes the connection.
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > options.maxBytes) throw tooLarge();
      chunks.push(chunk);
      options.onProgress?.(received, total);
    }
  } catch (error) {
    if (received > options.maxBytes) throw error;
    throw failure(url, error, options.signal);
  }
  if (total !== undefined && received !== total) throw new Error(`Download of ${url} was cut: ${received} of ${total} bytes.`);
  return Buffer.concat(chunks, received);
}

function failure(url: string, error: unknown, signal: AbortSignal | undefined): Error {
  if (signal?.aborted === true) return new Error('The download was cancelled.');
  return new Error(`Download of ${url} was interrupted: ${error instanceof Error ? error.message : String(error)}`);
}
