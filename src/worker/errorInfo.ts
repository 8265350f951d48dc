import { isDataError } from '../core/data/errors';
import type { ErrorInfo } from '../shared/run';

/** A thrown value as the protocol's ErrorInfo; a DataError keeps its file and line. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isDataError(error)) return { message: error.message, file: error.file, line: error.line > 0 ? error.line : undefined };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}
