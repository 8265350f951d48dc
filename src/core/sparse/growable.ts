/**
 * Append-only typed arrays: coordinate lists for millions of entries without the per-element
 * cost of JS arrays (a plain number[] of 25M entries takes 200 MB plus growth slack; Int32 100 MB).
 */
abstract class Growable<T extends Int32Array | Float64Array> {
  protected data: T;
  private size = 0;

  constructor(capacity: number) {
    this.data = this.allocate(Math.max(16, capacity));
  }

  protected abstract allocate(capacity: number): T;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = this.allocate(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** The filled part, without a copy; valid until the next push. */
  view(): T {
    return this.data.subarray(0, this.size) as T;
  }
}

export class GrowableInt32Array extends Growable<Int32Array> {
  protected allocate(capacity: number): Int32Array {
    return new Int32Array(capacity);
  }
}

export class GrowableFloat64Array extends Growable<Float64Array> {
  protected allocate(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }
}
