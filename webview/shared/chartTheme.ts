/** Theme defaults for every Chart.js chart of a panel (fonts and text colours from the theme). */
import { Chart } from 'chart.js';
import type { ChartOptions, ChartType } from 'chart.js';
import type { ThemeColors } from './theme';

/**
 * Scales, legends and tooltips resolve their fonts from Chart.defaults, not from a chart's
 * options.font, so the theme's font goes there. Call before creating charts and on theme change.
 */
export function applyChartDefaults(colors: ThemeColors): void {
  Chart.defaults.color = colors.foreground;
  Chart.defaults.borderColor = colors.grid;
  Chart.defaults.font.family = colors.fontFamily;
  Chart.defaults.font.size = Math.max(11, colors.fontSize - 1);
}

/** Tooltip and legend colours of one chart from the theme (high contrast gets a border colour). */
export function themeTooltipAndLegend<Type extends ChartType>(options: ChartOptions<Type>, colors: ThemeColors): void {
  const tooltip = options?.plugins?.tooltip;
  if (tooltip) {
    tooltip.backgroundColor = colors.background;
    tooltip.titleColor = colors.foreground;
    tooltip.bodyColor = colors.foreground;
    tooltip.borderColor = colors.contrastBorder ?? colors.grid;
    tooltip.borderWidth = 1;
  }
  const legend = options?.plugins?.legend?.labels;
  if (legend) legend.color = colors.foreground;
}

/**
 * A line chart's whole theme: defaults, text colour, both axes' grid, border, ticks and title, the
 * tooltip and legend. Called when the chart is made and on every theme change.
 */
export function themeLineChart(chart: { readonly options: ChartOptions<'line'> }, colors: ThemeColors): void {
  applyChartDefaults(colors);
  const options = chart.options;
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
