/** A tiny event source (the client is used outside VS Code too, so no vscode.EventEmitter). */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Adds a listener; the returned object removes it. */
  add(listener: (value: T) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One failing listener must not stop the others nor the client's bookkeeping.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
