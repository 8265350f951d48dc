/**
 * Warms a pool's workers before its first run. A new worker thread runs the engine's code
 * unoptimized until V8 has seen it work, which costs a window's first run about 1 s on 2 cores
 * (the default Train FM on ml-100k) against the same run on workers that trained before. So the
 * extension trains a small synthetic data set's folds on every worker, a few iterations each, when
 * a workspace with data opens; the run yields to any real one (it is cancelled when one starts) and
 * its results are dropped. No `vscode` import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { defaultModelConfig } from '../core/config/modelConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { PROTOCOL_FIELDS } from '../core/config/schema';
import { writeSyntheticMovieLens } from '../core/data/synthetic';
import type { FoldDoneParams } from '../shared/run';
import type { FoldPool } from './foldPool';

/**
 * Iterations of each warm-up fold, and folds per worker. Measured on 2 cores (Node 24, the default
 * FM): 5 folds a worker of 15 iterations took 0.9 s and saved the real run as much as 5 of 40;
 * 1 fold a worker saved a third of that (each fold's set-up code warms too).
 */
export const WARM_UP_ITERATIONS = 15;
export const WARM_UP_FOLDS_PER_WORKER = 5;

/**
 * The synthetic data: 4 000 ratings in ml-100k's format, which fills every feature group. Written
 * on the caller's thread, 15-60 ms (measured, Node 20 and 24).
 */
const WARM_UP_DATA = { users: 200, items: 150, ratingsPerUser: 20, seed: 1 } as const;
/** k of the warm-up's k-fold: each repeat gives this many folds. */
const WARM_UP_K = 2;

export type WarmUpOutcome = 'completed' | 'cancelled' | 'failed';

/**
 * Trains `model` (its iterations cut to a few) on a synthetic data set in a temporary folder,
 * bootstrapped 2-fold cross-validation with enough repeats to give every worker of the pool
 * `WARM_UP_FOLDS_PER_WORKER` folds. Resolves when it ended; the folder is removed then. `onFold`
 * hears each warm-up fold as it ends.
 */
export async function warmUpPool(pool: FoldPool, model: ValidModelConfig, onFold?: (fold: FoldDoneParams) => void): Promise<WarmUpOutcome> {
  const folder = mkdtempSync(path.join(tmpdir(), 'recommender-lab-warm-up-'));
  try {
    writeSyntheticMovieLens(folder, WARM_UP_DATA);
    const iterations = Math.min(model.iterations, WARM_UP_ITERATIONS);
    const burnIn = Math.min(model.burnIn, iterations - 1);
    // A pool of more than 40 threads gets fewer folds a worker (the protocol's limit on repeats).
    const repeats = Math.min(PROTOCOL_FIELDS.repeats.maximum ?? 1, Math.ceil((pool.threads * WARM_UP_FOLDS_PER_WORKER) / WARM_UP_K));
    const handle = pool.startRun(
      {
        runId: `warm-up-${randomUUID()}`,
        kind: 'evaluate',
        dataFolder: folder,
        model: defaultModelConfig(model.model, { ...model, iterations, burnIn }),
        protocol: defaultProtocolConfig({ protocol: 'bootstrap', folds: WARM_UP_K, repeats }),
      },
      { yielding: true },
    );
    if (onFold !== undefined) handle.onDidFinishFold(onFold);
    const outcome = await handle.outcome;
    return outcome.status;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
