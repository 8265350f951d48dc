/**
 * Progress of a run on stderr (stdout stays clean for --json), merged from every worker:
 * - a terminal: one status line redrawn at most 10 times a second (the folds training now);
 * - not a terminal (piped, CI): a line every 2 s with the folds training now, so a long run is
 *   never silent;
 * - and in both, one line per finished fold with its RMSE, MAE and time.
 */
import type { RunHandle } from '../threads/runHandle';
import type { ProgressParams } from '../shared/run';
import { foldLine } from '../shared/runReport';

export interface ProgressOutput {
  readonly write: (text: string) => void;
  /** A terminal: the status line updates in place. */
  readonly interactive: boolean;
  /** Milliseconds between status lines when not a terminal (default 2000). */
  readonly pipedIntervalMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

/** Reports a run's progress until it ends. */
export function reportProgress(handle: RunHandle, output: ProgressOutput): void {
  const training = new Map<string, ProgressParams>();
  let lastDraw = 0;
  const interval = output.interactive ? 100 : (output.pipedIntervalMs ?? 2000);
  const status = (): string =>
    [...training.values()]
      .map(({ role, foldName, foldIndex, foldCount, progress }) => {
        const test = progress.testRmse === undefined ? '' : ` test ${progress.testRmse.toFixed(4)}`;
        return `${role} ${foldName} (${foldIndex + 1}/${foldCount}) ${progress.iteration}/${progress.iterations}${test}`;
      })
      .join(' · ');
  handle.onProgress((params) => {
    const key = `${params.role}/${params.foldName}`;
    training.set(key, params);
    const now = performance.now();
    if (now - lastDraw < interval) return;
    lastDraw = now;
    output.write(output.interactive ? `${CLEAR_LINE}${status()}` : `  training: ${status()}\n`);
  });
  handle.onDidFinishFold((done) => {
    const key = `${done.role}/${done.fold.name}`;
    const progress = training.get(key);
    training.delete(key);
    const position = progress === undefined ? '' : `(${progress.foldIndex + 1}/${progress.foldCount})`;
    output.write(`${output.interactive ? CLEAR_LINE : ''}${foldLine(done, position)}\n`);
  });
}
