/**
 * Runs in the "Recommender Lab" Output channel (the extension's one LogOutputChannel, ui/log.ts):
 * per run its configuration, data summary, per-fold results and timings, warnings and errors, in
 * the lines the CLI prints (src/shared/runReport.ts).
 */
import type { DataLoadedParams, ErrorInfo, FoldDoneParams, ProgressParams, RunRequest, RunResult } from '../../shared/run';
import {
  configurationLines,
  dataLine,
  foldLine,
  formatComparison,
  formatEvaluation,
  noteLines,
  protocolLine,
  verdictLines,
} from '../../shared/runReport';
import type { LogOutputChannel } from 'vscode';
import { getLog } from './log';

/** How a run ended, as the log tells it. */
export type RunEnd =
  | { readonly status: 'completed'; readonly result: RunResult; readonly seconds: number }
  | { readonly status: 'cancelled'; readonly seconds: number; readonly folds: number }
  | { readonly status: 'failed'; readonly error: ErrorInfo; readonly seconds: number };

export class RunLog {
  /** Made on first use, so activation stays light. */
  private get channel(): LogOutputChannel {
    return getLog();
  }

  /** Shows the channel in the Output panel. */
  show(): void {
    this.channel.show(true);
  }

  started(request: RunRequest): void {
    this.infoLines(configurationLines(request));
  }

  dataLoaded(request: RunRequest, loaded: DataLoadedParams, threads: number): void {
    this.channel.info(dataLine(request.dataFolder, loaded));
    for (const line of noteLines(loaded)) this.channel.warn(line);
    this.channel.info(protocolLine(request.protocol, threads));
  }

  /** A finished fold, with a warning when the solver had to revert non-finite updates. */
  foldDone(done: FoldDoneParams, progress: ProgressParams | undefined): void {
    const position = progress === undefined ? '' : `(${progress.foldIndex + 1}/${progress.foldCount})`;
    this.channel.info(foldLine(done, position));
    const reverted = (done.history ?? []).reduce((sum, point) => sum + point.nonFiniteUpdates, 0);
    if (reverted > 0) {
      this.channel.warn(`${done.role} ${done.fold.name}: ${reverted} non-finite updates were reverted during training`);
    }
  }

  ended(request: RunRequest, end: RunEnd): void {
    const took = `${end.seconds.toFixed(2)} s`;
    if (end.status === 'completed') {
      const result = end.result;
      const text = result.kind === 'evaluate' ? formatEvaluation(result.evaluation) : formatComparison(result.comparison);
      this.infoLines(text.split('\n'));
      if (result.kind === 'compare') this.infoLines(verdictLines(result.comparison));
      this.channel.info(`Run ${request.runId} completed in ${took}`);
    } else if (end.status === 'cancelled') {
      this.channel.warn(`Run ${request.runId} cancelled after ${took}; ${end.folds} fold${end.folds === 1 ? '' : 's'} had finished`);
    } else {
      // A data error's message already starts with its file:line.
      const { file, line, message } = end.error;
      const location = file === undefined || message.startsWith(file) ? '' : ` (${file}${line === undefined ? '' : `:${line}`})`;
      this.channel.error(`Run ${request.runId} failed after ${took}: ${message}${location}`);
    }
  }

  private infoLines(lines: readonly string[]): void {
    for (const line of lines) this.channel.info(line);
  }
}
