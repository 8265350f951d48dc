/** The Training panel's page: header, banner, verdict, RMSE charts and RMSE tables. */
import type { ProgressParams } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { element, replaceChildren } from '../shared/dom';
import { button } from '../ui/button';
import { ChartsView } from './chartsView';
import { RunHeader } from './header';
import { RmseTableView } from './tableView';
import { VerdictView } from './verdictView';

export interface TrainingViewActions {
  cancel(runId: string): void;
  openLocation(file: string, line: number | undefined): void;
}

export class TrainingView {
  private readonly header: RunHeader;
  private readonly banner = element('div', { className: 'banner-slot' });
  private readonly verdict = new VerdictView();
  private readonly charts = new ChartsView();
  private readonly table = new RmseTableView();
  private bannerKey = '';

  constructor(
    root: HTMLElement,
    private readonly actions: TrainingViewActions,
  ) {
    this.header = new RunHeader(actions.cancel);
    replaceChildren(root, [this.header.element, this.banner, this.verdict.element, this.charts.element, this.table.element]);
  }

  /** Full redraw: a new state from the host or a restored one. */
  render(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    document.body.dataset.status = state.status;
    this.renderBanner(state);
    this.verdict.update(state);
    this.table.update(state);
    this.renderProgress(state, lastProgress);
  }

  /** Cheap redraw after one iteration: header and charts only. */
  renderProgress(state: TrainingPanelState, lastProgress: ProgressParams | undefined): void {
    this.header.update(state, lastProgress);
    this.charts.update(state);
  }

  /** Re-reads the theme's colours (after VS Code switched theme). */
  applyTheme(): void {
    this.charts.applyTheme();
  }

  private renderBanner(state: TrainingPanelState): void {
    const key = JSON.stringify([state.status, state.error, state.folds.length > 0, state.deleted === true]);
    if (key === this.bannerKey) return;
    this.bannerKey = key;
    if (state.deleted === true) {
      replaceChildren(this.banner, [
        element('div', { className: 'banner banner-warning', attributes: { role: 'status' } }, [
          element('strong', { text: 'Run deleted. ' }),
          element('span', { text: 'It is no longer in the Runs view; this panel keeps what it showed until you close it.' }),
        ]),
      ]);
    } else if (state.status === 'failed') {
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
