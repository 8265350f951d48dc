import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, escapeControl, isDataError } from '../../../src/core/data/errors';
import { readLines } from '../../../src/core/data/lines';
import { loadMovieLens } from '../../../src/core/data/load';
import { removeFolder, snapshot, tiny100k, writeFolder } from './folders';

/** The message of loading `folder` (folder prefix cut), checking nothing in it changed. */
function loadError(folder: string): string {
  const before = snapshot(folder);
  try {
    loadMovieLens(folder);
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    assert.deepEqual(snapshot(folder), before);
    return error.message.slice(folder.length + 1);
  }
  return assert.fail('the folder loaded without an error');
}

/** A tiny 100K folder whose u.data is replaced by what `make` puts at the path. */
function withUData(make: (file: string) => void): string {
  const files: Record<string, string> = tiny100k();
  delete files['u.data'];
  const folder = writeFolder(files);
  try {
    make(path.join(folder, 'u.data'));
    return loadError(folder);
  } finally {
    removeFolder(folder);
  }
}

const PURPOSE = 'u.data should hold the ratings (user, film, rating, timestamp)';

describe('a u.data that is not a regular file says what it is', () => {
  it('a folder', () => {
    assert.equal(
      withUData((file) => fs.mkdirSync(file)),
      `u.data: is a folder, not a file: ${PURPOSE}`,
    );
  });
  it('a named pipe, without blocking on it', () => {
    assert.equal(
      withUData((file) => execFileSync('mkfifo', [file])),
      `u.data: is a named pipe (FIFO), not a file: ${PURPOSE}`,
    );
  });
  it('a device (a link to /dev/null)', () => {
    assert.equal(
      withUData((file) => fs.symlinkSync('/dev/null', file)),
      `u.data: is a character device, not a file: ${PURPOSE}`,
    );
  });
  it('a dangling symbolic link', () => {
    assert.equal(
      withUData((file) => fs.symlinkSync('gone.data', file)),
      `u.data: is a symbolic link to 'gone.data', which does not exist: ${PURPOSE}`,
    );
  });
  it('a symbolic link loop', () => {
    assert.equal(
      withUData((file) => fs.symlinkSync('u.data', file)),
      `u.data: is a symbolic link that loops (too many levels of links): ${PURPOSE}`,
    );
  });
  it('a link to a regular file is read', () => {
    const folder = writeFolder(tiny100k());
    try {
      fs.renameSync(path.join(folder, 'u.data'), path.join(folder, 'ratings.tsv'));
      fs.symlinkSync('ratings.tsv', path.join(folder, 'u.data'));
      assert.equal(loadMovieLens(folder).ratings.length, 6);
    } finally {
      removeFolder(folder);
    }
  });
  it('a folder named u.genre is reported, not replaced by the default genres', () => {
    const folder = writeFolder(tiny100k());
    try {
      fs.rmSync(path.join(folder, 'u.genre'));
      fs.mkdirSync(path.join(folder, 'u.genre'));
      assert.equal(loadError(folder), 'u.genre: is a folder, not a file');
    } finally {
      removeFolder(folder);
    }
  });
});

function readError(content: Buffer, chunkBytes?: number): string {
  const folder = writeFolder({ 'file.txt': content });
  try {
    readLines(path.join(folder, 'file.txt'), () => undefined, chunkBytes);
  } catch (error) {
    assert.ok(isDataError(error), String(error));
    return error.message.slice(folder.length + 1);
  } finally {
    removeFolder(folder);
  }
  return assert.fail('read without an error');
}

describe('readLines refuses what is not text', () => {
  const text = '1\t2\t3\t4\n5\t6\t7\t8\n';
  it('UTF-16 with a byte order mark, either byte order', () => {
    assert.equal(
      readError(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
      'file.txt:1: UTF-16 is not supported; save as UTF-8',
    );
    assert.equal(
      readError(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])),
      'file.txt:1: UTF-16 is not supported; save as UTF-8',
    );
  });
  it('UTF-16 without a byte order mark (every other byte NUL)', () => {
    assert.equal(readError(Buffer.from(text, 'utf16le')), 'file.txt:1: UTF-16 is not supported; save as UTF-8');
    assert.equal(readError(Buffer.from(text, 'utf16le').swap16()), 'file.txt:1: UTF-16 is not supported; save as UTF-8');
  });
  it('a NUL byte, at its line and column, whatever the chunk size', () => {
    const content = Buffer.from('one\ntwo\n\nfo\0ur\nfive\n', 'latin1');
    for (const chunk of [1, 3, 8, 1 << 20]) {
      assert.equal(readError(content, chunk), 'file.txt:4: NUL byte at column 3: binary data, not MovieLens text', `chunk ${chunk}`);
    }
  });
  it('a line longer than 1 MiB', () => {
    assert.equal(
      readError(Buffer.alloc(3 << 20, 'a'.charCodeAt(0))),
      'file.txt:1: line is longer than 1048576 bytes: not a MovieLens text file',
    );
    assert.equal(
      readError(Buffer.from(`ok\n${'b'.repeat((1 << 20) + 1)}\nok\n`), 1000),
      'file.txt:2: line is longer than 1048576 bytes: not a MovieLens text file',
    );
  });
  it('stops at the first chunk of a large all-NUL file', () => {
    const folder = writeFolder({});
    const file = path.join(folder, 'u.data');
    try {
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 256 << 20); // sparse: no disk written
      let lines = 0;
      const started = process.hrtime.bigint();
      assert.throws(() => readLines(file, () => lines++), { message: `${file}:1: NUL byte at column 1: binary data, not MovieLens text` });
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(lines, 0);
      // Reading 256 MB takes seconds on this machine; one 4 MB chunk a few milliseconds.
      assert.ok(milliseconds < 500, `${milliseconds} ms`);
    } finally {
      removeFolder(folder);
    }
  });
});

describe('DataError messages escape control characters', () => {
  it('escapes C0, DEL, C1, separators and bidirectional overrides; keeps other text', () => {
    assert.equal(
      escapeControl('a\x1b[31mb\tc\nd\x7fe\x9bf\u2028g\u202eh\u2066i é ü 東'),
      'a\\x1b[31mb\\x09c\\x0ad\\x7fe\\x9bf\\u2028g\\u202eh\\u2066i é ü 東',
    );
    const error = new DataError('/data/u\x07.data', 3, "user id '\x1b]0;pwned\x07' is not a whole number");
    assert.equal(error.message, "/data/u\\x07.data:3: user id '\\x1b]0;pwned\\x07' is not a whole number");
    assert.equal(error.problem, "user id '\\x1b]0;pwned\\x07' is not a whole number");
    assert.equal(error.file, '/data/u\x07.data', 'the path stays usable');
  });
  it('a terminal escape in u.data does not reach the message raw', () => {
    const files: Record<string, string> = tiny100k();
    files['u.data'] = files['u.data'].replace('3\t10\t4\t102', '3\x1b[2J\t10\t4\t102');
    const folder = writeFolder(files);
    try {
      assert.equal(loadError(folder), "u.data:3: user id '3\\x1b[2J' is not a whole number");
    } finally {
      removeFolder(folder);
    }
  });
});
