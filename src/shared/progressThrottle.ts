/**
 * Limits how often progress is posted: the solvers can finish many iterations per second on small
 * data, and each message costs a structured clone plus a redraw on the other side.
 */
export class ProgressThrottle<T> {
  private lastSent = Number.NEGATIVE_INFINITY;
  private pending: T | undefined;

  /** @param intervalMs minimum time between two posts (100 ms = at most 10 per second). */
  constructor(
    private readonly post: (value: T) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Posts now when the interval has passed (or `force`), otherwise keeps the value for `flush`. */
  offer(value: T, force = false): void {
    const time = this.now();
    if (force || time - this.lastSent >= this.intervalMs) {
      this.pending = undefined;
      this.lastSent = time;
      this.post(value);
    } else {
      this.pending = value;
    }
  }

  /** Posts the value held back, if any: called at the end of a fold so its last point is drawn. */
  flush(): void {
    if (this.pending === undefined) return;
    const value = this.pending;
    this.pending = undefined;
    this.lastSent = this.now();
    this.post(value);
  }
}

/**
 * Collects values and posts them together, the first at once and then at most one batch per
 * interval: every value arrives, in order, in fewer messages. `discard` drops what is held (when
 * something newer that contains it, such as a whole state, was sent instead), and the next value
 * goes at once, as the first of a new run's must.
 */
export class ProgressBatch<T> {
  private lastSent = Number.NEGATIVE_INFINITY;
  private held: T[] = [];

  constructor(
    private readonly post: (values: readonly T[]) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Holds the value, and posts everything held when the interval has passed. */
  offer(value: T): void {
    this.held.push(value);
    const time = this.now();
    if (time - this.lastSent < this.intervalMs) return;
    const values = this.held;
    this.held = [];
    this.lastSent = time;
    this.post(values);
  }

  discard(): void {
    this.held = [];
    this.lastSent = Number.NEGATIVE_INFINITY;
  }
}
