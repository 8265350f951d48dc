import * as path from 'node:path';
import type { WorkerOptions } from './workerConnection';

/**
 * Where the worker thread's code is: beside this bundle (dist/worker.js next to dist/cli.js or
 * dist/extension.js), or, when running from the TypeScript sources (tests through tsx), the
 * source entry with tsx's loader.
 */
export function workerEntry(): Pick<WorkerOptions, 'workerPath' | 'execArgv'> {
  if (__filename.endsWith('.ts')) {
    return { workerPath: path.resolve(__dirname, '..', 'worker', 'trainingWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  }
  return { workerPath: path.join(__dirname, 'worker.js') };
}
