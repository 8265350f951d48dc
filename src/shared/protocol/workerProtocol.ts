/**
 * Host ↔ training worker (each worker of the pool, src/threads/foldPool.ts, and the query worker).
 *
 * The pool asks one worker to load a data set (a request: the reply carries the data in shared
 * memory and the run's fold names), then hands out fold tasks; a worker answers each task with
 * progress and exactly one of DidFinishFoldTask, DidFailFoldTask or DidCancelFoldTask. One-off
 * questions (a data catalogue, a spot check) are requests with typed replies.
 */
import type { ModelConfig, ProtocolConfig } from '../../core/config/schema';
import type { MovieLensData } from '../../core/data/types';
import type { IterationProgress } from '../../core/train/types';
import type { CatalogUser, DataCatalog } from '../catalog';
import type { UserPage, UserQuery } from '../userQuery';
import type { ErrorInfo, FoldResult, ModelRole, RunRequest, SerializedModel } from '../run';
import type { SpotCheckState } from '../spotCheckPanelState';
import type { NewUser, WhatIfState } from '../whatIfState';
import { messageType, requestType } from './messages';

// ---------------------------------------------------------------------------------------------
// Data for a run

/**
 * The workerData of a pool worker that should yield the cores to the rest of its process (the
 * extension's pool, beside the editor): it lowers its own thread's priority (worker/threadPriority.ts).
 */
export interface BackgroundWorkerData {
  readonly background: true;
}

export function isBackgroundWorkerData(data: unknown): data is BackgroundWorkerData {
  return typeof data === 'object' && data !== null && (data as { background?: unknown }).background === true;
}

export interface LoadDataParams {
  readonly dataFolder: string;
  /** The folds are made once here too, so a protocol the data cannot serve fails before training. */
  readonly protocol: ProtocolConfig;
  /** The folder's data as another thread parsed it: used instead of a parse if the files are unchanged. */
  readonly offered?: SharedData;
}

/**
 * A data set one thread parsed, in shared memory: the pool and the query worker hand it to each
 * other so that a folder is parsed once, not once per thread. Its key (folder and file
 * fingerprint) is checked against the files before use: a folder changed since is parsed again.
 */
export interface SharedData {
  readonly dataKey: string;
  readonly data: MovieLensData;
}

/** The query worker parsed a data folder (not sent for a pool's LoadDataRequest: its reply has the data). */
export const DidParseDataNotification = messageType<SharedData>()('data/didParse');

/** Data the pool parsed, for the query worker's cache: its next request on that folder needs no parse. */
export const AdoptDataCommand = messageType<SharedData>()('data/adopt');

/** The data (its key: folder and file fingerprint; its typed arrays in SharedArrayBuffers) and the run's folds. */
export interface LoadedData extends SharedData {
  /** Seconds the parse took; 0 when no parse was needed (cached, or offered and unchanged). */
  readonly seconds: number;
  /** Whether the worker parsed the folder for this request. */
  readonly parsed: boolean;
  readonly foldNames: readonly string[];
}

/** Loads (or finds cached) a data folder and plans the protocol's folds. */
export const LoadDataRequest = requestType<LoadDataParams, LoadedData, ErrorInfo>()('data/load');

