/** Host ↔ Training panel. The state goes whole (on ready and on every change), progress live, in batches. */
import type { ProgressParams } from '../run';
import type { TrainingPanelState } from '../trainingPanelState';
import { hasOnlyKeys, isNonEmptyString, isRecord, messageType } from './messages';

export interface CancelRunParams {
  readonly runId: string;
}

function isCancelRunParams(params: unknown): params is CancelRunParams {
  return isRecord(params) && hasOnlyKeys(params, ['runId']) && isNonEmptyString(params.runId, 200);
}

// Host → panel
export const TrainingStateNotification = messageType<TrainingPanelState>()('trainingPanel/didChangeState');
/** Live iterations since the last batch, in order (the host sends them about once a second). */
export interface TrainingProgressBatch {
  readonly events: readonly ProgressParams[];
}
export const TrainingProgressNotification = messageType<TrainingProgressBatch>()('trainingPanel/didProgress');

// Panel → host
export const CancelRunCommand = messageType<CancelRunParams>(isCancelRunParams)('trainingPanel/cancel');
