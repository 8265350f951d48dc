import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkMd5, checksumUrl, parseMd5File } from '../../../src/host/download/archiveChecksum';

describe('Archive checksum files', function () {
  const digest = '0e33842e24a9c977be4e0107933c0723';
  const source = 'https://example.org/ml-100k.zip.md5';

  it('reads the BSD style GroupLens publishes, the GNU style and a bare digest', () => {
    assert.equal(parseMd5File(`MD5 (ml-100k.zip) = ${digest}\n`, 'ml-100k.zip', source), digest);
    assert.equal(parseMd5File(`${digest.toUpperCase()}  ml-100k.zip\n`, 'ml-100k.zip', source), digest);
    assert.equal(parseMd5File(`${digest} *datasets/ml-100k.zip`, 'ml-100k.zip', source), digest);
    assert.equal(parseMd5File(`${digest}\r\n`, 'ml-100k.zip', source), digest);
  });

  it('refuses a file that is not a checksum, holds two, or names another archive', () => {
    assert.throws(() => parseMd5File('<html>Not Found</html>', 'ml-100k.zip', source), /is not an MD5 checksum file/);
    assert.throws(() => parseMd5File(`${digest}  ml-100k.zip\n${digest}  ml-1m.zip\n`, 'ml-100k.zip', source), /is not an MD5/);
    assert.throws(
      () => parseMd5File(`MD5 (ml-1m.zip) = ${digest}`, 'ml-100k.zip', source),
      /checksum of "ml-1m\.zip", not of ml-100k\.zip/,
    );
  });

  it('looks beside the archive on the same origin, and compares the archive with the digest', () => {
    assert.equal(
      checksumUrl(new URL('https://files.grouplens.org/datasets/movielens/ml-100k.zip')).href,
      'https://files.grouplens.org/datasets/movielens/ml-100k.zip.md5',
    );
    assert.equal(checksumUrl(new URL('https://mirror.example/ml-100k.zip?token=1#x')).href, 'https://mirror.example/ml-100k.zip.md5');
    const archive = Buffer.from('archive bytes');
    assert.doesNotThrow(() => checkMd5(archive, createHash('md5').update(archive).digest('hex'), source));
    assert.throws(
      () => checkMd5(archive, digest, source),
      /MD5 is [0-9a-f]{32}, but https:\/\/example\.org\/ml-100k\.zip\.md5 publishes 0e33842e/,
    );
  });
});
