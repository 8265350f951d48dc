/** Per-fold test RMSE of the ticked runs, one line each (Chart.js, only the pieces a line chart over categories needs). */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ExperimentRow } from '../../src/shared/experimentsTable';
import { foldDescription } from '../../src/shared/labels';
import { applyChartDefaults, themeLineChart } from '../shared/chartTheme';
import type { ThemeColors } from '../shared/theme';
import { seriesColor } from '../shared/theme';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Fold names in the order the runs list them; runs on other protocols add theirs after. */
export function foldLabels(rows: readonly ExperimentRow[]): string[] {
  const labels: string[] = [];
  for (const row of rows) for (const fold of row.folds) if (!labels.includes(fold.name)) labels.push(fold.name);
  return labels;
}

export class FoldChart {
  private readonly chart: Chart<'line', (number | null)[], string>;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private colors: ThemeColors,
  ) {
    applyChartDefaults(colors);
    this.chart = new Chart<'line', (number | null)[], string>(canvas, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          // Offset: the first and last folds' points sit inside the plot, not on its edges.
          x: {
            type: 'category',
            offset: true,
            title: { display: true, text: 'Fold' },
            ticks: { callback: (_value, index) => foldDescription(String(this.chart?.data.labels?.[index] ?? '')) },
          },
          y: { type: 'linear', title: { display: true, text: 'Test RMSE' }, ticks: { includeBounds: false } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'circle', boxHeight: 8 } },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] === undefined ? '' : foldDescription(String(items[0].label))),
              label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? Number.NaN).toFixed(4)}`,
            },
          },
        },
      },
    });
    this.applyTheme(colors);
  }

  /** Draws these runs (in table order, each keeping its colour while ticked). */
  update(rows: readonly ExperimentRow[]): void {
    const labels = foldLabels(rows);
    this.chart.data.labels = labels;
    this.chart.data.datasets = rows.map((row, index) => {
      const color = seriesColor(this.colors, index);
      const byName = new Map(row.folds.map((fold) => [fold.name, fold.rmse]));
      return {
        label: row.label,
        data: labels.map((name) => byName.get(name) ?? null),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: 3,
        pointHoverRadius: 5,
        spanGaps: false,
        tension: 0,
      };
    });
    this.canvas.dataset.series = String(rows.length);
    // Not 'none': that mode keeps the bars' and points' first shared options (their colours) for good.
    this.chart.update();
  }

  applyTheme(colors: ThemeColors): void {
    this.colors = colors;
    themeLineChart(this.chart, colors);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
