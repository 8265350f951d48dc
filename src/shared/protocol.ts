/**
 * The one message protocol of Recommender Lab: host ↔ training worker, and host ↔ webview panels.
 *
 * Every message is `{ method, params }`. A message type is declared once as a constant that
 * carries its params type, and `isMessage(type, value)` narrows an incoming value to it, so no
 * side switches on an untyped string.
 *
 * This file is imported by the extension host, the worker and the webview bundles: types and
 * tiny helpers only, no `vscode`, no Node modules.
 */
import type { ComparisonResult, EvaluationResult, FoldResult, ProtocolConfig } from '../core/eval/types';
import type { EmbeddingModel } from '../core/model/embeddingModel';
import type { IterationProgress, ModelConfig } from '../core/train/types';

export interface MessageType<Method extends string, Params> {
  readonly method: Method;
  /** Phantom field: only carries the params type. */
  readonly params?: Params;
}

export interface Message<Method extends string = string, Params = unknown> {
  readonly method: Method;
  readonly params: Params;
}

export type ParamsOf<T> = T extends MessageType<string, infer P> ? P : never;

function messageType<Params>() {
  return <Method extends string>(method: Method): MessageType<Method, Params> => ({ method });
}

export function createMessage<Method extends string, Params>(
  type: MessageType<Method, Params>,
  params: Params,
): Message<Method, Params> {
  return { method: type.method, params };
}

export function isMessage<Method extends string, Params>(
  type: MessageType<Method, Params>,
  value: unknown,
): value is Message<Method, Params> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { method?: unknown }).method === type.method &&
    'params' in value
  );
}

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** A failure that can point at a place in a data file. */
export interface ErrorInfo {
  readonly message: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
}

export type RunKind = 'evaluate' | 'compare';
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** What a run was asked to do; stored with the run. */
export interface RunRequest {
  readonly runId: string;
  readonly kind: RunKind;
  /** Absolute path of the MovieLens folder. */
  readonly dataFolder: string;
  /** The model (evaluate), or the baseline (compare). */
  readonly model: ModelConfig;
  /** compare only: the model measured against the baseline on the same folds. */
  readonly candidate?: ModelConfig;
  readonly protocol: ProtocolConfig;
}

/** Which model of the run a progress event is about (compare runs have two). */
export type ModelRole = 'model' | 'baseline' | 'candidate';

export interface ProgressParams {
  readonly runId: string;
  readonly role: ModelRole;
  readonly label: string;
  readonly foldName: string;
  /** 0-based index of the fold among foldCount. */
  readonly foldIndex: number;
  readonly foldCount: number;
  readonly progress: IterationProgress;
}

export interface FoldDoneParams {
  readonly runId: string;
  readonly role: ModelRole;
  readonly label: string;
  readonly fold: FoldResult;
  /**
   * Every iteration of the fold, in order (live progress is throttled, so a fast fold's live curve
   * has gaps). Set by the worker; the host folds it into the curves and stores folds without it.
   */
  readonly history?: readonly IterationProgress[];
}

export type RunResult =
  | { readonly kind: 'evaluate'; readonly evaluation: EvaluationResult }
  | { readonly kind: 'compare'; readonly comparison: ComparisonResult };

/**
 * A trained model in transferable form (typed arrays survive structured clone). The host stores
 * it beside the run so hovers and spot checks work after a reload without retraining.
 */
export interface SerializedModel extends EmbeddingModel {
  readonly formatVersion: 1;
  /** Fold the model was trained on (its test part is what the spot check recommends from). */
  readonly foldName: string;
}

// ---------------------------------------------------------------------------------------------
// Host → worker

export const StartTrainingCommand = messageType<RunRequest>()('training/start');
export const CancelTrainingCommand = messageType<{ readonly runId: string }>()('training/cancel');

export type HostToWorkerMessage =
  | Message<typeof StartTrainingCommand.method, RunRequest>
  | Message<typeof CancelTrainingCommand.method, { readonly runId: string }>
  | Message<typeof DescribeDataCommand.method, { readonly requestId: string; readonly dataFolder: string }>
  | Message<typeof ComputeSpotCheckCommand.method, SpotCheckRequest>;

// ---------------------------------------------------------------------------------------------
// Worker → host

export interface DataLoadedParams {
  readonly runId: string;
  readonly format: string;
  readonly users: number;
  readonly items: number;
  readonly ratings: number;
  readonly seconds: number;
}

export interface CompletedParams {
  readonly runId: string;
  readonly result: RunResult;
  /** The model of the first fold (compare: the candidate's). */
  readonly model: SerializedModel;
}

