/**
 * The extension's two kinds of worker thread, the run pool and the query worker, each parse a data
 * folder when they first need it. Wired together here, whichever parses a folder first hands the
 * data (shared memory, nothing copied) to the other, so a folder is parsed once in a window: a
 * window's first run reads no ratings file when the Users view has read it, and the catalogue
 * a run asks for needs no second parse. Each side checks the files' fingerprint before using what
 * it was given. No `vscode` import.
 */
import type { FoldPool } from './foldPool';
import type { QueryClient } from './queryClient';

export function shareParsedData(pool: FoldPool, queries: QueryClient): { dispose(): void } {
  const toQueries = pool.onDidParseData((shared) => queries.offerData(shared));
  const toPool = queries.onDidParseData((shared) => pool.offerData(shared));
  return {
    dispose: () => {
      toQueries.dispose();
      toPool.dispose();
    },
  };
}
