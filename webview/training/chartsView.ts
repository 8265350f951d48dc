/**
 * The "RMSE per iteration" section: one small chart per model (see curves.ts), side by side when
 * the panel is wide, stacked when narrow. Hidden as a whole when there is nothing to draw (a
 * Compare Runs panel of runs stored without curves), so no empty heading is left.
 */
import type { ModelRole } from '../../src/shared/run';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { element } from '../shared/dom';
import { readThemeColors } from '../shared/theme';
import { curvePanels, focusedRange } from './curves';
import { RmseChart } from './rmseChart';

interface DrawnChart {
  readonly box: HTMLElement;
  readonly name: HTMLElement;
  readonly label: HTMLElement;
  readonly chart: RmseChart;
}

export class ChartsView {
  private readonly note = element('p', { className: 'legend-note' });
  private readonly hint = element('p', { className: 'hint', text: 'Waiting for the first iteration…' });
  private readonly grid = element('div', { className: 'chart-grid' });
  readonly element = element('section', { className: 'chart-section' }, [
    element('h2', { text: 'RMSE per iteration' }),
    this.note,
    this.hint,
    this.grid,
  ]);
  private readonly charts = new Map<ModelRole, DrawnChart>();
  private runId: string | undefined;

  update(state: TrainingPanelState): void {
    if (state.request.runId !== this.runId) this.clear();
    this.runId = state.request.runId;
    const panels = curvePanels(state);
    const hasPoints = state.curves.some((curve) => curve.points.length > 0);
    this.element.hidden = panels.length === 0;
    this.hint.hidden = hasPoints;
    this.grid.hidden = !hasPoints;
    this.note.hidden = !hasPoints;
    if (!hasPoints) return;
    const range = focusedRange(panels.flatMap((panel) => panel.series));
    for (const panel of panels) {
      const drawn = this.charts.get(panel.role) ?? this.add(panel.role);
      drawn.name.textContent = panel.name;
      // One line each (the label cut short, whole in its tooltip), so the charts' axes line up.
      drawn.label.textContent = panel.label;
      drawn.label.title = panel.label;
      drawn.chart.update(panel, range);
    }
    const folds = new Set(state.curves.map((curve) => curve.foldName)).size;
    this.note.textContent = [
      'Solid: test RMSE',
      'dashed: train RMSE',
      folds > 1 ? 'faint: earlier folds' : '',
      panels.length > 1 ? 'one chart per model, each on its own x axis, all on the same y axis' : '',
      range?.clipped ? 'y axis zoomed: the first iterations start above it' : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }

  /** Re-reads the theme's colours (after VS Code switched theme). */
  applyTheme(): void {
    const colors = readThemeColors();
    for (const drawn of this.charts.values()) drawn.chart.applyTheme(colors);
  }

  private add(role: ModelRole): DrawnChart {
    const name = element('h3', { className: 'chart-title' });
    const label = element('p', { className: 'chart-label' });
    const canvas = element('canvas', { attributes: { role: 'img', 'aria-label': 'Train and test RMSE per iteration' } });
    const box = element('div', { className: 'chart-box chart-box-line' }, [canvas]);
    const figure = element('figure', { className: `chart-figure chart-${role}` }, [name, label, box]);
    this.grid.append(figure);
    const drawn = { box: figure, name, label, chart: new RmseChart(canvas, readThemeColors()) };
    this.charts.set(role, drawn);
    return drawn;
  }

  private clear(): void {
    for (const drawn of this.charts.values()) {
      drawn.chart.destroy();
      drawn.box.remove();
    }
    this.charts.clear();
  }
}
