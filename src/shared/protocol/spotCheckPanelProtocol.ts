/** Host ↔ Spot Check panel. */
import type { SpotCheckState } from '../spotCheckPanelState';
import { hasOnlyKeys, isNonNegativeInteger, isRecord, messageType } from './messages';

export interface OpenFilmParams {
  /** The film's id in the data files. */
  readonly itemId: number;
}

function isOpenFilmParams(params: unknown): params is OpenFilmParams {
  return isRecord(params) && hasOnlyKeys(params, ['itemId']) && isNonNegativeInteger(params.itemId);
}

// Host → panel
export const SpotCheckStateNotification = messageType<SpotCheckState>()('spotCheckPanel/didChangeState');

// Panel → host
export const OpenFilmCommand = messageType<OpenFilmParams>(isOpenFilmParams)('spotCheckPanel/openFilm');
