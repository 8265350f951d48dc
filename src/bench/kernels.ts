/**
 * The FM-MCMC sweep's kernels timed alone on u1: each fold's compiled copies with the block loops
 * in WebAssembly (what the solver runs) against the same factories called directly in JavaScript
 * (one shared closure, as a plain factory would give), over several folds in a row. Their sum is the kernel floor: an iteration's time if it did
 * nothing but its kernels (no hyperprior draws, test averaging or bookkeeping).
 */
import type { MovieLensData } from '../core/data/types';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { makeFolds } from '../core/eval/protocols';
import { buildFeatureBlocks } from '../core/features/featureBlocks';
import { createFmKernels, type FmKernels } from '../core/fm/coordinateKernel';
import type { FmState } from '../core/fm/blockState';
import { createPriors, createState } from '../core/fm/fmState';
import { Random } from '../core/random';
import type { FeatureGroup } from '../core/features/groups';

export interface KernelFigures {
  readonly features: string;
  readonly folds: readonly string[];
  /** Median CPU ms per sweep of each kernel (all its calls in one sweep), compiled per fold. */
  readonly compiled: Readonly<Record<string, number>>;
  /** The same with the factories called directly. */
  readonly direct: Readonly<Record<string, number>>;
}

const RANK = 10;
const WARM_UP_SWEEPS = 15;
const TIMED_SWEEPS = 25;

/** Times the kernels on the first `foldCount` canonical folds in turn, both ways; medians over all of them. */
export function timeKernels(data: MovieLensData, features: readonly FeatureGroup[], foldCount: number): KernelFigures {
  const folds = makeFolds(data, defaultProtocolConfig({ protocol: 'canonical' })).slice(0, foldCount);
  const samples = { compiled: new Map<string, number[]>(), direct: new Map<string, number[]>() };
  for (const fold of folds) {
    for (const way of ['compiled', 'direct'] as const) {
      const state = createState(
        buildFeatureBlocks(data, fold.train, features),
        fold.train.user,
        fold.train.item,
        fold.train.rating,
        RANK,
        0.1,
        new Random(1),
        { wasm: way === 'compiled' },
      );
      const priors = createPriors(RANK);
      priors.weightPrecision.fill(1);
      priors.factorPrecision.fill(1);
      const out = new Float64Array(fold.test.length);
      const kernels = createFmKernels(
        state,
        priors,
        new Random(2),
        { user: fold.test.user, item: fold.test.item, out },
        way === 'compiled',
      );
      for (let sweep = 0; sweep < WARM_UP_SWEEPS + TIMED_SWEEPS; sweep++) {
        const times = timedSweep(state, kernels);
        if (sweep < WARM_UP_SWEEPS) continue;
        for (const [name, milliseconds] of Object.entries(times)) {
          const list = samples[way].get(name) ?? [];
          list.push(milliseconds);
          samples[way].set(name, list);
        }
      }
    }
  }
  return {
    features: features.join(','),
    folds: folds.map((fold) => fold.name),
    compiled: medians(samples.compiled),
    direct: medians(samples.direct),
  };
}

/**
 * One MCMC sweep's kernel calls (α fixed at 1), each kernel's calls summed; CPU time of this
 * process, which other work on a shared machine disturbs less than wall time.
 */
function timedSweep(state: FmState, kernels: FmKernels): Record<string, number> {
  const times: Record<string, number> = {};
  const time = (name: string, call: () => unknown): void => {
    const start = cpuMilliseconds();
    call();
    times[name] = (times[name] ?? 0) + cpuMilliseconds() - start;
  };
  const { cases, user, item } = kernels;
  time('noise sums', () => cases.weightedSquaredResiduals());
  time('row weights', () => cases.refreshWeightedCounts());
  time('w0', () => cases.updateGlobalBias(1, 0));
  time('user weights', () => user.updateWeights(1));
  time('item weights', () => item.updateWeights(1));
  time('case passes', () => cases.gatherUserSums(0));
  for (let factor = 0; factor < state.rank; factor++) {
    time('user factors', () => user.updateFactor(factor, 1));
    time('case passes', () => cases.propagateUserGatherItem(factor));
    time('item factors', () => item.updateFactor(factor, 1));
    if (factor + 1 < state.rank) time('case passes', () => cases.propagateItemGatherUser(factor, factor + 1));
    else time('case passes', () => cases.propagateItem(factor));
  }
  time('test predictions', () => kernels.test.predict());
  return times;
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function medians(samples: ReadonlyMap<string, number[]>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    result[name] = sorted[sorted.length >> 1];
  }
  return result;
}

/** Σ of the kernels' medians: the kernel floor of one sweep. */
export function kernelFloor(times: Readonly<Record<string, number>>): number {
  return Object.values(times).reduce((total, value) => total + value, 0);
}
