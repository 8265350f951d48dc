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
