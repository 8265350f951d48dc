import * as assert from 'node:assert/strict';
import { parseBenchArgs } from '../../../src/bench/benchArgs';

const LINE = { usage: 'npm run bench:x [-- DIR] [--only NAME,…]', options: ['--only'], switches: ['--keep'] };

describe('bench command lines (src/bench/benchArgs.ts)', () => {
  it('splits options, switches and the data folder', () => {
    const args = parseBenchArgs(['data/ml-100k', '--only', 'a,b', '--keep'], LINE);
    assert.deepEqual(args.positional, ['data/ml-100k']);
    assert.equal(args.option('--only'), 'a,b');
    assert.equal(args.has('--keep'), true);
  });

  it('refuses an unknown option and an option without its value, with the usage', () => {
    assert.throws(() => parseBenchArgs(['--onyl', 'a'], LINE), /unknown option --onyl\nusage: npm run bench:x/);
    assert.throws(() => parseBenchArgs(['--only'], LINE), /--only needs a value/);
    assert.throws(() => parseBenchArgs(['--only', '--keep'], LINE), /--only needs a value/);
  });
});
