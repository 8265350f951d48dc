import type { FeatureBlock } from '../features/featureBlocks';
import { createWasmMemory, instantiateWasmOn, WasmLayout, type WasmExport, type WasmMemory } from '../wasmRuntime';
import { CONTEXT_CASE_KERNELS_WASM } from './contextCaseKernelsWasm';
import { fitsSixteenBits } from './rowIndices';
import {
  bindWasmBlock,
  MAX_WASM_BLOCK_BYTES,
  planWasmBlock,
  type BlockCaseLoops,
  type WasmBlockKernels,
  type WasmBlockPlan,
} from './wasmBlockKernels';

/**
 * One WebAssembly memory for a three-block fold: its case arrays and its three blocks' arrays, so
 * that the passes over the cases (src/wasm/contextCaseKernels.ts) and the blocks' feature loops
 * (src/wasm/blockKernels.ts) reach everything they read. The state holds these very arrays as
 * views (fmState.ts), so every other reader and writer of them is unchanged.
 *
 * Why: the JavaScript case passes are compiled anew for every fold (kernelInstance.ts), and each
 * fold's first iterations ran them in V8's lower tiers (6-19 ms a fold for the hottest pass alone,
 * against 1-4 ms in wasm, compiled once per thread; the same doubles, as fast once warm).
 */
export interface FoldMemory {
  readonly residual: Float64Array;
  readonly userWeight: Float64Array;
  readonly userRow: Uint16Array;
  readonly itemRow: Uint16Array;
  readonly contextRow: Uint16Array;
  readonly userCaseStart: Int32Array;
  readonly contextCaseStart: Int32Array;
  readonly user: WasmBlockKernels;
  readonly item: WasmBlockKernels;
  readonly context: WasmBlockKernels;
  readonly cases: ContextCaseWasm;
}

/** The context case passes in wasm, over the fold's memory (contextCaseKernels.ts calls them). */
export interface ContextCaseWasm {
  /** One factor of the item rows' s (copied in before a pass), this one's and the next's. */
  readonly itemColumn: Float64Array;
  readonly itemNextColumn: Float64Array;
  /** The item rows' gathered sums, four a row (itemColumns.ts); zeroed before propagateUserGatherItem. */
  readonly itemGather: Float64Array;
  addCaseWeights(): void;
  gatherUserSums(factor: number): void;
  propagateUserGatherItem(factor: number): void;
  propagateItemGatherContext(factor: number): void;
  propagateContext(factor: number): void;
  propagateContextGatherUser(factor: number, nextFactor: number): void;
  /** The test cases' predictions, when the memory was made with room for them (createFoldMemory's `tests`). */
  readonly test: TestPredictionWasm | null;
}

/** The test cases' rows and the rows' biases, copied in by the caller; `predict` writes `out`. */
export interface TestPredictionWasm {
  readonly userRow: Uint16Array;
  readonly itemRow: Uint16Array;
  readonly contextRow: Uint16Array;
  readonly userBias: Float64Array;
  readonly itemBias: Float64Array;
  readonly contextBias: Float64Array;
  readonly out: Float64Array;
  predict(w0: number): void;
}

type CaseExport =
  | 'addCaseWeights'
  | 'gatherUserSums'
  | 'propagateUserGatherItem'
  | 'propagateItemGatherContext'
  | 'propagateContext'
  | 'propagateContextGatherUser'
  | 'predictTestCases'
  | 'gatherRowResiduals'
  | 'shiftCaseResiduals';

/**
 * Above this a fold keeps plain arrays: the memory holds a second copy of the sorted case rows
 * (6 bytes a case) beside the blocks, and a large fold's JavaScript arrays stay as lean as they
 * are (a fold takes 14 bytes a training rating beside its blocks).
 */
export const MAX_WASM_FOLD_BYTES = 256 * 2 ** 20;

/**
 * The fold's memory, or null (the fold then keeps plain arrays and the JavaScript passes):
 * WebAssembly unavailable, a block over MAX_WASM_BLOCK_BYTES, the fold over MAX_WASM_FOLD_BYTES,
 * or rows that do not fit 16 bits. The arrays start zeroed. `tests`: room for that many test
 * cases' predictions (0: none).
 */
