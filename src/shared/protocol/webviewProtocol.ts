/**
 * Messages every webview page sends its host, whatever the panel. Webview → host params are
 * validated (see messages.ts): a page is less trusted than the host.
 */
import { hasOnlyKeys, isNonEmptyString, isPositiveInteger, isRecord, messageType } from './messages';

export type EmptyParams = Record<string, never>;

export function isEmptyParams(params: unknown): params is EmptyParams {
  return isRecord(params) && Object.keys(params).length === 0;
}

export interface OpenLocationParams {
  /** Absolute path of a data file; the host opens it only inside the run's data folder. */
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
}

function isOpenLocationParams(params: unknown): params is OpenLocationParams {
  return (
    isRecord(params) &&
    hasOnlyKeys(params, ['file'], ['line']) &&
    isNonEmptyString(params.file) &&
    (params.line === undefined || isPositiveInteger(params.line))
  );
}

/** Sent once the page's script runs; the host answers with the full state. */
export const WebviewReadyCommand = messageType<EmptyParams>(isEmptyParams)('webview/ready');

/** Asks the host to open a data file at a 1-based line (e.g. from a failed run's error banner). */
export const OpenLocationCommand = messageType<OpenLocationParams>(isOpenLocationParams)('webview/openLocation');
