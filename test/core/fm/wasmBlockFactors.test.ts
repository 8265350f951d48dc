import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createState } from '../../../src/core/fm/fmState';
import { createWasmBlockFactors } from '../../../src/core/fm/wasmBlockFactors';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

// The factor draws in WebAssembly give the JavaScript loop's numbers bit for bit: kernelInstance.test.ts
// trains the same folds with them (per-fold compiled kernels) and without (the factories called directly).
describe('FM factor draws in WebAssembly', () => {
  it('ship the bytes their AssemblyScript source compiles to (scripts/wasm.mjs --check)', function () {
    this.timeout(60000);
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'wasm.mjs'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  });

  it('hold every block of a state: its factors, row records and penalty scales are views of the module memory', () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8, seed: 3 });
    const { train, test } = withDays(planted.fold, 5, 3);
    const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    const state = createState(blocks, train.user, train.item, train.rating, 4, 0.1, new Random(1));
    for (const side of [state.user, state.item, state.context!]) {
      const wasm = side.wasm;
      assert.ok(wasm !== null);
      assert.equal(side.factors, wasm.factors);
      assert.equal(side.aggregates.packed, wasm.packed);
      assert.equal(side.penaltyScale, wasm.penaltyScale);
      assert.ok(side.penaltyScale.every((value) => value === 1));
      assert.equal(side.factors.buffer, side.aggregates.packed.buffer, 'one memory per block');
    }
    assert.notEqual(state.user.factors.buffer, state.item.factors.buffer);
    const again = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    const plain = createState(again, train.user, train.item, train.rating, 4, 0.1, new Random(1), { wasm: false });
    assert.equal(plain.user.wasm, null);
    assert.deepEqual(Array.from(plain.user.factors), Array.from(state.user.factors), 'the same initial draws either way');
  });

  it('leave a block over the size bound in JavaScript', () => {
    const planted = plantedData({ users: 10, items: 10, ratingsPerUser: 4, seed: 1 });
    const blocks = buildFeatureBlocks(planted.data, planted.fold.train, ['ids']);
    const { byFeature, featureGroup } = blocks.user;
    assert.notEqual(createWasmBlockFactors(byFeature, featureGroup, blocks.user.matrix.rows, 10, 100), null);
    // 1.1M rows of 64-byte records alone pass 64 MB.
    assert.equal(createWasmBlockFactors(byFeature, featureGroup, 1_100_000, 10, 100), null);
  });
});
