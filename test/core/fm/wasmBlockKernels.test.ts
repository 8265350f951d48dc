import * as assert from 'node:assert/strict';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createFmKernels } from '../../../src/core/fm/coordinateKernel';
import { createPriors, createState } from '../../../src/core/fm/fmState';
import { createFoldMemory, MAX_WASM_FOLD_BYTES } from '../../../src/core/fm/foldMemory';
import { createWasmBlockKernels } from '../../../src/core/fm/wasmBlockKernels';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

// The block loops in WebAssembly give the JavaScript loops' numbers bit for bit: kernelInstance.test.ts
// trains the same folds with them (per-fold compiled kernels) and without (the factories called directly).
describe('FM block loops in WebAssembly', () => {
  it("hold every block of a state: its parameters, row caches and aggregates are views of the module memory, a three-block fold's case arrays too", () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8, seed: 3 });
    const { train, test } = withDays(planted.fold, 5, 3);
    const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    const state = createState(blocks, train.user, train.item, train.rating, 4, 0.1, new Random(1));
    for (const side of [state.user, state.item, state.context!]) {
      const wasm = side.wasm;
      assert.ok(wasm !== null);
      for (const name of ['weights', 'factors', 'penaltyScale', 'sums', 'squares', 'weightedCount'] as const)
        assert.equal(side[name], wasm[name], name);
      for (const name of ['packed', 'sumChange', 'change', 'residualSum'] as const) assert.equal(side.aggregates[name], wasm[name], name);
      assert.deepEqual(Array.from(side.weightedCount), Array.from(side.caseCount));
      assert.ok(side.penaltyScale.every((value) => value === 1));
      // A three-block fold: one memory for its blocks and its case arrays (foldMemory.ts).
      assert.equal(side.factors.buffer, state.residual.buffer, 'one memory per fold');
      assert.equal(side.caseRow.buffer, state.residual.buffer);
      assert.ok(wasm.caseLoops !== undefined, "the block's per-case loops in the fold's memory");
    }
    assert.ok(state.caseWasm !== null, 'the case passes in wasm');
    assert.equal(state.userWeight.buffer, state.residual.buffer);
    assert.ok(state.userWeight.every((value) => value === 1));
    // Two blocks: a memory each, the cases in JavaScript.
    const twoBlocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit'], test);
    const twoBlockState = createState(twoBlocks, train.user, train.item, train.rating, 4, 0.1, new Random(1));
    assert.equal(twoBlockState.caseWasm, null);
    assert.equal(twoBlockState.user.wasm?.caseLoops, undefined);
    assert.equal(twoBlockState.user.factors.buffer, twoBlockState.user.aggregates.packed.buffer, 'one memory per block');
    assert.notEqual(twoBlockState.user.factors.buffer, twoBlockState.item.factors.buffer);
    const again = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    const plain = createState(again, train.user, train.item, train.rating, 4, 0.1, new Random(1), { wasm: false });
    assert.equal(plain.user.wasm, null);
    assert.deepEqual(Array.from(plain.user.factors), Array.from(state.user.factors), 'the same initial draws either way');
  });

  it("predict a three-block fold's test cases in its memory when given room for them: the compiled JavaScript's doubles, odd and even counts", () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8, seed: 4 });
    const { train, test } = withDays(planted.fold, 5, 4);
    for (const count of [test.length, test.length - 1]) {
      const cases = { user: test.user.subarray(0, count), item: test.item.subarray(0, count) };
      const predictions = (testCases: number | undefined): { readonly out: Float64Array; readonly inWasm: boolean } => {
        const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
        const state = createState(blocks, train.user, train.item, train.rating, 4, 0.1, new Random(2), { testCases });
        state.w0 = 3.25;
        state.user.linear.forEach((_, row) => (state.user.linear[row] = 0.01 * row));
        const out = new Float64Array(count);
        const context = blocks.context!.layout.testRow.subarray(0, count);
        createFmKernels(state, createPriors(4), null, { user: cases.user, item: cases.item, context, out }).test.predict();
        return { out, inWasm: state.caseWasm?.test != null };
      };
      const wasm = predictions(count);
      const javascript = predictions(undefined);
      assert.ok(wasm.inWasm && !javascript.inWasm);
      assert.ok(wasm.out.some((value) => value !== 0));
      assert.deepEqual(Array.from(wasm.out), Array.from(javascript.out), `${count} cases`);
    }
  });

  it("give up a fold's test room first when the test cases would take the memory over its bound", () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8, seed: 5 });
    const { train, test } = withDays(planted.fold, 5, 5);
    const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    const three = { user: blocks.user, item: blocks.item, context: blocks.context! };
    const withRoom = createFoldMemory(three, train.length, 4, 4, test.length);
    assert.ok(withRoom !== null && withRoom.cases.test !== null, 'room for a few test cases');
    assert.equal(withRoom.cases.test.out.length, test.length);
    // Each test case takes 14 bytes (three 16-bit rows, a double out): this many pass the bound
    // alone. The layout is sized before any memory is made, so nothing this large is allocated.
    const tooMany = Math.ceil(MAX_WASM_FOLD_BYTES / 14) + 1;
    const withoutRoom = createFoldMemory(three, train.length, 4, 4, tooMany);
    assert.ok(withoutRoom !== null, "the training passes keep the fold's memory");
    assert.equal(withoutRoom.cases.test, null, 'the test cases are predicted in JavaScript');
    assert.ok(withoutRoom.residual.buffer.byteLength < MAX_WASM_FOLD_BYTES);
  });

  it('leave a block over the size bound in JavaScript', () => {
    const planted = plantedData({ users: 10, items: 10, ratingsPerUser: 4, seed: 1 });
    const blocks = buildFeatureBlocks(planted.data, planted.fold.train, ['ids']);
    const { byFeature, featureGroup } = blocks.user;
    assert.notEqual(createWasmBlockKernels(byFeature, featureGroup, blocks.user.matrix.rows, 10, 10), null);
    // 1.1M rows of 64-byte records alone pass 64 MB.
    assert.equal(createWasmBlockKernels(byFeature, featureGroup, 1_100_000, 10, 10), null);
  });
});
