/**
 * The training worker (bundled to dist/worker.js): runs the engine off the extension host's
 * thread. It speaks only the messages of src/shared/protocol/workerProtocol.ts.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { createMessage, createReply, isMessage } from '../shared/protocol/messages';
import type { Message, RequestType } from '../shared/protocol/messages';
import {
  CancelTrainingCommand,
  ComputeSpotCheckRequest,
  DescribeDataRequest,
  StartTrainingCommand,
} from '../shared/protocol/workerProtocol';
import type { ErrorInfo } from '../shared/run';
import { buildCatalog } from './catalog';
import { DataCache } from './dataCache';
import { toErrorInfo } from './errorInfo';
import { computeSpotCheck } from './spotCheckBuilder';
import { runTraining } from './trainingRun';
import type { RunPort } from './trainingRun';

class TrainingWorker {
  private readonly cache = new DataCache();
  /** Runs asked to stop before or while they run. */
  private readonly controllers = new Map<string, AbortController>();
  /** Work that arrived while a run held the thread. */
  private readonly queue: unknown[] = [];
  private busy = false;

  constructor(private readonly port: MessagePort) {}

  receive(message: unknown): void {
    // A cancel is handled at once, even mid-run (from poll), everything else in arrival order.
    if (isMessage(CancelTrainingCommand, message)) {
      this.controllerFor(message.params.runId).abort();
      return;
    }
    this.queue.push(message);
    if (!this.busy) this.drain();
  }

  private drain(): void {
    this.busy = true;
    try {
      for (let message = this.queue.shift(); message !== undefined; message = this.queue.shift()) {
        this.handle(message);
      }
    } finally {
      this.busy = false;
    }
  }

  private handle(message: unknown): void {
    if (isMessage(StartTrainingCommand, message)) {
      const request = message.params;
      const controller = this.controllerFor(request.runId);
      try {
        runTraining(request, controller.signal, this.runPort(), this.cache);
      } finally {
        this.controllers.delete(request.runId);
      }
    } else if (isMessage(DescribeDataRequest.request, message)) {
      const { requestId, dataFolder } = message.params;
      this.answer(DescribeDataRequest, requestId, () => buildCatalog(this.cache.load(dataFolder).data));
    } else if (isMessage(ComputeSpotCheckRequest.request, message)) {
      const params = message.params;
      this.answer(ComputeSpotCheckRequest, params.requestId, () =>
        computeSpotCheck(params, this.cache.load(params.run.dataFolder).data),
      );
    }
    // Anything else is not ours: ignored, the host only sends protocol messages.
  }

  /** Replies to a request with what `compute` returns, or with the error it throws. */
  private answer<Method extends string, Params, Result>(
    type: RequestType<Method, Params, Result, ErrorInfo>,
    requestId: string,
    compute: () => Result,
  ): void {
    try {
      this.post(createReply(type, { requestId, ok: true, result: compute() }));
    } catch (error) {
      this.post(createReply(type, { requestId, ok: false, error: toErrorInfo(error) }));
    }
  }

  private controllerFor(runId: string): AbortController {
    let controller = this.controllers.get(runId);
    if (controller === undefined) {
      controller = new AbortController();
      this.controllers.set(runId, controller);
    }
    return controller;
  }

  private runPort(): RunPort {
    return {
      post: (message, transfer) => this.post(message, transfer),
      poll: () => {
        // The engine holds the thread, so 'message' events cannot fire: read the port directly.
        for (let entry = receiveMessageOnPort(this.port); entry !== undefined; entry = receiveMessageOnPort(this.port)) {
          const message: unknown = entry.message;
          if (isMessage(CancelTrainingCommand, message)) this.controllerFor(message.params.runId).abort();
          else this.queue.push(message);
        }
      },
    };
  }

  private post(message: Message, transfer?: ArrayBuffer[]): void {
    this.port.postMessage(message, transfer);
  }
}

if (parentPort === null) throw new Error('trainingWorker.ts runs only as a worker thread.');
const port = parentPort;
const worker = new TrainingWorker(port);
port.on('message', (message: unknown) => worker.receive(message));