export function createFoldMemory(
  blocks: { readonly user: FeatureBlock; readonly item: FeatureBlock; readonly context: FeatureBlock },
  cases: number,
  rank: number,
  groups: number,
  tests = 0,
): FoldMemory | null {
  const users = blocks.user.matrix.rows;
  const items = blocks.item.matrix.rows;
  const contexts = blocks.context.matrix.rows;
  if (!fitsSixteenBits(users) || !fitsSixteenBits(items) || !fitsSixteenBits(contexts)) return null;
  const layout = new WasmLayout();
  const plans: WasmBlockPlan[] = [];
  for (const block of [blocks.user, blocks.item, blocks.context]) {
    const plan = planWasmBlock(layout, {
      byFeature: block.byFeature,
      featureGroup: block.featureGroup,
      rows: block.matrix.rows,
      rank,
      groups,
    });
    if (plan.bytes > MAX_WASM_BLOCK_BYTES) return null;
    plans.push(plan);
  }
  const at = placeCases(layout, { cases, users, contexts, items, tests });
  // The test cases' room is the first thing given up: the training passes matter more.
  if (layout.bytes > MAX_WASM_FOLD_BYTES) return tests > 0 ? createFoldMemory(blocks, cases, rank, groups, 0) : null;
  const memory = createWasmMemory(layout.bytes);
  if (memory === null) return null;
  const [user, item, context] = plans.map((plan) => bindWasmBlock(memory, plan));
  const exports = instantiateWasmOn<CaseExport>(CONTEXT_CASE_KERNELS_WASM, memory);
  if (user === null || item === null || context === null || exports === null) return null;
  const doubles = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
  const rows16 = (offset: number): Uint16Array => new Uint16Array(memory.buffer, offset, cases);
  return {
    residual: doubles(at.residual, cases),
    userWeight: doubles(at.userWeight, users),
    userRow: rows16(at.userRow),
    itemRow: rows16(at.itemRow),
    contextRow: rows16(at.contextRow),
    userCaseStart: new Int32Array(memory.buffer, at.userCaseStart, users + 1),
    contextCaseStart: new Int32Array(memory.buffer, at.contextCaseStart, contexts + 1),
    user: { ...user, caseLoops: bindBlockCaseLoops(exports, at, plans[0], at.userRow, cases) },
    item: { ...item, caseLoops: bindBlockCaseLoops(exports, at, plans[1], at.itemRow, cases) },
    context: { ...context, caseLoops: bindBlockCaseLoops(exports, at, plans[2], at.contextRow, cases) },
    cases: bindCases({ memory, exports, at, plans, sizes: { cases, users, contexts, items, rank, tests } }),
  };
}

interface FoldSizes {
  readonly cases: number;
  readonly users: number;
  readonly contexts: number;
  readonly items: number;
  readonly tests: number;
}

/** Where the fold's case arrays lie in its memory, after its blocks; then the test cases'. */
function placeCases(layout: WasmLayout, sizes: FoldSizes) {
  const { cases, users, contexts, items, tests } = sizes;
  return {
    residual: layout.place(cases * 8),
    userWeight: layout.place(users * 8),
    userRow: layout.place(cases * 2),
    itemRow: layout.place(cases * 2),
    contextRow: layout.place(cases * 2),
    userCaseStart: layout.place((users + 1) * 4),
    contextCaseStart: layout.place((contexts + 1) * 4),
    itemColumn: layout.place(items * 8),
    itemNextColumn: layout.place(items * 8),
    itemGather: layout.place(items * 4 * 8),
    testUserRow: layout.place(tests * 2),
    testItemRow: layout.place(tests * 2),
    testContextRow: layout.place(tests * 2),
    userBias: layout.place(users * 8),
    itemBias: layout.place(items * 8),
    contextBias: layout.place(contexts * 8),
    testOut: layout.place(tests * 8),
  } as const;
}

type CaseOffsets = Readonly<ReturnType<typeof placeCases>>;

/** What the case passes' binders read: the fold's memory, its module, where its arrays are, and its sizes. */
interface FoldBinding {
  readonly memory: WasmMemory;
  readonly exports: Record<CaseExport, WasmExport>;
  readonly at: CaseOffsets;
  /** The user, item and context blocks' plans, in that order. */
  readonly plans: readonly WasmBlockPlan[];
  readonly sizes: FoldSizes & { readonly rank: number };
}

