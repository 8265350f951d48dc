/** The Training panel's page: header, failure banner, RMSE chart and RMSE table. */
import type { ProgressParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { element, replaceChildren } from '../shared/dom';
import { readThemeColors } from '../shared/theme';
import { button } from '../ui/button';
import { RunHeader } from './header';
import { RmseChart } from './rmseChart';
import { RmseTableView } from './tableView';

export interface TrainingViewActions {
  cancel(runId: string): void;
  openLocation(file: string, line: number | undefined): void;
}

export class TrainingView {
  private readonly header: RunHeader;
  private readonly banner = element('div', { className: 'banner-slot' });
  private readonly chartHint = element('p', { className: 'hint', text: 'Waiting for the first iteration…' });
  private readonly chartNote = element('p', { className: 'legend-note' });
  private readonly chartBox = element('div', { className: 'chart-box chart-box-line' });
  private readonly table = new RmseTableView();
  private readonly chart: RmseChart;
  private state: TrainingPanelState | undefined;
  private bannerKey = '';

  constructor(root: HTMLElement, private readonly actions: TrainingViewActions) {
    this.header = new RunHeader(actions.cancel);
    const canvas = element('canvas', { attributes: { role: 'img', 'aria-label': 'Train and test RMSE per iteration' } });
    this.chartBox.append(canvas);
    const chartSection = element('section', { className: 'chart-section' }, [
      element('h2', { text: 'RMSE per iteration' }),
      this.chartNote,
      this.chartHint,
      this.chartBox,
    ]);
    replaceChildren(root, [this.header.element, this.banner, chartSection, this.table.element]);
    this.chart = new RmseChart(canvas, readThemeColors());
  }

  /** Full redraw: a new state from the host or a restored one. */
  render(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    document.body.dataset.status = state.status;
    this.renderBanner(state);
    this.table.update(state);
    this.renderProgress(state, lastProgress);
  }

  /** Cheap redraw after one iteration: header and chart only. */
  renderProgress(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    this.state = state;
    this.header.update(state, lastProgress);
    const hasCurves = state.curves.length > 0;
    this.chartHint.hidden = hasCurves || state.status !== 'running';
    this.chartBox.hidden = !hasCurves;
    this.chartNote.hidden = !hasCurves;
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
  }

  /** Re-reads the theme's colours (after VS Code switched theme). */
  applyTheme(): void {
    if (this.state) this.chart.recolor(readThemeColors(), this.state);
    else this.chart.applyTheme(readThemeColors());
  }

  private renderBanner(state: TrainingPanelState): void {
    const key = JSON.stringify([state.status, state.error, state.folds.length > 0]);
    if (key === this.bannerKey) return;
    this.bannerKey = key;
    if (state.status === 'failed') {
      replaceChildren(this.banner, [this.failureBanner(state)]);
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

  /** The error, and where it points in a data file with a button that opens it there. */
  private failureBanner(state: TrainingPanelState): HTMLElement {
    const error = state.error;
    const children: Node[] = [
      element('strong', { text: 'Run failed: ' }),
      element('span', { className: 'error-message', text: error?.message ?? 'unknown error' }),
    ];
    if (error?.file) {
      const file = error.file;
      const line = error.line;
      const suffix = line !== undefined ? `:${line}` : '';
      children.push(
        element('div', { className: 'error-location' }, [
          element('code', { text: `${file}${suffix}` }),
          button(`Open ${baseName(file)}${suffix}`, () => this.actions.openLocation(file, line), {
            appearance: 'secondary',
            title: `Open ${file}${suffix}`,
          }),
        ]),
      );
    }
    return element('div', { className: 'banner banner-error', attributes: { role: 'alert' } }, children);
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
