import * as assert from 'node:assert/strict';
import { ProgressThrottle } from '../../src/shared/progressThrottle';

describe('ProgressThrottle', () => {
  it('posts the first value at once, then at most one per interval; the value held back is the latest, posted by flush', () => {
    let now = 0;
    const posted: number[] = [];
    const throttle = new ProgressThrottle<number>(
      (value) => posted.push(value),
      250,
      () => now,
    );
    throttle.offer(1);
    now = 100;
    throttle.offer(2);
    now = 200;
    throttle.offer(3);
    assert.deepEqual(posted, [1]);
    now = 250;
    throttle.offer(4);
    assert.deepEqual(posted, [1, 4]);
    now = 300;
    throttle.offer(5);
    throttle.offer(6, true);
    assert.deepEqual(posted, [1, 4, 6], 'forced: posted at once, and the held value dropped');
    throttle.flush();
    assert.deepEqual(posted, [1, 4, 6]);
    now = 400;
    throttle.offer(7);
    throttle.flush();
    assert.deepEqual(posted, [1, 4, 6, 7]);
  });
});