function bindCases(fold: FoldBinding): ContextCaseWasm {
  const { memory, exports, at, plans, sizes } = fold;
  const [user, item, context] = plans;
  const { cases, users, contexts, items, rank, tests } = sizes;
  return {
    test: tests === 0 ? null : bindTestPrediction(fold),
    itemColumn: new Float64Array(memory.buffer, at.itemColumn, items),
    itemNextColumn: new Float64Array(memory.buffer, at.itemNextColumn, items),
    itemGather: new Float64Array(memory.buffer, at.itemGather, items * 4),
    addCaseWeights: () => {
      exports.addCaseWeights(cases, at.userWeight, at.userRow, at.contextRow, context.at.weightedCount);
    },
    gatherUserSums: (factor) => {
      exports.gatherUserSums(
        users,
        rank,
        factor,
        at.userCaseStart,
        at.itemRow,
        at.contextRow,
        item.at.sums,
        context.at.sums,
        at.residual,
        at.userWeight,
        user.at.packed,
      );
    },
    propagateUserGatherItem: (factor) => {
      exports.propagateUserGatherItem(
        contexts,
        rank,
        factor,
        at.contextCaseStart,
        at.residual,
        at.userWeight,
        at.userRow,
        at.itemRow,
        user.at.sums,
        at.itemColumn,
        context.at.sums,
        user.at.change,
        user.at.sumChange,
        at.itemGather,
      );
    },
    propagateItemGatherContext: (factor) => {
      exports.propagateItemGatherContext(
        contexts,
        rank,
        factor,
        at.contextCaseStart,
        at.userRow,
        at.itemRow,
        user.at.sums,
        at.itemColumn,
        context.at.sums,
        at.residual,
        at.userWeight,
        item.at.change,
        item.at.sumChange,
        context.at.packed,
      );
    },
    propagateContext: (factor) => {
      exports.propagateContext(
        contexts,
        rank,
        factor,
        at.contextCaseStart,
        at.userRow,
        at.itemRow,
        user.at.sums,
        at.itemColumn,
        at.residual,
        context.at.change,
        context.at.sumChange,
      );
    },
    propagateContextGatherUser: (factor, nextFactor) => {
      exports.propagateContextGatherUser(
        users,
        rank,
        factor,
        nextFactor,
        at.userCaseStart,
        at.contextCaseStart,
        at.itemRow,
        at.contextRow,
        user.at.sums,
        at.itemColumn,
        at.itemNextColumn,
        context.at.sums,
        at.residual,
        at.userWeight,
        context.at.change,
        context.at.sumChange,
        user.at.packed,
      );
    },
  };
}

function bindTestPrediction({ memory, exports, at, plans, sizes }: FoldBinding): TestPredictionWasm {
  const [user, item, context] = plans;
  const { users, contexts, items, rank, tests } = sizes;
  const doubles = (offset: number, length: number): Float64Array => new Float64Array(memory.buffer, offset, length);
  const rows16 = (offset: number): Uint16Array => new Uint16Array(memory.buffer, offset, tests);
  return {
    userRow: rows16(at.testUserRow),
    itemRow: rows16(at.testItemRow),
    contextRow: rows16(at.testContextRow),
    userBias: doubles(at.userBias, users),
    itemBias: doubles(at.itemBias, items),
    contextBias: doubles(at.contextBias, contexts),
    out: doubles(at.testOut, tests),
    predict: (w0) => {
      exports.predictTestCases(
        tests,
        rank,
        at.testUserRow,
        at.testItemRow,
        at.testContextRow,
        user.at.sums,
        item.at.sums,
        context.at.sums,
        at.userBias,
        at.itemBias,
        at.contextBias,
        w0,
        at.testOut,
      );
    },
  };
}

/** One block's per-case loops (its rows of the cases at `caseRow`). */
function bindBlockCaseLoops(
  exports: Record<CaseExport, WasmExport>,
  at: CaseOffsets,
  plan: WasmBlockPlan,
  caseRow: number,
  cases: number,
): BlockCaseLoops {
  return {
    gatherRowResiduals: () => {
      exports.gatherRowResiduals(cases, caseRow, at.userRow, at.userWeight, at.residual, plan.at.residualSum);
    },
    shiftCaseResiduals: () => {
      exports.shiftCaseResiduals(cases, caseRow, plan.at.change, at.residual);
    },
  };
}
