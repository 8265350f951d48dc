import type { CompletedParams, DataLoadedParams, ErrorInfo, FoldDoneParams, ProgressParams, RunRequest } from '../shared/run';

/** How a run ended. */
export type RunOutcome =
  | { readonly status: 'completed'; readonly completed: CompletedParams }
  | { readonly status: 'failed'; readonly error: ErrorInfo }
  | { readonly status: 'cancelled' };

/** A run on the pool: its events (merged from every worker), a way to stop it, and its outcome. */
export interface RunHandle {
  readonly runId: string;
  readonly request: RunRequest;
  /** Resolves (never rejects) when the run completed, failed or was cancelled. */
  readonly outcome: Promise<RunOutcome>;
  onDidLoadData(listener: (params: DataLoadedParams) => void): { dispose(): void };
  onProgress(listener: (params: ProgressParams) => void): { dispose(): void };
  onDidFinishFold(listener: (params: FoldDoneParams) => void): { dispose(): void };
  /** Stops every worker on the run at its next iteration; the outcome then becomes 'cancelled'. */
  cancel(): void;
}
