/** Number formatting shared by the panels (pure; unit-tested). */

export function formatRmse(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(4);
}

export function formatSeconds(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** "m:ss" or "h:mm:ss". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "0.9316 ± 0.0028"; a single value (std 0 of one fold) reads better without "± 0". */
export function formatMeanStd(mean: number, std: number, format: (value: number) => string, count = 2): string {
  return count < 2 ? format(mean) : `${format(mean)} ± ${format(std)}`;
}

/** A relative gain (0.0123) as a signed percentage ("+1.23 %"). */
export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '–';
  const percent = fraction * 100;
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${Math.abs(percent).toFixed(2)} %`;
}

export function formatRating(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(2);
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length === 1) return { mean, std: 0 };
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}
