import type { FeatureBlock, FeatureBlocks } from '../features/featureBlocks';
import { FINE_GROUPS } from '../features/groups';
import type { Random } from '../random';
import type { BlockState, ContextState, FmState, GroupPriors } from './blockState';
import { predictCases } from './predictions';
import { createRowAggregates } from './rowAggregates';
import { compactRowIndices, fitsSixteenBits, type RowIndices } from './rowIndices';
import { createFoldMemory } from './foldMemory';
import { createWasmBlockKernels, type WasmBlockKernels } from './wasmBlockKernels';

/** The solvers' state (types and the model's formula: blockState.ts), its creation and its full refresh. */

export function createPriors(rank: number): GroupPriors {
  const groups = FINE_GROUPS.length;
  return {
    weightMean: new Float64Array(groups),
    weightPrecision: new Float64Array(groups),
    factorMean: new Float64Array(groups * rank),
    factorPrecision: new Float64Array(groups * rank),
  };
}

/** Options of {@link createState}. */
export interface StateOptions {
  /** The targets are doubles a solver overwrites (the ordinal likelihood); otherwise a Float32Array of ratings stays Float32. */
  readonly latentTargets?: boolean;
  /**
   * Each block's parameters, row caches and aggregates in WebAssembly memory, for the block loops
   * of wasmBlockKernels.ts (default; blocks over its size bound stay in JavaScript); false: plain
   * arrays and the JavaScript loops (SGD, which never runs them, and the tests that compare the two).
   */
  readonly wasm?: boolean;
  /**
   * The number of test cases predicted every sweep (MCMC): a three-block fold's wasm memory gets
   * room for their rows and predictions (foldMemory.ts), and createFmKernels predicts them there.
   */
  readonly testCases?: number;
}

/**
 * Cases given as (user, item, rating) columns (stored re-ordered by user, and by context row when
 * the blocks have one: blocks.context.layout.trainRow holds the same cases' rows); factors drawn
 * N(0, initStdev²) block after block, weights zero.
 */
