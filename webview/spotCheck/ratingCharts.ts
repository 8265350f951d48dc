/** Horizontal bar charts of film ratings (Chart.js, only the pieces a bar chart needs). */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ChartDataset, Plugin } from 'chart.js';
import { applyChartDefaults, themeTooltipAndLegend } from '../shared/chartTheme';
import type { RatedFilm } from '../../src/shared/spotCheckPanelState';
import type { ThemeColors } from '../shared/theme';
import { seriesColor, withAlpha } from '../shared/theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export type BarSeriesKind = 'actual' | 'predicted';

export interface RatingChartSpec {
  readonly films: readonly RatedFilm[];
  /** One bar per film per series: [actual] or [predicted] or both, paired. */
  readonly series: readonly BarSeriesKind[];
  readonly onFilmClick?: (itemId: number) => void;
}

const SERIES_LABEL: Record<BarSeriesKind, string> = { actual: 'Actual rating', predicted: 'Predicted rating' };

/** Characters per line of a film's axis label. */
const LABEL_LINE = 28;

/**
 * A film's axis label: one line, or two split at a space (Chart.js gives a vertical axis at most
 * half the chart's width and clips longer labels on the left); the tooltip shows the full title.
 */
export function axisTitle(title: string): string | string[] {
  if (title.length <= LABEL_LINE) return title;
  const split = title.lastIndexOf(' ', LABEL_LINE);
  const first = split > 0 ? title.slice(0, split) : title.slice(0, LABEL_LINE);
  const rest = title.slice(first.length).trim();
  return [first, rest.length > LABEL_LINE ? `${rest.slice(0, LABEL_LINE - 1)}…` : rest];
}

/** Integers (actual ratings) as "5", predictions as "4.62". */
function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export class RatingChart {
  private readonly chart: Chart<'bar', (number | null)[], string | string[]>;
  private labelColor: string;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly spec: RatingChartSpec,
    colors: ThemeColors,
  ) {
    applyChartDefaults(colors);
    this.labelColor = colors.foreground;
    // Each bar's value written at its end, as in the article's figures (room kept on the right).
    const valueLabels: Plugin<'bar'> = {
      id: 'valueLabels',
      afterDatasetsDraw: (chart) => {
        const context = chart.ctx;
        context.save();
        context.fillStyle = this.labelColor;
        context.font = `${Chart.defaults.font.size ?? 12}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
        context.textBaseline = 'middle';
        context.textAlign = 'left';
        chart.data.datasets.forEach((dataset, datasetIndex) => {
          const meta = chart.getDatasetMeta(datasetIndex);
          if (meta.hidden) return;
          meta.data.forEach((bar, index) => {
            const value = dataset.data[index];
            if (typeof value !== 'number') return;
            const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
            context.fillText(formatValue(value), x + 4, y);
          });
        });
        context.restore();
      },
    };
    const maximum = Math.max(5, ...spec.films.flatMap((film) => [film.actual ?? 0, film.predicted ?? 0]).map((value) => Math.ceil(value)));
    this.chart = new Chart<'bar', (number | null)[], string | string[]>(canvas, {
      type: 'bar',
      data: {
        labels: spec.films.map((film) => axisTitle(film.title)),
        datasets: spec.series.map((kind) => ({
          label: SERIES_LABEL[kind],
          data: spec.films.map((film) => film[kind] ?? null),
        })),
      },
      plugins: [valueLabels],
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 36 } },
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', min: 0, max: maximum, ticks: { stepSize: 1 }, title: { display: true, text: 'Rating' } },
          y: { type: 'category', grid: { display: false } },
        },
        plugins: {
          legend: { display: spec.series.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              title: (items) => spec.films[items[0]?.dataIndex ?? 0]?.title ?? '',
              label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.x ?? Number.NaN).toFixed(2)}`,
            },
          },
        },
        onClick: (event, elements) => {
          const index = elements[0]?.index;
          const film = index === undefined ? undefined : spec.films[index];
          if (film) spec.onFilmClick?.(film.itemId);
        },
        onHover: (event, elements) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement) target.style.cursor = elements.length && spec.onFilmClick ? 'pointer' : 'default';
        },
      },
    });
    this.applyTheme(colors);
  }

  /** Colours: actual in the theme's blue, predicted in its orange (the article's paired bars). */
  applyTheme(colors: ThemeColors): void {
    applyChartDefaults(colors);
    this.labelColor = colors.foreground;
    const options = this.chart.options;
    options.color = colors.foreground;
    const x = options.scales?.x;
    const y = options.scales?.y;
    if (x) {
      x.grid = { color: colors.grid };
      x.border = { color: colors.grid };
      x.ticks = { ...x.ticks, color: colors.mutedForeground };
      if ('title' in x && x.title) x.title.color = colors.mutedForeground;
    }
    if (y) {
      y.border = { color: colors.grid };
      y.ticks = { ...y.ticks, color: colors.foreground };
    }
    themeTooltipAndLegend(options, colors);
    this.spec.series.forEach((kind, index) => {
      const dataset = this.chart.data.datasets[index] as ChartDataset<'bar', (number | null)[]>;
      const base = seriesColor(colors, kind === 'actual' ? 0 : 1);
      dataset.backgroundColor = colors.contrastBorder ? withAlpha(base, 0.9) : withAlpha(base, 0.8);
      dataset.hoverBackgroundColor = base;
      dataset.borderColor = colors.contrastBorder ?? base;
      dataset.borderWidth = colors.contrastBorder ? 1 : 0;
      dataset.borderRadius = 2;
      dataset.barPercentage = 0.85;
      dataset.categoryPercentage = this.spec.series.length > 1 ? 0.8 : 0.75;
    });
    // Not 'none': that mode keeps the bars' and points' first shared options (their colours) for good.
    this.chart.update();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
