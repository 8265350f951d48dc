import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadMovieLens, unpackMovieLens } from '../../src/data/movieLensDownload';
import { removeFolder, syntheticFolder } from './workerHarness';
import { makeZip } from './zipFixture';

/** A synthetic ml-100k folder packed the way GroupLens packs theirs (one top folder). */
function syntheticArchive(): Buffer {
  const folder = syntheticFolder({ users: 30, items: 20, ratingsPerUser: 5 });
  try {
    const files = new Map<string, Buffer>();
    for (const name of readdirSync(folder)) files.set(`ml-100k/${name}`, readFileSync(path.join(folder, name)));
    return makeZip(files);
  } finally {
    removeFolder(folder);
  }
}

describe('MovieLens download and unpack', function () {
  let server: Server;
  let base: string;
  let archive: Buffer;
  const parents: string[] = [];
  const newParent = (): string => {
    const parent = mkdtempSync(path.join(tmpdir(), 'recommender-lab-download-'));
    parents.push(parent);
    return parent;
  };

  before(async () => {
    archive = syntheticArchive();
    server = createServer((request, response) => {
      if (request.url === '/ml-100k.zip') {
        response.writeHead(200, { 'content-length': archive.length });
        response.end(archive);
      } else if (request.url === '/cut.zip') {
        // Announces the whole archive, sends half, then drops the connection.
        response.writeHead(200, { 'content-length': archive.length });
        response.write(archive.subarray(0, archive.length >> 1), () => response.destroy());
      } else if (request.url === '/not-a-zip') {
        response.end('<html>not found</html>');
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    for (const parent of parents) removeFolder(parent);
  });

  it('downloads, verifies and unpacks into <parent>/ml-100k, leaving no temporary file', async () => {
    const parent = newParent();
    const progress: number[] = [];
    const folder = await downloadMovieLens(`${base}/ml-100k.zip`, parent, { onProgress: (received) => progress.push(received) });
    assert.equal(folder, path.join(parent, 'ml-100k'));
    assert.deepEqual(readdirSync(parent), ['ml-100k']);
    assert.ok(readdirSync(folder).includes('u.data'));
    assert.equal(progress[progress.length - 1], archive.length);
  });

  it('leaves nothing behind when the download is cut, is not a ZIP, or is missing', async () => {
    for (const [url, message] of [
      ['/cut.zip', /interrupted|cut/],
      ['/not-a-zip', /not a ZIP/],
      ['/missing.zip', /HTTP 404/],
    ] as const) {
      const parent = newParent();
      await assert.rejects(downloadMovieLens(`${base}${url}`, parent), message);
      assert.deepEqual(readdirSync(parent), [], `${url} left files behind`);
    }
  });

  it('refuses an archive without the MovieLens 100K files, and never overwrites a folder', async () => {
    const incomplete = newParent();
    await assert.rejects(
      unpackMovieLens(makeZip(new Map([['ml-100k/u.data', '1\t1\t5\t0\n']])), incomplete),
      /lacks u\.item, u\.user, u\.genre, u\.occupation/,
    );
    assert.deepEqual(readdirSync(incomplete), []);
    const parent = newParent();
    await downloadMovieLens(`${base}/ml-100k.zip`, parent);
    await assert.rejects(downloadMovieLens(`${base}/ml-100k.zip`, parent), /already exists/);
    assert.deepEqual(readdirSync(parent), ['ml-100k']);
  });

  it('stops when cancelled and keeps nothing', async () => {
    const parent = newParent();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(downloadMovieLens(`${base}/ml-100k.zip`, parent, { signal: controller.signal }));
    assert.deepEqual(readdirSync(parent), []);
  });
});