export function createState(
  blocks: FeatureBlocks,
  caseUser: Int32Array,
  caseItem: Int32Array,
  rating: ArrayLike<number>,
  rank: number,
  initStdev: number,
  random: Random,
  options: StateOptions = {},
): FmState {
  const latentTargets = options.latentTargets ?? false;
  const wasm = options.wasm ?? true;
  const cases = caseUser.length;
  const users = blocks.user.matrix.rows;
  const contextRow = blocks.context === null ? null : blocks.context.layout.trainRow;
  if (contextRow !== null && contextRow.length !== cases)
    throw new RangeError(`createState: ${cases} cases but ${contextRow.length} context rows`);
  if (contextRow !== null && sortedLayouts.has(contextRow))
    throw new RangeError('createState: these blocks already made a state (their context rows are sorted); build the blocks again');
  // Counting sort (stable) by user, or by context row: (user, time) rows are numbered by user, so
  // that sorts by user too. The kernels then walk each user's and each row's cases contiguously.
  const key = contextRow ?? caseUser;
  const keys = blocks.context === null ? users : blocks.context.matrix.rows;
  const keyStart = new Int32Array(keys + 1);
  for (let index = 0; index < cases; index++) keyStart[key[index] + 1]++;
  for (let row = 0; row < keys; row++) keyStart[row + 1] += keyStart[row];
  // A column already in the sorted order is taken as it is, not copied: a fold of a file in user
  // order (every MovieLens release) keeps its user column (80 MB at 25M ratings), and all of its
  // columns without a context block. The state never writes its case rows, nor Gaussian targets.
  // Row numbers of a block whose rows fit 16 bits are copied as such instead (rowIndices.ts): half
  // the bytes, and the kernels stream them every factor.
  const identity = isNondecreasing(key);
  const items = blocks.item.matrix.rows;
  const sortedUser = identity || isNondecreasing(caseUser) ? rowIndices(caseUser, users) : scatterRows(caseUser, users, key, keyStart);
  const sortedItem = identity ? rowIndices(caseItem, items) : scatterRows(caseItem, items, key, keyStart);
  const target =
    identity && !latentTargets && rating instanceof Float32Array
      ? unshared(rating)
      : scatterNumbers(
          rating,
          key,
          keyStart,
          !latentTargets && rating instanceof Float32Array ? new Float32Array(cases) : new Float64Array(cases),
        );
  // The context rows sorted are each row's number repeated over its cases: written over the
  // layout's own column, now read for the last time (80 MB not copied at 25M ratings; 16-bit
  // copies where the rows fit).
  const sortedContext =
    contextRow === null ? new Int32Array(0) : rowIndices(identity ? contextRow : sortInPlace(contextRow, keyStart), keys);
  const userCaseStart = new Int32Array(users + 1);
  for (let index = 0; index < cases; index++) userCaseStart[sortedUser[index] + 1]++;
  for (let row = 0; row < users; row++) userCaseStart[row + 1] += userCaseStart[row];
  for (let index = 1; index < cases; index++) {
    if (sortedUser[index] < sortedUser[index - 1]) throw new RangeError('createState: context rows must be grouped by user');
  }
  // A three-block fold keeps its case arrays and its blocks in one wasm memory (foldMemory.ts),
  // the sorted columns copied in; otherwise each block has a memory of its own.
  const fold =
    wasm && blocks.context !== null
      ? createFoldMemory(
          { user: blocks.user, item: blocks.item, context: blocks.context },
          cases,
          rank,
          FINE_GROUPS.length,
          options.testCases ?? 0,
        )
      : null;
  // Each block's state, its factors drawn in turn (user, item, context) from `random`.
  const blockState = (
    block: FeatureBlock,
    caseRow: RowIndices,
    inFold: WasmBlockKernels | undefined,
    caseStart: Int32Array | null,
  ): BlockState => {
    const inWasm =
      inFold ?? (wasm ? createWasmBlockKernels(block.byFeature, block.featureGroup, block.matrix.rows, rank, FINE_GROUPS.length) : null);
    return createBlockState(block, caseRow, rank, initStdev, random, inWasm, caseStart);
  };
  const user = blockState(blocks.user, copyInto(sortedUser, fold?.userRow), fold?.user, null);
  const item = blockState(blocks.item, copyInto(sortedItem, fold?.itemRow), fold?.item, null);
  // Made by the same literal as the others (not spread from one: V8 gives an object spread from
  // one with this many fields a map of its own each time, and each fold's code was compiled again).
  const context =
    blocks.context === null
      ? null
      : (blockState(
          blocks.context,
          copyInto(sortedContext, fold?.contextRow),
          fold?.context,
          copyInto(keyStart, fold?.contextCaseStart),
        ) as ContextState);
  const state: FmState = {
    rank,
    w0: 0,
    user,
    item,
    context,
    cases,
    userCaseStart: copyInto(userCaseStart, fold?.userCaseStart),
    target,
    residual: fold?.residual ?? new Float64Array(cases),
    userWeight: (fold?.userWeight ?? new Float64Array(users)).fill(1),
    caseWasm: fold?.cases ?? null,
  };
  refreshCaches(state);
  return state;
}

/** `values` copied into `target` when there is one (the fold's wasm memory), else `values` itself. */
function copyInto<T extends RowIndices>(values: T, target: T | undefined): T {
  if (target === undefined) return values;
  target.set(values);
  return target;
}

function isNondecreasing(values: Int32Array): boolean {
  for (let index = 1; index < values.length; index++) if (values[index] < values[index - 1]) return false;
  return true;
}

/** The column itself, or a copy when it is in shared memory (the data's own columns): the kernels read ordinary memory. */
function unshared<T extends Int32Array | Float32Array>(column: T): T {
  return column.buffer instanceof SharedArrayBuffer ? (column.slice() as T) : column;
}

/** Rows sorted by the layout's own column, written into it: a layout's column serves one state. */
const sortedLayouts = new WeakSet<Int32Array>();

