import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MovieLensData } from '../core/data/types';
import { loadMovieLens } from './engine';

/**
 * Keeps the last data sets loaded, so a describe, a spot check and a run on the same folder parse
 * it once. A folder whose files changed (size or time) is loaded again.
 */
export class DataCache {
  private readonly entries = new Map<string, { key: string; data: MovieLensData }>();

  constructor(private readonly capacity = 2) {}

  load(folder: string): { data: MovieLensData; seconds: number } {
    const key = fingerprint(folder);
    const cached = this.entries.get(folder);
    if (cached !== undefined && cached.key === key) {
      // Re-insert: the Map's order is the eviction order.
      this.entries.delete(folder);
      this.entries.set(folder, cached);
      return { data: cached.data, seconds: 0 };
    }
    const start = performance.now();
    const data = loadMovieLens(folder);
    const seconds = (performance.now() - start) / 1000;
    this.entries.delete(folder);
    this.entries.set(folder, { key, data });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return { data, seconds };
  }
}

function fingerprint(folder: string): string {
  try {
    return readdirSync(folder)
      .sort()
      .map((name) => {
        const stats = statSync(join(folder, name));
        return `${name}:${stats.size}:${stats.mtimeMs}`;
      })
      .join('|');
  } catch {
    // A missing folder: loadMovieLens reports it with a proper message.
    return '';
  }
}
