/**
 * The Training panel's header: run name, status badge, protocol, live progress and Cancel. Built
 * once and updated in place, so the Cancel button a user is about to click is never replaced.
 */
import type { ProgressParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { foldDescription, roleName, runDescription, runLabel, runModels } from '../../src/shared/labels';
import { element } from '../shared/dom';
import { formatDuration, formatRmse } from '../shared/format';
import { badge } from '../ui/badge';
import { button } from '../ui/button';
import { progressRing } from '../ui/progressRing';

/** How long the progress line waits for a redraw before its clock ticks by itself (see scheduleTick). */
const TICK_AFTER_QUIET_MS = 1500;

const STATUS_TEXT = { running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' } as const;

export class RunHeader {
  readonly element = element('header', { className: 'panel-header' });
  private readonly title = element('h1');
  private readonly status = badge('');
  private readonly meta = element('div', { className: 'meta' });
  private readonly ring = progressRing('Training');
  private readonly progressLine = element('div', { className: 'progress-line', attributes: { role: 'status' } });
  private readonly cancel: HTMLElement;
  private readonly progressBar = element('progress', { className: 'progress-bar', attributes: { max: '1' } });
  private state: TrainingPanelState | undefined;
  private lastProgress: ProgressParams | undefined;
  private timer: number | undefined;

  constructor(onCancel: (runId: string) => void) {
    this.cancel = button(
      'Cancel',
      () => {
        if (this.state?.status === 'running') onCancel(this.state.request.runId);
      },
      { appearance: 'secondary', title: 'Stop this run; folds already finished are kept', id: 'cancel-run' },
    );
    this.element.append(
      element('div', { className: 'title-row' }, [this.title, this.status]),
      this.meta,
      element('div', { className: 'progress-row' }, [this.ring, this.progressLine, this.cancel]),
      this.progressBar,
    );
  }

  update(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    const changedRun = this.state?.request !== state.request;
    this.state = state;
    this.lastProgress = lastProgress;
    if (changedRun) {
      this.title.textContent = runLabel(state.request);
      const meta = runDescription(state.request);
      this.meta.textContent = meta;
      this.meta.title = meta;
    }
    this.status.textContent = STATUS_TEXT[state.status];
    this.status.className = `badge status status-${state.status}`;
    const running = state.status === 'running';
    // The spinner only until the first iteration, then the progress bar moves: its animation
    // repaints every frame, and in code-server the renderer doing it took a share of a core the
    // folds needed (default Train FM, charts drawn once a second: 50 s to the status bar's end
    // with it, 29–36 s without, in single runs).
    this.ring.hidden = !running || lastProgress !== undefined;
    this.cancel.hidden = !running;
    this.progressBar.hidden = !running;
    this.updateProgressLine();
    this.scheduleTick(running);
  }

  /**
   * Elapsed time ticks while running, from the run's start. Progress redraws the line about once a
   * second, so the clock ticks by itself only when they stop (loading the data, a long first
   * iteration): a tick between two redraws would be a frame of its own for the workbench to draw,
   * in software in code-server, while the folds need the cores.
   */
  private scheduleTick(running: boolean): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    if (!running) return;
    const tick = (delayMs: number): void => {
      this.timer = window.setTimeout(() => {
        this.updateProgressLine();
        tick(1000);
      }, delayMs);
    };
    tick(TICK_AFTER_QUIET_MS);
  }

  private updateProgressLine(): void {
    const state = this.state;
    if (!state) return;
    const parts: string[] = [];
    const progress = this.lastProgress;
    const lastCurve = state.curves[state.curves.length - 1];
    if (state.status === 'running') {
      if (progress) {
        parts.push(
          roleName(state.request, progress.role),
          `fold ${progress.foldIndex + 1}/${progress.foldCount} (${foldDescription(progress.foldName)})`,
          `iteration ${progress.progress.iteration}/${progress.progress.iterations}`,
        );
        if (progress.progress.testRmse !== undefined) parts.push(`test RMSE ${formatRmse(progress.progress.testRmse)}`);
      } else if (lastCurve && lastCurve.points.length > 0) {
        const point = lastCurve.points[lastCurve.points.length - 1];
        parts.push(
          roleName(state.request, lastCurve.role),
          foldDescription(lastCurve.foldName),
          `iteration ${point.iteration}/${point.iterations}`,
        );
      } else {
        parts.push('Loading data…');
      }
      const started = Date.parse(state.startedAt);
      if (Number.isFinite(started)) parts.push(`elapsed ${formatDuration((Date.now() - started) / 1000)}`);
      this.progressBar.value = progressFraction(state, progress);
    } else if (state.compared !== undefined) {
      // Compare Runs: each run's own start and duration, never a sum.
      state.compared.forEach((run, index) => {
        const took = run.seconds === undefined ? '' : `, took ${formatDuration(run.seconds)}`;
        parts.push(`${index === 0 ? 'Baseline' : 'Candidate'} run started ${new Date(run.startedAt).toLocaleString()}${took}`);
      });
    } else {
      parts.push(`Started ${new Date(state.startedAt).toLocaleString()}`);
      const seconds = tookSeconds(state);
      if (seconds !== undefined) parts.push(`took ${formatDuration(seconds)}`);
    }
    this.progressLine.textContent = parts.join(' · ');
  }
}

/** Share of the run done: finished folds of every model plus the current fold's iterations. */
function progressFraction(state: TrainingPanelState, progress: ProgressParams | undefined): number {
  if (!progress) return 0;
  const total = progress.foldCount * runModels(state.request).length;
  const current = progress.progress.iterations > 0 ? progress.progress.iteration / progress.progress.iterations : 0;
  return Math.min(1, (state.folds.length + Math.min(current, 0.999)) / total);
}

/**
 * The run's wall-clock time (the host measures it; a cancelled run's counts until the cancel). Runs
 * drawn from an older state without it: an evaluation's training seconds, else nothing.
 */
function tookSeconds(state: TrainingPanelState): number | undefined {
  if (state.seconds !== undefined) return state.seconds;
  return state.result?.kind === 'evaluate' ? state.result.evaluation.seconds : undefined;
}