function sortInPlace(contextRow: Int32Array, keyStart: Int32Array): Int32Array {
  for (let row = 0; row + 1 < keyStart.length; row++) contextRow.fill(row, keyStart[row], keyStart[row + 1]);
  sortedLayouts.add(contextRow);
  return contextRow;
}

/** Row numbers below `rows` as the kernels read them: 16-bit when they fit (rowIndices.ts), else the column unshared. */
function rowIndices(column: Int32Array, rows: number): RowIndices {
  const compact = compactRowIndices(column, rows);
  return compact === column ? unshared(column) : compact;
}

/** Row numbers below `rows` in the order of a stable counting sort by `key` (row r's cases from keyStart[r]). */
function scatterRows(column: Int32Array, rows: number, key: Int32Array, keyStart: Int32Array): RowIndices {
  const next = keyStart.slice(0, keyStart.length - 1);
  const out = fitsSixteenBits(rows) ? new Uint16Array(column.length) : new Int32Array(column.length);
  for (let index = 0; index < column.length; index++) out[next[key[index]]++] = column[index];
  return out;
}

function scatterNumbers<T extends Float32Array | Float64Array>(
  column: ArrayLike<number>,
  key: Int32Array,
  keyStart: Int32Array,
  out: T,
): T {
  const next = keyStart.slice(0, keyStart.length - 1);
  for (let index = 0; index < column.length; index++) out[next[key[index]]++] = column[index];
  return out;
}

function createBlockState(
  block: FeatureBlock,
  caseRow: RowIndices,
  rank: number,
  initStdev: number,
  random: Random,
  inWasm: WasmBlockKernels | null,
  caseStart: Int32Array | null,
): BlockState {
  const rows = block.matrix.rows;
  const features = block.matrix.columns;
  const factors = inWasm?.factors ?? new Float64Array(rank * features);
  for (let index = 0; index < factors.length; index++) factors[index] = initStdev * random.normal();
  const caseCount = new Float64Array(rows);
  for (let index = 0; index < caseRow.length; index++) caseCount[caseRow[index]]++;
  inWasm?.weightedCount.set(caseCount);
  return {
    block,
    rows,
    features,
    weights: inWasm?.weights ?? new Float64Array(features),
    factors,
    linear: new Float64Array(rows),
    sums: inWasm?.sums ?? new Float64Array(rank * rows),
    squares: inWasm?.squares ?? new Float64Array(rank * rows),
    caseRow,
    caseCount,
    weightedCount: inWasm?.weightedCount ?? caseCount.slice(),
    penaltyScale: inWasm?.penaltyScale ?? new Float64Array(features).fill(1),
    // The same fields in the same order as createRowAggregates: one object shape for V8.
    aggregates:
      inWasm === null
        ? createRowAggregates(rows)
        : { packed: inWasm.packed, sumChange: inWasm.sumChange, change: inWasm.change, residualSum: inWasm.residualSum },
    wasm: inWasm,
    caseStart,
  };
}

/** The state's blocks: user, item, and the context block when there is one. */
export function stateBlocks(state: FmState): BlockState[] {
  return state.context === null ? [state.user, state.item] : [state.user, state.item, state.context];
}

/** Σ over training cases of x_j², per feature: how much data informs feature j. */
export function featureSupport(state: BlockState): Float64Array {
  const { offsets, indices, values } = state.block.byFeature;
  const support = new Float64Array(state.features);
  for (let feature = 0; feature < state.features; feature++) {
    let total = 0;
    for (let entry = offsets[feature]; entry < offsets[feature + 1]; entry++)
      total += values[entry] * values[entry] * state.caseCount[indices[entry]];
    support[feature] = total;
  }
  return support;
}

/**
 * Recomputes one block's row caches from its parameters. Each loop nest is a function of its own
 * (this one only calls): run every 10th iteration, refreshRows often started without feedback
 * (V8 flushes seldom-run code), was optimized on the stack inside its first loop and deoptimized
 * at the code after it, which had not run yet, several times a run.
 */
