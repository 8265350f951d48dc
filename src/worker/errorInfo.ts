import { describeFailure } from '../core/data/errors';
import type { ErrorInfo } from '../shared/run';

/** A thrown value as the protocol's ErrorInfo; a DataError keeps its file and line. */
export function toErrorInfo(error: unknown): ErrorInfo {
  return describeFailure(error);
}
