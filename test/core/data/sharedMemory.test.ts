import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { toSharedMemory } from '../../../src/core/data/sharedMemory';

describe('core/data/sharedMemory', () => {
  it('puts every typed array of a nested object in shared memory, keeping values and the rest', () => {
    const source = {
      count: 3,
      names: ['a', 'b'],
      index: new Map([[7, 0]]),
      columns: { user: Int32Array.of(1, 2, 3), rating: Float32Array.of(4, 3.5, 5) },
      parts: [{ offsets: Uint8Array.of(0, 2) }],
    };
    const shared = toSharedMemory(source);
    assert.ok(shared.columns.user.buffer instanceof SharedArrayBuffer);
    assert.ok(shared.columns.rating.buffer instanceof SharedArrayBuffer);
    assert.ok(shared.parts[0].offsets.buffer instanceof SharedArrayBuffer);
    assert.deepEqual([...shared.columns.rating], [4, 3.5, 5]);
    assert.ok(shared.columns.rating instanceof Float32Array);
    assert.equal(shared.index, source.index);
    assert.equal(shared.names, source.names, 'an array without typed arrays is kept as it is');
    assert.equal(toSharedMemory(shared).columns.user, shared.columns.user, 'shared arrays stay');
  });

  it('a worker sees writes to the shared arrays it was given (one copy, not one per thread)', async () => {
    const shared = toSharedMemory({ values: new Int32Array(4) });
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (data) => { data.values[2] = 42; parentPort.postMessage('done'); });`,
      { eval: true },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.postMessage(shared);
      });
      assert.equal(shared.values[2], 42);
    } finally {
      await worker.terminate();
    }
  });
});
