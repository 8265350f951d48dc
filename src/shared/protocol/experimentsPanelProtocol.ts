/** Host ↔ Experiments panel. The table goes whole on ready and whenever the runs change. */
import type { ExperimentsPanelState, ExperimentsSort } from '../experimentsTable';
import { hasOnlyKeys, isNonEmptyString, isRecord, messageType } from './messages';

export interface ExportExperimentsParams {
  /** The order the panel shows, so the file reads the same. */
  readonly sort?: ExperimentsSort;
}

export interface OpenRunParams {
  readonly runId: string;
}

function isSort(value: unknown): value is ExperimentsSort {
  return (
    isRecord(value) &&
    hasOnlyKeys(value, ['column', 'descending']) &&
    isNonEmptyString(value.column, 100) &&
    typeof value.descending === 'boolean'
  );
}

function isExportParams(params: unknown): params is ExportExperimentsParams {
  return isRecord(params) && hasOnlyKeys(params, [], ['sort']) && (params.sort === undefined || isSort(params.sort));
}

function isOpenRunParams(params: unknown): params is OpenRunParams {
  return isRecord(params) && hasOnlyKeys(params, ['runId']) && isNonEmptyString(params.runId, 200) && /^[A-Za-z0-9_-]+$/.test(params.runId);
}

// Host → panel
export const ExperimentsStateNotification = messageType<ExperimentsPanelState>()('experimentsPanel/didChangeState');

// Panel → host
export const ExportExperimentsCommand = messageType<ExportExperimentsParams>(isExportParams)('experimentsPanel/export');
export const OpenRunCommand = messageType<OpenRunParams>(isOpenRunParams)('experimentsPanel/openRun');
