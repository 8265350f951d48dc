/**
 * Warms the run pool's workers (src/threads/warmUp.ts) once a window finds MovieLens data in its
 * workspace, a few seconds after activation so that the window's own start-up goes first. Once a
 * window, with the model Train FM would train; not when a run is already going (it warms them),
 * nor with the warmUp setting off.
 */
import type * as vscode from 'vscode';
import type { FoldPool } from '../../threads/foldPool';
import { warmUpPool } from '../../threads/warmUp';
import type { WarmUpOutcome } from '../../threads/warmUp';
import type { DataContextKey } from '../data/dataContext';
import { configuredWarmUp, modelConfig, trainedKind } from '../settings';
import { getLog } from '../ui/log';

/** After the data check: the window's views and the first paint come before the warm-up. */
export const WARM_UP_DELAY_MS = 3000;

/** Where the window's warm-up is: not decided yet, not done (and why), or started. */
export type WarmUpState = 'waiting' | 'no data' | 'setting off' | 'run going' | 'started';

export class WorkerWarmUp implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  state: WarmUpState = 'waiting';
  /** The outcome of the warm-up, once started. */
  done: Promise<WarmUpOutcome> | undefined;

  constructor(
    private readonly pool: FoldPool,
    dataContext: DataContextKey,
  ) {
    void dataContext.ready.then((hasData) => {
      if (this.disposed) return;
      if (hasData) this.timer = setTimeout(() => this.start(), WARM_UP_DELAY_MS);
      else this.state = 'no data';
    });
  }

  private start(): void {
    this.timer = undefined;
    if (this.disposed) return;
    if (!configuredWarmUp()) this.state = 'setting off';
    else if (this.pool.activeRuns.length > 0) this.state = 'run going';
    else this.run();
  }

  /** Warms the pool now (the timer's work; tests call it directly). */
  run(): Promise<WarmUpOutcome> {
    this.state = 'started';
    const started = performance.now();
    const threads = this.pool.threads;
    this.done = warmUpPool(this.pool, modelConfig(trainedKind({}), {})).then(
      (outcome) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        getLog().info(`Warm-up of ${threads} training thread${threads === 1 ? '' : 's'}: ${outcome} in ${seconds} s.`);
        return outcome;
      },
      (error: unknown) => {
        getLog().warn(`Warm-up of the training threads failed: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed' as const;
      },
    );
    return this.done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
