/** The live RMSE-per-iteration line chart (Chart.js, only the pieces a line chart needs). */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import type { ThemeColors } from '../shared/theme';
import { seriesColor, withAlpha } from '../shared/theme';
import { applyChartDefaults, themeTooltipAndLegend } from '../shared/chartTheme';
import { curveSeries, focusedRange } from './curves';
import type { CurvePoint } from './curves';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type LineDataset = ChartDataset<'line', CurvePoint[]> & { current: boolean };

export class RmseChart {
  private readonly chart: Chart<'line', CurvePoint[]>;

  constructor(canvas: HTMLCanvasElement, private colors: ThemeColors) {
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
              label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? Number.NaN).toFixed(4)}`,
            },
          },
        },
      },
    });
    this.applyTheme(colors);
  }

  /**
   * Redraws from the whole state (cheap: a few dozen lines of at most a few hundred points).
   * Returns whether early iterations were cut off by the zoomed y axis.
   */
  update(state: TrainingPanelState): boolean {
    const allSeries = curveSeries(state);
    const range = focusedRange(allSeries);
    const y = this.chart.options.scales?.y;
    if (y) {
      y.min = range?.min;
      y.max = range?.max;
    }
    this.chart.data.datasets = allSeries.map((series): LineDataset => {
      const base = seriesColor(this.colors, series.modelIndex);
      // Earlier folds faint; less so in high contrast, where faint lines would vanish on black.
      const color = series.current ? base : withAlpha(base, this.colors.contrastBorder ? 0.5 : 0.3);
      return {
        label: `${series.label} ${series.kind} (${series.foldName})`,
        data: [...series.points],
        current: series.current,
        borderColor: color,
        backgroundColor: color,
        borderWidth: series.current ? 2 : 1,
        borderDash: series.kind === 'train' ? [6, 4] : [],
        pointRadius: series.current && series.points.length <= 30 ? 2 : 0,
        pointHoverRadius: series.current ? 4 : 0,
        spanGaps: true,
        tension: 0,
      };
    });
    this.chart.update('none');
    return range?.clipped ?? false;
  }

  /** Re-reads theme colours into the chart (after a theme change). */
  applyTheme(colors: ThemeColors): void {
    this.colors = colors;
    applyChartDefaults(colors);
    const options = this.chart.options;
    options.color = colors.foreground;
    for (const axis of ['x', 'y'] as const) {
      const scale = options.scales?.[axis];
      if (!scale) continue;
      scale.grid = { color: colors.grid };
      scale.border = { color: colors.grid };
      scale.ticks = { ...scale.ticks, color: colors.mutedForeground };
      if ('title' in scale && scale.title) scale.title.color = colors.foreground;
    }
    themeTooltipAndLegend(options, colors);
  }

  /** Applies new colours to the lines already drawn. */
  recolor(colors: ThemeColors, state: TrainingPanelState): void {
    this.applyTheme(colors);
    this.update(state);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
