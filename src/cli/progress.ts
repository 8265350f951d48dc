import type { EvaluationHooks, FoldEvent } from '../core/eval/evaluate';

export interface ProgressOutput {
  readonly write: (text: string) => void;
  /** A terminal: iterations update one line in place; otherwise one line per finished fold. */
  readonly interactive: boolean;
}

/** Evaluation hooks that report progress on stderr (stdout stays clean for --json). */
export function progressHooks(output: ProgressOutput, labelOf: (role: FoldEvent['role']) => string): EvaluationHooks {
  let lastDraw = 0;
  return {
    onIteration: (fold, progress) => {
      if (!output.interactive) return;
      const now = performance.now();
      if (now - lastDraw < 100 && progress.iteration < progress.iterations) return;
      lastDraw = now;
      const test = progress.testRmse === undefined ? '' : `  test RMSE ${progress.testRmse.toFixed(4)}`;
      output.write(
        `\r\x1b[2K${fold.role} ${labelOf(fold.role)}  ${fold.foldName} (${fold.foldIndex + 1}/${fold.foldCount})  ` +
          `iteration ${progress.iteration}/${progress.iterations}  train RMSE ${progress.trainRmse.toFixed(4)}${test}`,
      );
    },
    onFold: (fold, result) => {
      const clear = output.interactive ? '\r\x1b[2K' : '';
      output.write(
        `${clear}${fold.role} ${labelOf(fold.role)}  ${fold.foldName} (${fold.foldIndex + 1}/${fold.foldCount})  ` +
          `RMSE ${result.rmse.toFixed(4)}  MAE ${result.mae.toFixed(4)}  ${result.seconds.toFixed(2)} s\n`,
      );
    },
  };
}
