/** Theme defaults for every Chart.js chart of a panel (fonts and text colours from the theme). */
import { Chart } from 'chart.js';
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
