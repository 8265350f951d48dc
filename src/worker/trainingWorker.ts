/**
 * The training worker (bundled to dist/worker.js): runs the engine off the extension host's
 * thread. It speaks only the messages of src/shared/protocol.ts.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import {
  CancelTrainingCommand,
  ComputeSpotCheckCommand,
  createMessage,
  DescribeDataCommand,
  DidComputeSpotCheckNotification,
  DidDescribeDataNotification,
  DidFailRequestNotification,
  isMessage,
  StartTrainingCommand,
} from '../shared/protocol';
import type { Message } from '../shared/protocol';
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
    } else if (isMessage(DescribeDataCommand, message)) {
      const { requestId, dataFolder } = message.params;
      try {
        const catalog = buildCatalog(this.cache.load(dataFolder).data);
        this.post(createMessage(DidDescribeDataNotification, { requestId, catalog }));
      } catch (error) {
        this.post(createMessage(DidFailRequestNotification, { requestId, error: toErrorInfo(error) }));
      }
    } else if (isMessage(ComputeSpotCheckCommand, message)) {
      const request = message.params;
      try {
        const state = computeSpotCheck(request, this.cache.load(request.run.dataFolder).data);
        this.post(createMessage(DidComputeSpotCheckNotification, { requestId: request.requestId, state }));
      } catch (error) {
        this.post(createMessage(DidFailRequestNotification, { requestId: request.requestId, error: toErrorInfo(error) }));
      }
    }
    // Anything else is not ours: ignored, the host only sends protocol messages.
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
