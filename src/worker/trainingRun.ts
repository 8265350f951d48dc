import { isCancelledError } from '../core/train/types';
import type { FitResult, IterationProgress } from '../core/train/types';
import type { FoldResult } from '../core/eval/types';
import type { MovieLensData } from '../core/data/types';
import { createMessage } from '../shared/protocol/messages';
import { DidCancelNotification, DidCompleteNotification, DidFailNotification, DidFinishFoldNotification, DidLoadDataNotification, DidProgressNotification } from '../shared/protocol/workerProtocol';
import type { Message } from '../shared/protocol/messages';
import type { ProgressParams, RunRequest, RunResult, SerializedModel } from '../shared/run';
import { compare, evaluate } from './engine';
import { validateModelConfig } from '../core/config/modelConfig';
import { validateProtocolConfig } from '../core/config/protocolConfig';
import type { EvaluationHooks, FoldEvent } from './engine';
import { toErrorInfo } from './errorInfo';
import { modelBuffers, serializeModel } from './modelTransfer';
import { ProgressThrottle } from './progressThrottle';
import { modelLabel } from '../shared/labels';

/** How a run talks back: post to the host, and poll for control messages (cancel) mid-run. */
export interface RunPort {
  post(message: Message, transfer?: ArrayBuffer[]): void;
  /** Called once per iteration: the engine runs synchronously, so cancels are read here. */
  poll(): void;
}

export interface DataSource {
  load(folder: string): { data: MovieLensData; seconds: number };
}

/**
 * Runs one training request to its end and posts what happens. Never throws: every outcome is a
 * DidComplete, DidFail or DidCancel notification.
 */
export function runTraining(request: RunRequest, signal: AbortSignal, port: RunPort, source: DataSource): void {
  const runId = request.runId;
  try {
    const { data, seconds } = source.load(request.dataFolder);
    port.post(
      createMessage(DidLoadDataNotification, {
        runId,
        format: data.format,
        users: data.users.count,
        items: data.items.count,
        ratings: data.ratings.length,
        seconds,
      }),
    );
    port.poll();
    if (signal.aborted) {
      port.post(createMessage(DidCancelNotification, { runId }));
      return;
    }

    const throttle = new ProgressThrottle<ProgressParams>((params) =>
      port.post(createMessage(DidProgressNotification, params)),
    );
    let firstModel: SerializedModel | undefined;
    // The fold's every iteration, sent with its end: the live events are throttled.
    let history: IterationProgress[] = [];
    const modelRole = request.kind === 'compare' ? 'candidate' : 'model';
    const labels = {
      model: modelLabel(request.model),
      baseline: modelLabel(request.model),
      candidate: request.candidate === undefined ? '' : modelLabel(request.candidate),
    };
    const hooks: EvaluationHooks = {
      signal,
      onIteration(fold: FoldEvent, progress: IterationProgress): void {
        history.push(progress);
        const last = progress.iteration >= progress.iterations;
        throttle.offer(progressParams(runId, fold, labels[fold.role], progress), last || progress.iteration <= 1);
        port.poll();
      },
      onFold(fold: FoldEvent, result: FoldResult, fit: FitResult): void {
        throttle.flush();
        if (firstModel === undefined && fold.role === modelRole) {
          firstModel = serializeModel(fit.model, fold.foldName);
        }
        port.post(createMessage(DidFinishFoldNotification, { runId, role: fold.role, label: labels[fold.role], fold: result, history }));
        history = [];
        port.poll();
      },
    };

    let result: RunResult;
    if (request.kind === 'compare') {
      if (request.candidate === undefined) throw new Error('A compare run needs a candidate model.');
      result = { kind: 'compare', comparison: compare(data, validateModelConfig(request.model), validateModelConfig(request.candidate), validateProtocolConfig(request.protocol), hooks) };
    } else {
      result = { kind: 'evaluate', evaluation: evaluate(data, validateModelConfig(request.model), validateProtocolConfig(request.protocol), hooks) };
    }
    throttle.flush();
    if (firstModel === undefined) throw new Error('The run finished without a trained model.');
    port.post(createMessage(DidCompleteNotification, { runId, result, model: firstModel }), modelBuffers(firstModel));
  } catch (error) {
    if (isCancelledError(error) || signal.aborted) {
      port.post(createMessage(DidCancelNotification, { runId }));
    } else {
      port.post(createMessage(DidFailNotification, { runId, error: toErrorInfo(error) }));
    }
  }
}

function progressParams(runId: string, fold: FoldEvent, label: string, progress: IterationProgress): ProgressParams {
  return {
    runId,
    role: fold.role,
    label,
    foldName: fold.foldName,
    foldIndex: fold.foldIndex,
    foldCount: fold.foldCount,
    progress,
  };
}
