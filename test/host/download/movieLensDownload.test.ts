import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { httpsGet } from '../../../src/host/download/httpsGet';
import {
  defaultChecksumPolicy,
  downloadMovieLens,
  MAX_ARCHIVE_BYTES,
  MOVIELENS_100K_URL,
} from '../../../src/host/download/movieLensDownload';
import type { LocalHttpsServer, LocalServer } from './httpsFixture';
import { startHttpServer, startHttpsServer, streamZeros } from './httpsFixture';
import { movieLensZip } from './movieLensFixture';
import { removeFolder } from '../../worker/workerHarness';

const MEBIBYTE = 1024 * 1024;
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

describe('MovieLens download over https', function () {
  let secure: LocalHttpsServer;
  let plain: LocalServer;
  let archive: Buffer;
  /** What the 300 MiB streams sent before the client hung up, by path. */
  const streams = new Map<string, ReturnType<typeof streamZeros>>();
  const parents: string[] = [];
  const newParent = (): string => {
    const parent = mkdtempSync(path.join(tmpdir(), 'recommender-lab-download-'));
    parents.push(parent);
    return parent;
  };

  before(async () => {
    archive = movieLensZip('ml-100k/');
    const vscodeArchive = movieLensZip('.vscode/', new Map([['.vscode/tasks.json', '{"tasks":[]}']]));
    plain = await startHttpServer((request, response) => response.writeHead(200, { 'content-length': archive.length }).end(archive));
    secure = await startHttpsServer((request, response) => {
      const url = request.url ?? '';
      const send = (body: Buffer | string): void => {
        response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
      };
      const redirect = (location: string): void => {
        response.writeHead(302, { location }).end();
      };
      if (url === '/ml-100k.zip' || url === '/custom/ml-100k.zip' || url === '/wrong/ml-100k.zip') send(archive);
      else if (url === '/ml-100k.zip.md5') send(`MD5 (ml-100k.zip) = ${md5(archive)}\n`);
      else if (url === '/wrong/ml-100k.zip.md5') send(`MD5 (ml-100k.zip) = ${md5(Buffer.from('another archive'))}\n`);
      else if (url === '/vscode/ml-100k.zip') send(vscodeArchive);
      else if (url.startsWith('/moved/')) redirect(url.slice('/moved'.length));
      else if (url === '/down/ml-100k.zip') redirect(`${plain.base}/ml-100k.zip`);
      else if (url === '/loop.zip') redirect('/loop.zip');
      else if (url === '/cut.zip') {
        // Announces the whole archive, sends half, then drops the connection.
        response.writeHead(200, { 'content-length': archive.length });
        response.write(archive.subarray(0, archive.length >> 1), () => response.destroy());
      } else if (url === '/not-a-zip') send('<html>not found</html>');
      else if (url === '/huge.zip' || url === '/huge-announced.zip' || url === '/cancel.zip') {
        streams.set(url, streamZeros(response, 300 * MEBIBYTE, url === '/huge-announced.zip'));
      } else if (url === '/stall') response.writeHead(200, { 'content-length': 10 }).write('12345');
      else response.writeHead(404).end();
    });
  });
  after(async () => {
    await secure.close();
    await plain.close();
    parents.forEach(removeFolder);
  });

  it('downloads, checks the MD5 published beside the archive (fetched first), and unpacks into <parent>/ml-100k', async () => {
    const parent = newParent();
    const progress: number[] = [];
    secure.requests.length = 0;
    const folder = await downloadMovieLens(`${secure.base}/ml-100k.zip`, parent, {
      agent: secure.agent,
      checksum: 'required',
      onProgress: (received) => progress.push(received),
    });
    assert.equal(folder, path.join(parent, 'ml-100k'));
    assert.deepEqual(readdirSync(parent), ['ml-100k']);
    assert.ok(readdirSync(folder).includes('u.data'));
    assert.equal(progress[progress.length - 1], archive.length);
    assert.deepEqual(secure.requests, ['/ml-100k.zip.md5', '/ml-100k.zip']);
  });

  it('requires the checksum for the GroupLens URL; for another URL uses it when the server publishes one', async () => {
    assert.equal(defaultChecksumPolicy(MOVIELENS_100K_URL), 'required');
    assert.equal(defaultChecksumPolicy(`${secure.base}/custom/ml-100k.zip`), 'ifPublished');
    const refused = newParent();
    secure.requests.length = 0;
    await assert.rejects(
      downloadMovieLens(`${secure.base}/custom/ml-100k.zip`, refused, { agent: secure.agent, checksum: 'required' }),
      /Cannot get the archive's checksum from https:\/\/127\.0\.0\.1:\d+\/custom\/ml-100k\.zip\.md5, so it cannot be verified: .*HTTP 404/,
    );
    assert.deepEqual(secure.requests, ['/custom/ml-100k.zip.md5'], 'the archive was fetched without a checksum');
    assert.deepEqual(readdirSync(refused), []);
    const accepted = newParent();
    await downloadMovieLens(`${secure.base}/custom/ml-100k.zip`, accepted, { agent: secure.agent });
    assert.deepEqual(readdirSync(accepted), ['ml-100k']);
  });

  it('refuses an archive whose MD5 is not the published one, and keeps nothing', async () => {
    for (const checksum of ['required', undefined] as const) {
      const parent = newParent();
      await assert.rejects(
        downloadMovieLens(`${secure.base}/wrong/ml-100k.zip`, parent, { agent: secure.agent, checksum }),
        new RegExp(
          `The archive's MD5 is ${md5(archive)}, but https://127\\.0\\.0\\.1:\\d+/wrong/ml-100k\\.zip\\.md5 publishes ${md5(Buffer.from('another archive'))}: the download is damaged or was altered`,
        ),
      );
      assert.deepEqual(readdirSync(parent), []);
    }
  });

  it('refuses http:// (and other non-https) URLs without connecting', async () => {
    for (const url of [`${plain.base}/ml-100k.zip`, 'file:///etc/passwd', 'ftp://127.0.0.1/ml-100k.zip']) {
      const parent = newParent();
      await assert.rejects(downloadMovieLens(url, parent), /Only https:\/\/ URLs are accepted/);
      assert.deepEqual(readdirSync(parent), []);
    }
    assert.deepEqual(plain.requests, []);
  });

  it('follows https redirects, refuses a downgrade to http and endless redirects', async () => {
    const moved = newParent();
    await downloadMovieLens(`${secure.base}/moved/ml-100k.zip`, moved, { agent: secure.agent, checksum: 'required' });
    assert.deepEqual(readdirSync(moved), ['ml-100k']);
    const downgraded = newParent();
    await assert.rejects(
      downloadMovieLens(`${secure.base}/down/ml-100k.zip`, downgraded, { agent: secure.agent }),
      /Refused the redirect from https:\/\/127\.0\.0\.1:\d+\/down\/ml-100k\.zip to http:\/\/127\.0\.0\.1:\d+\/ml-100k\.zip: only https is accepted/,
    );
    assert.deepEqual(plain.requests, [], 'the http server was contacted');
    assert.deepEqual(readdirSync(downgraded), []);
    await assert.rejects(
      downloadMovieLens(`${secure.base}/loop.zip`, newParent(), { agent: secure.agent }),
      /redirected more than 5 times/,
    );
  });

  it('cuts off a 300 MiB body at the cap while it streams, and keeps nothing', async () => {
    const parent = newParent();
    let largest = 0;
    await assert.rejects(
      downloadMovieLens(`${secure.base}/huge.zip`, parent, { agent: secure.agent, onProgress: (received) => (largest = received) }),
      new RegExp(`larger than the ${MAX_ARCHIVE_BYTES} bytes allowed`),
    );
    const stream = streams.get('/huge.zip');
    assert.ok(stream !== undefined);
    assert.equal(await stream.closed, true, 'the client did not hang up');
    // Kept at most the cap; the server got to send little more (socket buffers), far from 300 MiB.
    assert.ok(largest <= MAX_ARCHIVE_BYTES);
    assert.ok(stream.sent < MAX_ARCHIVE_BYTES + 16 * MEBIBYTE, `the server sent ${(stream.sent / MEBIBYTE).toFixed(0)} MiB`);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('refuses a body announced larger than the cap before reading any of it', async () => {
    const parent = newParent();
    let progressCalls = 0;
    await assert.rejects(
      downloadMovieLens(`${secure.base}/huge-announced.zip`, parent, { agent: secure.agent, onProgress: () => progressCalls++ }),
      /larger than the \d+ bytes allowed/,
    );
    assert.equal(progressCalls, 0);
    assert.equal(await streams.get('/huge-announced.zip')?.closed, true);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('unpacks an archive whose top folder is .vscode into ml-100k, without its tasks.json', async () => {
    const parent = newParent();
    const folder = await downloadMovieLens(`${secure.base}/vscode/ml-100k.zip`, parent, { agent: secure.agent });
    assert.deepEqual(readdirSync(parent), ['ml-100k']);
    assert.ok(!readdirSync(folder).includes('tasks.json'));
  });

  it('does not trust a certificate it was not given (TLS stays verified)', async () => {
    const parent = newParent();
    await assert.rejects(downloadMovieLens(`${secure.base}/ml-100k.zip`, parent), /self-signed certificate/);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('leaves nothing behind when the download is cut, is not a ZIP, or is missing', async () => {
    for (const [url, message] of [
      ['/cut.zip', /interrupted|cut/],
      ['/not-a-zip', /not a ZIP/],
      ['/missing.zip', /HTTP 404/],
    ] as const) {
      const parent = newParent();
      await assert.rejects(downloadMovieLens(`${secure.base}${url}`, parent, { agent: secure.agent }), message);
      assert.deepEqual(readdirSync(parent), [], `${url} left files behind`);
    }
  });

  it('stops when cancelled, before or during the transfer, and keeps nothing', async () => {
    const early = newParent();
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(downloadMovieLens(`${secure.base}/ml-100k.zip`, early, { agent: secure.agent, signal: aborted.signal }), {
      message: 'The download was cancelled.',
    });
    assert.deepEqual(readdirSync(early), []);
    const late = newParent();
    const controller = new AbortController();
    await assert.rejects(
      downloadMovieLens(`${secure.base}/cancel.zip`, late, {
        agent: secure.agent,
        signal: controller.signal,
        onProgress: (received) => received > MEBIBYTE && controller.abort(),
      }),
      { message: 'The download was cancelled.' },
    );
    assert.equal(await streams.get('/cancel.zip')?.closed, true);
    assert.deepEqual(readdirSync(late), []);
  });

  it('gives up on a server that stops sending', async () => {
    await assert.rejects(
      httpsGet(`${secure.base}/stall`, { maxBytes: 100, agent: secure.agent, idleTimeoutMs: 300 }),
      /was interrupted: no data for 0\.3 s/,
    );
  });
});