export const DidLoadDataNotification = messageType<DataLoadedParams>()('training/didLoadData');
export const DidProgressNotification = messageType<ProgressParams>()('training/didProgress');
export const DidFinishFoldNotification = messageType<FoldDoneParams>()('training/didFinishFold');
export const DidCompleteNotification = messageType<CompletedParams>()('training/didComplete');
export const DidFailNotification = messageType<{ readonly runId: string; readonly error: ErrorInfo }>()(
  'training/didFail',
);
export const DidCancelNotification = messageType<{ readonly runId: string }>()('training/didCancel');

// ---------------------------------------------------------------------------------------------
// Host → worker requests answered once (data catalogue for the Users view and hovers, spot checks)

/** What the host keeps of a data set: enough for the Users view and hovers without parsing. */
export interface DataCatalog {
  readonly format: string;
  readonly folder: string;
  readonly ratingsFile: string;
  readonly itemsFile: string;
  readonly ratingScale: { readonly min: number; readonly max: number };
  /** users[i] is dense user index i: row i of a model's user factors. */
  readonly users: readonly CatalogUser[];
  /** items[i] is dense item index i: row i of a model's item factors. */
  readonly items: readonly CatalogItem[];
}

export interface CatalogUser {
  readonly id: number;
  readonly age?: number;
  readonly gender?: string;
  readonly occupation?: string;
  readonly ratingCount: number;
}

export interface CatalogItem {
  readonly id: number;
  readonly title: string;
  readonly year?: number;
}

export interface SpotCheckRequest {
  readonly requestId: string;
  /** The run whose first fold and model are used. */
  readonly run: RunRequest;
  readonly model: SerializedModel;
  readonly userId: number;
  readonly unseenCount: number;
}

export const DescribeDataCommand = messageType<{ readonly requestId: string; readonly dataFolder: string }>()(
  'data/describe',
);
export const ComputeSpotCheckCommand = messageType<SpotCheckRequest>()('spotCheck/compute');
export const DidDescribeDataNotification = messageType<{ readonly requestId: string; readonly catalog: DataCatalog }>()(
  'data/didDescribe',
);
export const DidComputeSpotCheckNotification = messageType<{
  readonly requestId: string;
  readonly state: SpotCheckState;
}>()('spotCheck/didCompute');
export const DidFailRequestNotification = messageType<{ readonly requestId: string; readonly error: ErrorInfo }>()(
  'request/didFail',
);

// ---------------------------------------------------------------------------------------------
// Host ↔ Training panel

/** Everything the Training panel draws; sent whole so a restored panel redraws from it. */
export interface TrainingPanelState {
  readonly request: RunRequest;
  readonly status: RunStatus;
  readonly startedAt: string;
  /** Per role and fold: the iteration curve so far. */
  readonly curves: readonly TrainingCurve[];
  readonly folds: readonly FoldDoneParams[];
  readonly result?: RunResult;
  readonly error?: ErrorInfo;
}

export interface TrainingCurve {
  readonly role: ModelRole;
  readonly label: string;
  readonly foldName: string;
  readonly points: readonly IterationProgress[];
}

export const TrainingStateNotification = messageType<TrainingPanelState>()('trainingPanel/didChangeState');
export const TrainingProgressNotification = messageType<ProgressParams>()('trainingPanel/didProgress');
export const CancelRunCommand = messageType<{ readonly runId: string }>()('trainingPanel/cancel');

// ---------------------------------------------------------------------------------------------
// Host ↔ Spot Check panel

export interface RatedFilm {
  readonly itemId: number;
  readonly title: string;
  readonly actual?: number;
  readonly predicted?: number;
}

export interface SpotCheckState {
  readonly runId: string;
  readonly runLabel: string;
  readonly user: {
    readonly id: number;
    readonly age?: number;
    readonly gender?: string;
    readonly occupation?: string;
    readonly ratingCount: number;
  };
  /** Top-10 films of the user's training ratings. */
  readonly history: readonly RatedFilm[];
  /** The user's test films ranked by prediction, top 5, with actual and predicted ratings. */
  readonly recommendedFromTest: readonly RatedFilm[];
  /** Top-N among all films the user has not rated in training. */
  readonly topUnseen: readonly RatedFilm[];
}

export const SpotCheckStateNotification = messageType<SpotCheckState>()('spotCheckPanel/didChangeState');
export const OpenFilmCommand = messageType<{ readonly itemId: number }>()('spotCheckPanel/openFilm');

// ---------------------------------------------------------------------------------------------
// Any webview → host

/** Sent once the webview's script runs; the host answers with the full state. */
export const WebviewReadyCommand = messageType<Record<string, never>>()('webview/ready');

/** Asks the host to open a data file at a 1-based line (e.g. from a failed run's error banner). */
export const OpenLocationCommand = messageType<{ readonly file: string; readonly line?: number }>()(
  'webview/openLocation',
);
