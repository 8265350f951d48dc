/**
 * Chart colours come from the VS Code theme (--vscode-* variables on the webview's <html>), read
 * as computed styles because a canvas cannot use CSS variables. VS Code swaps the variables and the
 * body class (vscode-light, vscode-dark, vscode-high-contrast…) on a theme change; we watch the class.
 */

export interface ThemeColors {
  readonly foreground: string;
  readonly mutedForeground: string;
  readonly grid: string;
  readonly background: string;
  /** Border drawn around bars in high-contrast themes (transparent otherwise). */
  readonly contrastBorder: string | undefined;
  readonly fontFamily: string;
  readonly fontSize: number;
  /**
   * Distinct series colours in order of preference (charts blue, orange, green, purple, yellow,
   * red), opaque, without the ones the theme leaves undefined: high contrast has no charts.orange.
   */
  readonly series: readonly string[];
}

/** The first of these variables that is set, normalised to an rgb()/rgba() string. */
function themeColor(...names: string[]): string | undefined {
  const styles = getComputedStyle(document.documentElement);
  for (const name of names) {
    const value = styles.getPropertyValue(name).trim();
    if (value) return normalizeColor(value);
  }
  return undefined;
}

let probe: HTMLElement | undefined;

/** Resolves any CSS colour (hex, named, rgba) to the browser's rgb()/rgba() form. */
function normalizeColor(value: string): string {
  if (!probe) {
    probe = document.createElement('span');
    probe.hidden = true;
    document.body.append(probe);
  }
  probe.style.color = '';
  probe.style.color = value;
  return getComputedStyle(probe).color || value;
}

export function readThemeColors(): ThemeColors {
  const bodyStyles = getComputedStyle(document.body);
  const foreground = themeColor('--vscode-charts-foreground', '--vscode-foreground') ?? bodyStyles.color;
  // Series colours are used opaque: some themes define chart colours translucent (Dark Modern's
  // charts.orange is rgba(234, 92, 0, 0.33)), and the charts apply their own opacity for faint lines.
  const series: string[] = [];
  for (const name of ['blue', 'orange', 'green', 'purple', 'yellow', 'red']) {
    const color = themeColor(`--vscode-charts-${name}`);
    if (color && !series.includes(opaque(color))) series.push(opaque(color));
  }
  if (series.length === 0) series.push(opaque(themeColor('--vscode-textLink-foreground') ?? foreground));
  const fontSize = Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-font-size'));
  return {
    foreground,
    mutedForeground: themeColor('--vscode-descriptionForeground') ?? foreground,
    grid: themeColor('--vscode-charts-lines', '--vscode-widget-border') ?? withAlpha(foreground, 0.25),
    background: themeColor('--vscode-editor-background') ?? bodyStyles.backgroundColor,
    contrastBorder: isHighContrast() ? themeColor('--vscode-contrastBorder') : undefined,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--vscode-font-family').trim() || bodyStyles.fontFamily,
    fontSize: Number.isFinite(fontSize) && fontSize > 0 ? fontSize : 13,
    series,
  };
}

export function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

/** The same colour with another opacity; input in the rgb()/rgba() form readThemeColors returns. */
export function withAlpha(color: string, alpha: number): string {
  const match = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(color);
  if (!match) return color;
  return `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})`;
}

/** The series colour at this index (wrapping around when a theme defines few). */
export function seriesColor(colors: ThemeColors, index: number): string {
  return colors.series[index % colors.series.length];
}

/** The same colour fully opaque. */
export function opaque(color: string): string {
  return withAlpha(color, 1);
}

/** Calls the listener after VS Code switched the theme (it changes the body's class). */
export function onThemeChange(listener: () => void): void {
  let last = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    // The variables on <html> are swapped in the same task; read them after it.
    requestAnimationFrame(listener);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
