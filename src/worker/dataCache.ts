import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toSharedMemory } from '../core/data/sharedMemory';
import type { LoadOptions, LoadProgress, MovieLensData } from '../core/data/types';
import { loadMovieLens } from '../core/data/load';
import type { SharedData } from '../shared/protocol/workerProtocol';

/** A data set as the worker keeps it: in shared memory, under a key that changes with its files. */
export interface CachedData {
  /** Folder and file fingerprint (names, sizes, times). */
  readonly key: string;
  readonly data: MovieLensData;
  /** Seconds the parse took (0 when it came from the cache). */
  readonly seconds: number;
  /** Whether it was parsed now (not cached, not offered). */
  readonly parsed: boolean;
}

/**
 * Keeps the last data sets loaded or handed over, so a describe, a spot check and the folds of a
 * run parse a folder once. A folder whose files changed (size or time) is loaded again. The typed
 * arrays are in shared memory (the rating columns from the parse on): the pool hands the same data
 * to its other workers.
 */
export class DataCache {
  private readonly entries = new Map<string, { key: string; data: MovieLensData }>();

  constructor(
    private readonly capacity = 2,
    /** Parses a large ratings.csv's second half on another thread (see LoadOptions), when `useParallel()` says so. */
    private readonly parseInParallel?: LoadOptions['parseInParallel'],
    private readonly useParallel: () => boolean = () => true,
  ) {}

  /**
   * The folder's data, parsed now unless cached or `offered` (another thread's parse) with the
   * key its files have now (`onProgress` hears the ratings file's reading when it is parsed).
   */
  load(folder: string, onProgress?: (progress: LoadProgress) => void, offered?: SharedData): CachedData {
    const key = `${folder}\u0000${fingerprint(folder)}`;
    const cached = this.byKey(key);
    if (cached !== undefined) return { key, data: cached, seconds: 0, parsed: false };
    if (offered?.dataKey === key) {
      this.remember(key, offered.data);
      return { key, data: offered.data, seconds: 0, parsed: false };
    }
    const start = performance.now();
    // The rating columns are parsed into shared memory; the rest (ids, titles) is small and copied.
    // Whether to split is asked only of a ratings file large enough: the look at the cores takes 50 ms.
    const data = toSharedMemory(
      loadMovieLens(folder, { sharedMemory: true, onProgress, parseInParallel: this.parseInParallel, parallelWanted: this.useParallel }),
    );
    const seconds = (performance.now() - start) / 1000;
    this.remember(key, data);
    return { key, data, seconds, parsed: true };
  }

  /** Data another worker loaded (shared memory, so nothing is copied). */
  adopt(key: string, data: MovieLensData): void {
    this.remember(key, data);
  }

  byKey(key: string): MovieLensData | undefined {
    for (const [folder, entry] of this.entries) {
      if (entry.key !== key) continue;
      // Re-insert: the Map's order is the eviction order.
      this.entries.delete(folder);
      this.entries.set(folder, entry);
      return entry.data;
    }
    return undefined;
  }

  private remember(key: string, data: MovieLensData): void {
    this.entries.delete(data.folder);
    this.entries.set(data.folder, { key, data });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
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
