/** One model's RMSE-per-iteration line chart (Chart.js, only the pieces a line chart needs). */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { ThemeColors } from '../shared/theme';
import { seriesColor, withAlpha } from '../shared/theme';
import { applyChartDefaults, themeLineChart } from '../shared/chartTheme';
import type { AxisRange, CurvePanel, CurvePoint } from './curves';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type LineDataset = ChartDataset<'line', CurvePoint[]> & { current: boolean };

/** Test points are marked when there are few of them; train lines never (they are the dashed ones). */
const MAX_MARKED_POINTS = 30;

export class RmseChart {
  private readonly chart: Chart<'line', CurvePoint[]>;
  private panel: CurvePanel | undefined;
  private range: AxisRange | undefined;

  constructor(
    canvas: HTMLCanvasElement,
    private colors: ThemeColors,
  ) {
    applyChartDefaults(colors);
    this.chart = new Chart<'line', CurvePoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        // Live updates every iteration: animation would only lag behind.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Iteration' }, ticks: { precision: 0 } },
          // Zoomed bounds are rarely round: label only the ticks inside them.
          y: { type: 'linear', title: { display: true, text: 'RMSE' }, ticks: { includeBounds: false } },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              // A wide 'line' point style keeps each dataset's dash (train is dashed) in the legend.
              usePointStyle: true,
              pointStyle: 'line',
              pointStyleWidth: 30,
              // The default takes the style of a point, which has no dash: add the line's.
              generateLabels: (chart) =>
                Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                  const dataset = chart.data.datasets[item.datasetIndex ?? 0] as LineDataset | undefined;
                  const dash = dataset?.borderDash;
                  const lineDash = Array.isArray(dash) ? dash.filter((value): value is number => typeof value === 'number') : [];
                  return { ...item, lineDash, lineWidth: 2 };
                }),
              filter: (item, data) => (data.datasets[item.datasetIndex ?? 0] as LineDataset).current,
            },
          },
          tooltip: {
            filter: (item) => (item.dataset as LineDataset).current,
            callbacks: {
              title: (items) => (items[0] ? `${this.panel?.unit ?? 'iteration'} ${items[0].parsed.x}` : ''),
              label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? Number.NaN).toFixed(4)}`,
            },
          },
        },
      },
    });
    this.applyTheme(colors);
  }

  /** Redraws one model's lines (cheap: a few dozen lines of at most a few hundred points) on a y range shared by the charts. */
  update(panel: CurvePanel, range: AxisRange | undefined): void {
    this.panel = panel;
    this.range = range;
    const x = this.chart.options.scales?.x;
    if (x && 'title' in x && x.title) x.title.text = panel.unit;
    const y = this.chart.options.scales?.y;
    if (y) {
      y.min = range?.min;
      y.max = range?.max;
    }
    const base = seriesColor(this.colors, panel.colorIndex);
    this.chart.data.datasets = panel.series.map((series): LineDataset => {
      // Earlier folds faint; less so in high contrast, where faint lines would vanish on black.
      const color = series.current ? base : withAlpha(base, this.colors.contrastBorder ? 0.5 : 0.3);
      const marked = series.current && series.kind === 'test' && series.points.length <= MAX_MARKED_POINTS;
      return {
        label: series.label,
        data: [...series.points],
        current: series.current,
        borderColor: color,
        backgroundColor: color,
        borderWidth: series.current ? 2 : 1,
        borderDash: series.kind === 'train' ? [6, 4] : [],
        pointRadius: marked ? 2 : 0,
        pointHoverRadius: series.current ? 4 : 0,
        spanGaps: true,
        tension: 0,
      };
    });
    // What it draws, for the end-to-end tests to compare with the run (as the spot check's data-bars).
    this.chart.canvas.dataset.points = String(panel.series.reduce((total, series) => total + series.points.length, 0));
    // Not 'none': that mode keeps the bars' and points' first shared options (their colours) for good.
    this.chart.update();
  }

  /** Re-reads theme colours into the chart and redraws its lines in them. */
  applyTheme(colors: ThemeColors): void {
    this.colors = colors;
    themeLineChart(this.chart, colors);
    if (this.panel) this.update(this.panel, this.range);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
