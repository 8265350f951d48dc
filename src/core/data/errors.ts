/**
 * Bad input is refused with the file, the 1-based line and what is wrong, so that a user (or the
 * extension's "Open at line" action) can go straight to it.
 */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    readonly file: string,
    /** 1-based line number; 0 when the problem is the file as a whole (missing, unreadable). */
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

export function isDataError(value: unknown): value is DataError {
  return value instanceof Error && value.name === 'DataError' && 'file' in value && 'line' in value;
}
