/**
 * Host ↔ training worker. The host starts and cancels runs (the worker answers with notifications
 * about that run until exactly one of DidComplete, DidFail or DidCancel), and asks one-off
 * questions (a data catalogue, a spot check) as requests with typed replies.
 */
import type { DataCatalog } from '../catalog';
import type {
  CompletedParams,
  DataLoadedParams,
  ErrorInfo,
  FoldDoneParams,
  ProgressParams,
  RunRequest,
  SerializedModel,
} from '../run';
import type { SpotCheckState } from '../spotCheckPanelState';
import { messageType, requestType } from './messages';
import type { Message, RequestParams } from './messages';

// ---------------------------------------------------------------------------------------------
// Runs: host → worker

export const StartTrainingCommand = messageType<RunRequest>()('training/start');
export const CancelTrainingCommand = messageType<{ readonly runId: string }>()('training/cancel');

// ---------------------------------------------------------------------------------------------
// Runs: worker → host

export const DidLoadDataNotification = messageType<DataLoadedParams>()('training/didLoadData');
export const DidProgressNotification = messageType<ProgressParams>()('training/didProgress');
export const DidFinishFoldNotification = messageType<FoldDoneParams>()('training/didFinishFold');
export const DidCompleteNotification = messageType<CompletedParams>()('training/didComplete');
export const DidFailNotification = messageType<{ readonly runId: string; readonly error: ErrorInfo }>()(
  'training/didFail',
);
export const DidCancelNotification = messageType<{ readonly runId: string }>()('training/didCancel');

// ---------------------------------------------------------------------------------------------
// One-off requests (answered in arrival order, after any run the worker is on)

export interface DescribeDataParams {
  readonly dataFolder: string;
}

export interface SpotCheckParams {
  /** The run whose first fold and model are used. */
  readonly run: RunRequest;
  readonly model: SerializedModel;
  readonly userId: number;
  readonly unseenCount: number;
}

/** The users and films of a data folder. */
export const DescribeDataRequest = requestType<DescribeDataParams, DataCatalog, ErrorInfo>()('data/describe');
/** A user's spot check under a run's model. */
export const ComputeSpotCheckRequest = requestType<SpotCheckParams, SpotCheckState, ErrorInfo>()('spotCheck/compute');

/** Every message the host sends the worker. */
export type HostToWorkerMessage =
  | Message<typeof StartTrainingCommand.method, RunRequest>
  | Message<typeof CancelTrainingCommand.method, { readonly runId: string }>
  | Message<typeof DescribeDataRequest.request.method, RequestParams<DescribeDataParams>>
  | Message<typeof ComputeSpotCheckRequest.request.method, RequestParams<SpotCheckParams>>;
