/**
 * One fold task in the worker: train the task's model on its fold, posting throttled progress,
 * then exactly one of DidFinishFoldTask, DidFailFoldTask or DidCancelFoldTask. Never throws.
 */
import { validateModelConfig } from '../core/config/modelConfig';
import { validateProtocolConfig } from '../core/config/protocolConfig';
import type { MovieLensData } from '../core/data/types';
import { evaluateFold } from '../core/eval/evaluate';
import type { IterationProgress } from '../core/train/types';
import { isCancelledError } from '../core/train/types';
import { createMessage } from '../shared/protocol/messages';
import type { Message } from '../shared/protocol/messages';
import {
  DidCancelFoldTaskNotification,
  DidFailFoldTaskNotification,
  DidFinishFoldTaskNotification,
  DidProgressFoldNotification,
} from '../shared/protocol/workerProtocol';
import type { FoldProgressParams, FoldTaskParams } from '../shared/protocol/workerProtocol';
import { toErrorInfo } from './errorInfo';
import { serializeModel } from './modelTransfer';
import { ProgressThrottle } from '../shared/progressThrottle';
import type { RunFolds } from './runFolds';

/** How a task talks back: post to the host, and poll for control messages (cancel) mid-task. */
export interface TaskPort {
  post(message: Message, transfer?: ArrayBuffer[]): void;
  /** Called once per iteration: the engine runs synchronously, so cancels are read here. */
  poll(): void;
}

export interface TaskContext {
  readonly data: MovieLensData;
  /** The run's folds (planned once per worker and run: the same protocol and seed, the same folds). */
  readonly folds: RunFolds;
  readonly signal: AbortSignal;
  readonly port: TaskPort;
}

export function runFoldTask(task: FoldTaskParams, context: TaskContext): void {
  const { taskId, runId } = task;
  const { port, signal } = context;
  try {
    // The boundary of the worker: what arrives is checked once, then trusted by the engine.
    const model = validateModelConfig(task.model);
    validateProtocolConfig(task.protocol);
    const fold = context.folds.fold(task.foldIndex);
    if (fold === undefined) throw new Error(`The run has no fold ${task.foldIndex + 1} (it has ${context.folds.count}).`);
    const throttle = new ProgressThrottle<FoldProgressParams>((params) => port.post(createMessage(DidProgressFoldNotification, params)));
    const history: IterationProgress[] = [];
    const event = { role: task.role, foldName: fold.name, foldIndex: task.foldIndex, foldCount: task.foldCount };
    const { result, fit } = evaluateFold(context.data, fold, model, event, {
      signal,
      onIteration: (_fold, progress) => {
        history.push(progress);
        const last = progress.iteration >= progress.iterations;
        throttle.offer({ taskId, runId, foldName: fold.name, progress }, last || progress.iteration <= 1);
        port.poll();
      },
    });
    throttle.flush();
    const serialized = task.wantModel ? serializeModel(fit.model, fold.name) : undefined;
    // Copied, not transferred: detaching any ArrayBuffer in this thread makes V8 drop the fast
    // typed-array paths the per-fold kernels rely on, for the rest of the thread's life.
    port.post(createMessage(DidFinishFoldTaskNotification, { taskId, runId, fold: result, history, model: serialized }));
  } catch (error) {
    if (isCancelledError(error) || signal.aborted) {
      port.post(createMessage(DidCancelFoldTaskNotification, { taskId, runId }));
    } else {
      port.post(createMessage(DidFailFoldTaskNotification, { taskId, runId, error: toErrorInfo(error) }));
    }
  }
}
