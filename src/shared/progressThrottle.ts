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
