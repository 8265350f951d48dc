/**
 * Lifetimes in the host: an owner registers what it creates and disposes it once (the pattern of
 * VS Code's own `lifecycle.ts`). Structural `dispose()` only, so vscode's Disposables fit.
 */

export interface IDisposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/** Everything an owner holds; disposed together, in reverse order of registration, once. */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers `item` (disposed at once if the store already is) and returns it. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  /** Disposes what is registered now; the store stays usable. */
  clear(): void {
    const items = this.items.splice(0).reverse();
    let firstError: unknown;
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** "The current one" of something (the current panel, the current run): setting a new value disposes the old. */
export class MutableDisposable<T extends IDisposable> implements IDisposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (this.disposed) {
      next?.dispose();
      return;
    }
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    previous?.dispose();
  }

  /** Forgets the value without disposing it (its owner took it over). */
  clearAndLeak(): T | undefined {
    const previous = this.current;
    this.current = undefined;
    return previous;
  }

  dispose(): void {
    this.disposed = true;
    const previous = this.current;
    this.current = undefined;
    previous?.dispose();
  }
}
