/** Builds the Training panel's DOM from a TrainingPanelState (header, banner, chart, table). */
import type { ProgressParams, TrainingPanelState } from '../../src/protocol';
import { runLabel } from '../../src/panels/trainingState';
import { element, replaceChildren } from '../shared/dom';
import { formatDuration, formatRmse } from '../shared/format';
import { readThemeColors } from '../shared/theme';
import { badge } from '../ui/badge';
import { button } from '../ui/button';
import { dataGrid } from '../ui/dataGrid';
import { progressRing } from '../ui/progressRing';
import { RmseChart } from './rmseChart';
import { buildRmseTable, shortModelNames } from './rmseTable';

export interface TrainingViewActions {
  cancel(runId: string): void;
  openLocation(file: string, line: number | undefined): void;
}

const STATUS_TEXT = { running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' } as const;

export class TrainingView {
  private readonly header = element('header', { className: 'panel-header' });
  private readonly progressLine = element('div', { className: 'progress-line', attributes: { role: 'status' } });
  private readonly progressBar = element('progress', { className: 'progress-bar', attributes: { max: '1' } });
  private readonly banner = element('div', { className: 'banner-slot' });
  private readonly chartHint = element('p', { className: 'hint', text: 'Waiting for the first iteration…' });
  private readonly chartNote = element('p', { className: 'legend-note' });
  private readonly chartBox = element('div', { className: 'chart-box chart-box-line' });
  private readonly tableSection = element('section', { className: 'table-section' });
  private readonly chart: RmseChart;
  private state: TrainingPanelState | undefined;
  private lastProgress: ProgressParams | undefined;
  private timer: number | undefined;

  constructor(root: HTMLElement, private readonly actions: TrainingViewActions) {
    const canvas = element('canvas', { attributes: { role: 'img', 'aria-label': 'Train and test RMSE per iteration' } });
    const chartSection = element('section', { className: 'chart-section' }, [
      element('h2', { text: 'RMSE per iteration' }),
      this.chartNote,
      this.chartHint,
      this.chartBox,
    ]);
    this.chartBox.append(canvas);
    replaceChildren(root, [this.header, this.banner, chartSection, this.tableSection]);
    this.chart = new RmseChart(canvas, readThemeColors());
  }

  /** Full redraw: a new state from the host or a restored one. */
  render(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    this.state = state;
    this.lastProgress = lastProgress;
    document.body.dataset.status = state.status;
    this.renderHeader(state);
    this.renderBanner(state);
    this.renderTable(state);
    this.renderProgress(state, lastProgress);
  }

  /** Cheap redraw after one iteration: progress line and chart only. */
  renderProgress(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    this.state = state;
    this.lastProgress = lastProgress;
    const hasCurves = state.curves.length > 0;
    this.chartHint.hidden = hasCurves || state.status !== 'running';
    this.chartBox.hidden = !hasCurves;
    this.chartNote.hidden = !hasCurves;
    this.updateProgressLine();
    const clipped = this.chart.update(state);
    const folds = new Set(state.curves.map((curve) => curve.foldName)).size;
    this.chartNote.textContent = [
      'Solid: test RMSE',
      'dashed: train RMSE',
      folds > 1 ? 'faint: earlier folds' : '',
      clipped ? 'y axis zoomed: the first iterations start above it' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    if (state.status === 'running' && this.timer === undefined) {
      this.timer = window.setInterval(() => this.updateProgressLine(), 1000);
    } else if (state.status !== 'running' && this.timer !== undefined) {
      window.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Re-reads the theme's colours (after VS Code switched theme). */
  applyTheme(): void {
    if (this.state) this.chart.recolor(readThemeColors(), this.state);
    else this.chart.applyTheme(readThemeColors());
  }

  private renderHeader(state: TrainingPanelState): void {
    const { request } = state;
    const protocol = request.protocol;
    const split =
      protocol.protocol === 'bootstrap'
        ? `${protocol.folds} folds × ${protocol.repeats} repeats`
        : protocol.protocol === 'holdout' || protocol.protocol === 'cold-users'
          ? `${Math.round(protocol.testFraction * 100)} % test`
          : '';
    const meta = [
      request.kind === 'compare' ? 'Paired comparison' : 'Evaluation',
      `${protocol.protocol}${split ? ` (${split})` : ''}`,
      `seed ${protocol.seed}`,
      request.dataFolder,
    ].join(' · ');
    const children: Node[] = [
      element('div', { className: 'title-row' }, [
        element('h1', { text: runLabel(request) }),
        badge(STATUS_TEXT[state.status], { className: `status status-${state.status}` }),
      ]),
      element('div', { className: 'meta', text: meta, attributes: { title: meta } }),
    ];
    if (state.status === 'running') {
      const ring = progressRing('Training');
      const cancel = button('Cancel', () => this.actions.cancel(request.runId), {
        appearance: 'secondary',
        title: 'Stop this run; folds already finished are kept',
        id: 'cancel-run',
      });
      children.push(element('div', { className: 'progress-row' }, [ring, this.progressLine, cancel]), this.progressBar);
    } else {
      children.push(element('div', { className: 'progress-row' }, [this.progressLine]));
    }
    replaceChildren(this.header, children);
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
          progress.label,
          `fold ${progress.foldIndex + 1}/${progress.foldCount} (${progress.foldName})`,
          `iteration ${progress.progress.iteration}/${progress.progress.iterations}`,
        );
        if (progress.progress.testRmse !== undefined) parts.push(`test RMSE ${formatRmse(progress.progress.testRmse)}`);
      } else if (lastCurve && lastCurve.points.length > 0) {
        const point = lastCurve.points[lastCurve.points.length - 1];
        parts.push(lastCurve.label, `fold ${lastCurve.foldName}`, `iteration ${point.iteration}/${point.iterations}`);
      } else {
        parts.push('Loading data…');
      }
      const started = Date.parse(state.startedAt);
      if (Number.isFinite(started)) parts.push(`elapsed ${formatDuration((Date.now() - started) / 1000)}`);
      this.progressBar.value = progressFraction(state, progress);
    } else {
      const seconds = totalSeconds(state);
      parts.push(`Started ${new Date(state.startedAt).toLocaleString()}`);
      if (seconds !== undefined) parts.push(`took ${formatDuration(seconds)}`);
    }
    this.progressLine.textContent = parts.join(' · ');
  }

  private renderBanner(state: TrainingPanelState): void {
    if (state.status === 'failed') {
      const error = state.error;
      const location = error?.file ? `${error.file}${error.line !== undefined ? `:${error.line}` : ''}` : undefined;
      const children: Node[] = [
        element('strong', { text: 'Run failed: ' }),
        element('span', { className: 'error-message', text: error?.message ?? 'unknown error' }),
      ];
      if (error?.file && location) {
        const file = error.file;
        children.push(
          element('div', { className: 'error-location' }, [
            element('code', { text: location }),
            button(`Open ${baseName(file)}${error.line !== undefined ? `:${error.line}` : ''}`, () => this.actions.openLocation(file, error.line), {
              appearance: 'secondary',
              title: `Open ${location}`,
            }),
          ]),
        );
      }
      replaceChildren(this.banner, [element('div', { className: 'banner banner-error', attributes: { role: 'alert' } }, children)]);
    } else if (state.status === 'cancelled') {
      replaceChildren(this.banner, [
        element('div', { className: 'banner banner-warning', attributes: { role: 'status' } }, [
          element('strong', { text: 'Run cancelled. ' }),
          element('span', { text: state.folds.length ? 'Folds finished before the cancel are shown below.' : 'No fold had finished.' }),
        ]),
      ]);
    } else {
      replaceChildren(this.banner, []);
    }
  }

  private renderTable(state: TrainingPanelState): void {
    const table = buildRmseTable(state);
    if (!table) {
      replaceChildren(this.tableSection, []);
      return;
    }
    const children: Node[] = [element('h2', { text: table.final ? 'RMSE table' : 'RMSE table (folds finished so far)' })];
    const headline = this.headline(state);
    if (headline) children.push(element('p', { className: 'headline', text: headline }));
    children.push(
      dataGrid(
        // Never wrap "0.9316 ± 0.0028": columns take at least their content's width.
        table.columns.map((column) => ({ title: column.title, numeric: column.numeric, width: 'minmax(max-content, 1fr)' })),
        table.rows.map((row) => ({ cells: row.cells, className: row.kind === 'summary' ? 'summary' : undefined })),
        'RMSE per fold',
      ),
    );
    replaceChildren(this.tableSection, children);
  }

  private headline(state: TrainingPanelState): string | undefined {
    const result = state.result;
    if (result?.kind === 'evaluate') {
      const { rmse, folds } = result.evaluation;
      return `RMSE ${formatRmse(rmse.mean)} ± ${formatRmse(rmse.std)} over ${folds.length} folds`;
    }
    if (result?.kind === 'compare') {
      const { gain, gainPerFold, baseline, candidate } = result.comparison;
      const [baselineName, candidateName] = shortModelNames(baseline.model, candidate.model);
      const direction = gain.mean >= 0 ? 'lower' : 'higher';
      return (
        `${candidateName} vs ${baselineName}: RMSE ${(Math.abs(gain.mean) * 100).toFixed(2)} ± ${(gain.std * 100).toFixed(2)} % ${direction} ` +
        `(paired over ${gainPerFold.length} folds; ${formatRmse(baseline.rmse.mean)} → ${formatRmse(candidate.rmse.mean)})`
      );
    }
    return undefined;
  }
}

/** Share of the run done: finished fold runs plus the current fold's iterations. */
function progressFraction(state: TrainingPanelState, progress: ProgressParams | undefined): number {
  if (!progress) return 0;
  const models = state.request.kind === 'compare' ? 2 : 1;
  const total = progress.foldCount * models;
  const current = progress.progress.iterations > 0 ? progress.progress.iteration / progress.progress.iterations : 0;
  return Math.min(1, (state.folds.length + Math.min(current, 0.999)) / total);
}

function totalSeconds(state: TrainingPanelState): number | undefined {
  const result = state.result;
  if (result?.kind === 'evaluate') return result.evaluation.seconds;
  if (result?.kind === 'compare') return result.comparison.baseline.seconds + result.comparison.candidate.seconds;
  if (state.folds.length) return state.folds.reduce((sum, done) => sum + done.fold.seconds, 0);
  return undefined;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
