import assert from 'node:assert/strict';
import { DisposableStore, MutableDisposable, toDisposable } from '../../src/host/lifecycle';

function recorder(log: string[], name: string): { dispose(): void } {
  return { dispose: () => log.push(name) };
}

describe('host/lifecycle', () => {
  it('DisposableStore disposes in reverse order, once, and disposes late additions at once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorder(log, 'a'));
    store.add(recorder(log, 'b'));
    store.dispose();
    store.dispose();
    assert.deepEqual(log, ['b', 'a']);
    store.add(recorder(log, 'late'));
    assert.deepEqual(log, ['b', 'a', 'late']);
    assert.equal(store.isDisposed, true);
  });

  it('DisposableStore.clear disposes everything even if one throws, then rethrows the first error', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorder(log, 'a'));
    store.add({
      dispose: () => {
        throw new Error('boom');
      },
    });
    store.add(recorder(log, 'c'));
    assert.throws(() => store.clear(), /boom/);
    assert.deepEqual(log, ['c', 'a']);
    store.add(recorder(log, 'd'));
    assert.deepEqual(log, ['c', 'a'], 'a cleared store stays usable');
  });

  it('MutableDisposable disposes the previous value when replaced, not when set again', () => {
    const log: string[] = [];
    const current = new MutableDisposable<{ dispose(): void }>();
    const first = recorder(log, 'first');
    current.value = first;
    current.value = first;
    assert.deepEqual(log, []);
    current.value = recorder(log, 'second');
    assert.deepEqual(log, ['first']);
    assert.ok(current.clearAndLeak());
    current.dispose();
    assert.deepEqual(log, ['first'], 'a leaked value is not disposed');
    current.value = recorder(log, 'after');
    assert.deepEqual(log, ['first', 'after'], 'a disposed holder disposes what it is given');
  });

  it('toDisposable runs its function once', () => {
    let count = 0;
    const disposable = toDisposable(() => count++);
    disposable.dispose();
    disposable.dispose();
    assert.equal(count, 1);
  });
});
