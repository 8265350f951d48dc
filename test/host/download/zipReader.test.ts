import * as assert from 'node:assert/strict';
import { readZipEntries, readZipEntry, ZipError } from '../../../src/host/download/zipReader';
import { movieLensZip } from './movieLensFixture';
import { deflatedZeros, makeZip, makeZipEntries } from './zipFixture';

const LIMIT = 8 * 1024 * 1024;

describe('ZIP reader', function () {
  it('reads back what the zip writer packed, CRC-checked', () => {
    const archive = movieLensZip('ml-100k/');
    const entries = readZipEntries(archive);
    const data = entries.find((entry) => entry.name === 'ml-100k/u.data');
    assert.ok(data !== undefined);
    assert.equal(readZipEntry(archive, data, LIMIT).toString('utf8').split('\n')[0].split('\t').length, 4);
    // Flip a byte in the middle of u.data's compressed bytes: inflate or the CRC-32 must catch it.
    const damaged = Buffer.from(archive);
    damaged[data.dataOffset + (data.compressedSize >> 1)] ^= 0xff;
    assert.throws(() => readZipEntry(damaged, data, LIMIT), ZipError);
    assert.throws(() => readZipEntries(archive.subarray(0, archive.length - 30)), ZipError);
  });

  it('refuses names that could leave the folder or mean something else on another system', () => {
    for (const [name, reason] of [
      ['../u.data', /climbs out/],
      ['ml-100k/../../u.data', /climbs out/],
      ['/etc/u.data', /absolute/],
      ['ml-100k\\..\\u.data', /backslashes/],
      ['C:/u.data', /colon/],
      ['ml-100k//u.data', /empty or "\."/],
      ['./u.data', /empty or "\."/],
      ['u.data\u001b[2J', /control characters/],
    ] as const) {
      const archive = makeZip(new Map([[name, 'x']]));
      assert.throws(
        () => readZipEntries(archive),
        (error: Error) => {
          assert.ok(error instanceof ZipError, name);
          assert.match(error.message, reason, name);
          assert.doesNotMatch(error.message, /\u001b/, 'a control character reached the message raw');
          if (name.includes('\u001b')) assert.match(error.message, /"u\.data\\x1b\[2J"/);
          return true;
        },
      );
    }
  });

  it('refuses symbolic links, special files and a folder named like a file', () => {
    const cases = [
      [{ name: 'ml-100k/u.data', content: '/etc/passwd', mode: 0o120777 }, /symbolic link/],
      [{ name: 'ml-100k/u.data', mode: 0o010644 }, /special file/],
      [{ name: 'ml-100k/u.data', mode: 0o040755 }, /marked as a folder/],
    ] as const;
    for (const [entry, reason] of cases) assert.throws(() => readZipEntries(makeZipEntries([entry])), reason);
    // A regular file made on Unix is fine.
    assert.equal(readZipEntries(makeZipEntries([{ name: 'u.data', content: 'x', mode: 0o100644 }])).length, 1);
  });

  it('refuses duplicate names (also when they differ only in case), lying local headers and overlapping data', () => {
    assert.throws(
      () =>
        readZipEntries(
          makeZipEntries([
            { name: 'u.data', content: 'a' },
            { name: 'u.data', content: 'b' },
          ]),
        ),
      /"u\.data" twice/,
    );
    assert.throws(
      () =>
        readZipEntries(
          makeZipEntries([
            { name: 'README', content: 'a' },
            { name: 'readme', content: 'b' },
          ]),
        ),
      /twice/,
    );
    assert.throws(
      () => readZipEntries(makeZipEntries([{ name: 'u.data', localName: '../evil', content: 'a' }])),
      /local header names another file/,
    );
    // The first entry's data claims to run on over the second entry: the overlapping-entry bomb's trick.
    const archive = makeZipEntries([
      { name: 'u.item', content: 'a'.repeat(1000) },
      { name: 'u.data', content: 'b' },
    ]);
    assert.equal(readZipEntries(archive).length, 2);
    const overlapping = Buffer.from(archive);
    const firstCentral = overlapping.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'));
    overlapping.writeUInt32LE(overlapping.readUInt32LE(firstCentral + 20) + 40, firstCentral + 20);
    assert.throws(() => readZipEntries(overlapping), /"u\.item": its data overlaps the next entry/);
  });

  it('stops inflating a ZIP bomb at its declared size, and refuses a declared size over the limit before inflating', () => {
    // 512 MiB of zeros in about half a megabyte, declaring 2000 bytes.
    const bomb = makeZipEntries([{ name: 'u.data', deflated: deflatedZeros(512), declaredSize: 2000 }]);
    assert.ok(bomb.length < 1024 * 1024);
    const [entry] = readZipEntries(bomb);
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(() => readZipEntry(bomb, entry, LIMIT), /inflates past its declared 2000 bytes/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
    // The same bytes declaring their true size: refused by the limit without inflating.
    const honest = makeZipEntries([{ name: 'u.data', deflated: deflatedZeros(512), declaredSize: 512 * 1024 * 1024 }]);
    const [honestEntry] = readZipEntries(honest);
    assert.throws(() => readZipEntry(honest, honestEntry, LIMIT), /declares 536870912 bytes, more than the 8388608 allowed/);
    // A stored entry whose size disagrees with its data.
    const stored = makeZipEntries([{ name: 'u.data', content: 'abc', stored: true, declaredSize: 5 }]);
    assert.throws(() => readZipEntry(stored, readZipEntries(stored)[0], LIMIT), /stored size 3, declared 5/);
  });
});