/** How a worker's reading of a data folder goes (the ratings file: bytes read of its size). */
export interface LoadProgressParams {
  readonly dataFolder: string;
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** Sent while a worker parses a data folder (at most once per percent), whatever asked for it. */
export const DidProgressLoadNotification = messageType<LoadProgressParams>()('data/didProgressLoad');

// ---------------------------------------------------------------------------------------------
// Fold tasks: host → worker

export interface FoldTaskParams {
  readonly taskId: string;
  readonly runId: string;
  readonly role: ModelRole;
  readonly model: ModelConfig;
  readonly protocol: ProtocolConfig;
  readonly foldIndex: number;
  readonly foldCount: number;
  readonly dataKey: string;
  /** Sent with a run's first task on each worker; later tasks of the run find it by dataKey. */
  readonly data?: MovieLensData;
  /** Send the trained model back (the run keeps the first fold's). */
  readonly wantModel: boolean;
}

export const TrainFoldCommand = messageType<FoldTaskParams>()('fold/train');
/** Stops every task of the run on this worker at its next iteration (queued ones at once). */
export const CancelTrainingCommand = messageType<{ readonly runId: string }>()('training/cancel');

// ---------------------------------------------------------------------------------------------
// Fold tasks: worker → host

export interface FoldProgressParams {
  readonly taskId: string;
  readonly runId: string;
  readonly foldName: string;
  readonly progress: IterationProgress;
}

export interface FoldFinishedParams {
  readonly taskId: string;
  readonly runId: string;
  readonly fold: FoldResult;
  /** Every iteration of the fold, in order (live progress is throttled). */
  readonly history: readonly IterationProgress[];
  readonly model?: SerializedModel;
}

export const DidProgressFoldNotification = messageType<FoldProgressParams>()('fold/didProgress');
export const DidFinishFoldTaskNotification = messageType<FoldFinishedParams>()('fold/didFinish');
export const DidFailFoldTaskNotification = messageType<{ readonly taskId: string; readonly runId: string; readonly error: ErrorInfo }>()(
  'fold/didFail',
);
export const DidCancelFoldTaskNotification = messageType<{ readonly taskId: string; readonly runId: string }>()('fold/didCancel');

// ---------------------------------------------------------------------------------------------
// One-off requests (answered in arrival order, after the task the worker is on)

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

/** The user ids and films of a data folder (what hovers need; the users' details come by pages). */
export const DescribeDataRequest = requestType<DescribeDataParams, DataCatalog, ErrorInfo>()('data/describe');

export interface QueryUsersParams {
  readonly dataFolder: string;
  readonly query: UserQuery;
}

/** A page of a data folder's users, filtered and ordered by the worker (the Users view). */
export const QueryUsersRequest = requestType<QueryUsersParams, UserPage, ErrorInfo>()('users/query');

export interface UsersPreviewParams {
  /** The QueryUsersRequest (the first page by id, unfiltered) this previews. */
  readonly requestId: string;
  /** Its first users, complete, from the part of a user-ordered ratings file read so far. */
  readonly users: readonly CatalogUser[];
}

/**
 * Sent at most once per users query while the worker reads a large ratings file for it: the
 * query's page before its reply, which follows when the file is read (src/worker/userDirectory.ts).
 */
export const DidPreviewUsersNotification = messageType<UsersPreviewParams>()('users/didPreview');
/** A user's spot check under a run's model. */
export const ComputeSpotCheckRequest = requestType<SpotCheckParams, SpotCheckState, ErrorInfo>()('spotCheck/compute');

export interface WhatIfParams {
  /** The run whose model scores the new user, on the fold it was trained on. */
  readonly run: RunRequest;
  readonly model: SerializedModel;
  readonly user: NewUser;
  /** How many films to recommend. */
  readonly count: number;
}

/** A new user's top films under a run's model (cold-start what-if). */
export const ComputeWhatIfRequest = requestType<WhatIfParams, WhatIfState, ErrorInfo>()('whatIf/compute');

export interface RatingPartParams {
  /** The run whose fold is meant (its data folder, protocol and seed make the folds again). */
  readonly run: RunRequest;
  readonly foldName: string;
  readonly userId: number;
  readonly itemId: number;
}

export interface RatingPart {
  readonly foldName: string;
  /** 'none': the fold holds no rating of this user and film (e.g. an edited line). */
  readonly part: 'train' | 'test' | 'none';
}

/** Whether a user's rating of a film was in the training or the test part of a run's fold. */
export const RatingPartRequest = requestType<RatingPartParams, RatingPart, ErrorInfo>()('fold/ratingPart');
