/** Host ↔ Spot Check panel (a user of the data, or a new user's what-if). */
import type { SpotCheckPanelState } from '../spotCheckPanelState';
import { isNewUser } from '../whatIfState';
import type { NewUser } from '../whatIfState';
import { hasOnlyKeys, isNonNegativeInteger, isRecord, messageType } from './messages';
import { isEmptyParams } from './webviewProtocol';
import type { EmptyParams } from './webviewProtocol';

export interface OpenFilmParams {
  /** The film's id in the data files. */
  readonly itemId: number;
}

function isOpenFilmParams(params: unknown): params is OpenFilmParams {
  return isRecord(params) && hasOnlyKeys(params, ['itemId']) && isNonNegativeInteger(params.itemId);
}

export interface WhatIfParams {
  /** The new user's inputs as the panel's form now has them. */
  readonly user: NewUser;
}

function isWhatIfParams(params: unknown): params is WhatIfParams {
  return isRecord(params) && hasOnlyKeys(params, ['user']) && isNewUser(params.user);
}

// Host → panel
export const SpotCheckStateNotification = messageType<SpotCheckPanelState>()('spotCheckPanel/didChangeState');

// Panel → host
export const OpenFilmCommand = messageType<OpenFilmParams>(isOpenFilmParams)('spotCheckPanel/openFilm');
/** Score the new user again with these inputs (the what-if's form changed). */
export const WhatIfCommand = messageType<WhatIfParams>(isWhatIfParams)('spotCheckPanel/whatIf');
/** Let the person pick a film the new user liked (the host's searchable list of the data's films). */
export const PickLikedFilmCommand = messageType<EmptyParams>(isEmptyParams)('spotCheckPanel/pickLikedFilm');