export function refreshRows(state: BlockState, rank: number): void {
  refreshLinear(state);
  state.sums.fill(0);
  state.squares.fill(0);
  refreshFactorSums(state, rank);
}

/** Each row's Σ w_j x_j. */
function refreshLinear(state: BlockState): void {
  const { rows, weights, linear } = state;
  const { offsets, indices, values } = state.block.matrix;
  for (let row = 0; row < rows; row++) {
    let total = 0;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) total += weights[indices[entry]] * values[entry];
    linear[row] = total;
  }
}

/** Each row's s_rf = Σ v_jf x_j and q_rf = Σ (v_jf x_j)², into zeroed caches. */
function refreshFactorSums(state: BlockState, rank: number): void {
  const { rows, factors, sums, squares } = state;
  const { offsets, indices, values } = state.block.matrix;
  // Two factors at a time within a row, their sums in registers: each sum is added up over the
  // row's entries in the same order as entry by entry into the arrays (the same doubles), four
  // independent chains instead of a load and a store of both sums per term.
  const paired = rank - (rank % 2);
  for (let row = 0; row < rows; row++) {
    const rowBase = row * rank;
    const start = offsets[row];
    const end = offsets[row + 1];
    for (let factor = 0; factor < paired; factor += 2) {
      let sum = sums[rowBase + factor];
      let square = squares[rowBase + factor];
      let nextSum = sums[rowBase + factor + 1];
      let nextSquare = squares[rowBase + factor + 1];
      for (let entry = start; entry < end; entry++) {
        const x = values[entry];
        const at = indices[entry] * rank + factor;
        const term = factors[at] * x;
        const nextTerm = factors[at + 1] * x;
        sum += term;
        square += term * term;
        nextSum += nextTerm;
        nextSquare += nextTerm * nextTerm;
      }
      sums[rowBase + factor] = sum;
      squares[rowBase + factor] = square;
      sums[rowBase + factor + 1] = nextSum;
      squares[rowBase + factor + 1] = nextSquare;
    }
    for (let factor = paired; factor < rank; factor++) {
      let sum = sums[rowBase + factor];
      let square = squares[rowBase + factor];
      for (let entry = start; entry < end; entry++) {
        const term = factors[indices[entry] * rank + factor] * values[entry];
        sum += term;
        square += term * term;
      }
      sums[rowBase + factor] = sum;
      squares[rowBase + factor] = square;
    }
  }
}

/**
 * Iterations between full recomputations of the caches. The kernels keep them exact up to
 * rounding (drift about 1e-15 per sweep, see the kernel test), so every 10th sweep is plenty and
 * saves a tenth of the sweep's time.
 */
export const FULL_REFRESH_INTERVAL = 10;

/** Full recomputation on every FULL_REFRESH_INTERVAL-th iteration and the last. */
export function refreshIfDue(state: FmState, iteration: number, iterations: number): void {
  if (iteration % FULL_REFRESH_INTERVAL === 0 || iteration === iterations) refreshCaches(state);
}

/**
 * Recomputes every row cache and every residual in full: the kernels update them incrementally,
 * and a full pass per iteration keeps rounding errors from accumulating. Generic code, not a
 * per-fold copy: it runs every 10th iteration only, too seldom for a fold's copy to get past V8's
 * interpreter (on u1 side+implicit a per-fold copy averaged 7.6 ms a call, this 1.7).
 */
export function refreshCaches(state: FmState): void {
  const { rank, user, item, context } = state;
  refreshRows(user, rank);
  refreshRows(item, rank);
  if (context !== null) refreshRows(context, rank);
  predictCases(state, { user: user.caseRow, item: item.caseRow, context: context?.caseRow ?? null }, state.residual);
  const { residual, target } = state;
  for (let index = 0; index < state.cases; index++) residual[index] = target[index] - residual[index];
}

/** Root mean square of the residuals. */
export function residualRmse(state: FmState): number {
  const residual = state.residual;
  let total = 0;
  for (let index = 0; index < state.cases; index++) total += residual[index] * residual[index];
  return Math.sqrt(total / Math.max(1, state.cases));
}
