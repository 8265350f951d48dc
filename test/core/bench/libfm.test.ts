import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLibfm } from '../../../src/bench/libfm';
import { writeLibfmInput } from '../../../src/bench/libfmFiles';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { plantedData, withDays } from '../fm/plantedData';

/** A libFM sparse binary file read back: rows of (column, value) pairs. */
function readSparse(file: string): { columns: number; rows: [number, number][][] } {
  const buffer = fs.readFileSync(file);
  assert.equal(buffer.readUInt32LE(0), 2, `${file}: file id`);
  assert.equal(buffer.readUInt32LE(4), 4, `${file}: float size`);
  const values = Number(buffer.readBigUInt64LE(8));
  const rowCount = buffer.readUInt32LE(16);
  const columns = buffer.readUInt32LE(20);
  const rows: [number, number][][] = [];
  let at = 24;
  for (let row = 0; row < rowCount; row++) {
    const length = buffer.readUInt32LE(at);
    at += 4;
    const entries: [number, number][] = [];
    for (let entry = 0; entry < length; entry++, at += 8) entries.push([buffer.readUInt32LE(at), buffer.readFloatLE(at + 4)]);
    rows.push(entries);
  }
  assert.equal(at, buffer.length, `${file}: no bytes left over`);
  assert.equal(rows.flat().length, values, `${file}: value count`);
  return { columns, rows };
}

/** A libFM vector file read back. */
function readVector(file: string, kind: 'float' | 'uint'): number[] {
  const buffer = fs.readFileSync(file);
  assert.equal(buffer.readUInt32LE(0), 1);
  assert.equal(buffer.readUInt32LE(4), 4);
  const count = buffer.readUInt32LE(8);
  assert.equal(buffer.length, 12 + 4 * count);
  return Array.from({ length: count }, (_, index) =>
    kind === 'float' ? buffer.readFloatLE(12 + 4 * index) : buffer.readUInt32LE(12 + 4 * index),
  );
}

describe('libFM side by side (bench)', () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'libfm-test-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes the fold as BS files: empty main tables, each block with its transpose, row links and groups', () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8 });
    const { fold } = planted;
    const blocks = buildFeatureBlocks(planted.data, fold.train, ['ids', 'user', 'item']);
    const input = writeLibfmInput(folder, blocks, fold);
    assert.deepEqual(input.relations, [path.join(folder, 'rel.user'), path.join(folder, 'rel.item')]);

    const trainTargets = readVector(`${input.train}.y`, 'float');
    assert.deepEqual(trainTargets, Array.from(Float32Array.from(fold.train.rating)));
    const main = readSparse(`${input.train}.x`);
    assert.equal(main.rows.length, fold.train.length);
    assert.ok(main.rows.every((row) => row.length === 0) && main.columns === 0, 'no features outside the blocks');
    assert.equal(readSparse(`${input.test}.xt`).columns, fold.test.length);

    for (const [stem, block, train, test] of [
      [input.relations[0], blocks.user, fold.train.user, fold.test.user],
      [input.relations[1], blocks.item, fold.train.item, fold.test.item],
    ] as const) {
      const matrix = readSparse(`${stem}.x`);
      assert.equal(matrix.columns, block.matrix.columns);
      for (let row = 0; row < block.matrix.rows; row++) {
        const expected: [number, number][] = [];
        for (let entry = block.matrix.offsets[row]; entry < block.matrix.offsets[row + 1]; entry++) {
          expected.push([block.matrix.indices[entry], Math.fround(block.matrix.values[entry])]);
        }
        assert.deepEqual(matrix.rows[row], expected, `${stem} row ${row}`);
      }
      // The transpose holds the same entries by feature.
      const transposed = readSparse(`${stem}.xt`);
      assert.equal(transposed.rows.length, block.matrix.columns);
      assert.deepEqual(
        transposed.rows.flatMap((entries, feature) => entries.map(([row, value]) => `${row}:${feature}:${value}`)).sort(),
        matrix.rows.flatMap((entries, row) => entries.map(([feature, value]) => `${row}:${feature}:${value}`)).sort(),
      );
      assert.deepEqual(readVector(`${stem}.train`, 'uint'), Array.from(train));
      assert.deepEqual(readVector(`${stem}.test`, 'uint'), Array.from(test));
      const groups = fs.readFileSync(`${stem}.groups`, 'utf8').trim().split('\n').map(Number);
      assert.equal(groups.length, block.matrix.columns);
      // Dense ids from 0, one per fine group of the block, in the same partition as featureGroup.
      assert.deepEqual(
        [...new Set(groups)].sort((a, b) => a - b),
        [...Array(new Set(block.featureGroup).size).keys()],
      );
      const libfmGroupOf = new Map<number, number>();
      block.featureGroup.forEach((group, feature) => {
        assert.equal(libfmGroupOf.get(group) ?? groups[feature], groups[feature], `feature ${feature}: one libFM group per fine group`);
        libfmGroupOf.set(group, groups[feature]);
      });
      assert.equal(new Set(libfmGroupOf.values()).size, libfmGroupOf.size, 'different fine groups stay apart');
    }
  });

  it("writes the context block as a third relation, with each training and test rating's row", () => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8 });
    const fold = withDays(planted.fold, 5);
    const blocks = buildFeatureBlocks(planted.data, fold.train, ['ids', 'userDay'], fold.test);
    const input = writeLibfmInput(folder, blocks, fold);
    const context = path.join(folder, 'rel.context');
    assert.deepEqual(input.relations, [path.join(folder, 'rel.user'), path.join(folder, 'rel.item'), context]);
    assert.deepEqual(readVector(`${context}.train`, 'uint'), Array.from(blocks.context?.layout.trainRow ?? []));
    assert.deepEqual(readVector(`${context}.test`, 'uint'), Array.from(blocks.context?.layout.testRow ?? []));
    assert.equal(readSparse(`${context}.x`).rows.length, blocks.context?.matrix.rows);
  });

  it('times libFM from its iteration lines and reads its CPU time and test RMSE', async function () {
    this.timeout(20000);
    // A stand-in for the binary: four iterations 50 ms apart, an rlog with clock() seconds.
    const fake = path.join(folder, 'fake-libfm.sh');
    fs.writeFileSync(
      fake,
      [
        '#!/bin/sh',
        'while [ "$1" != "-rlog" ]; do shift; done; log="$2"',
        'printf "rmse\\ttime_learn\\ttime_learn2\\n" > "$log"',
        'for i in 0 1 2 3; do sleep 0.05; printf "0.9\\t0.1\\t0.0${i}\\n" >> "$log"; echo "#Iter=  $i\\tTrain=0.8\\tTest=0.9$i"; done',
      ].join('\n'),
    );
    fs.chmodSync(fake, 0o755);
    const input = { train: path.join(folder, 'train'), test: path.join(folder, 'test'), relations: ['a', 'b'] };
    const figures = await runLibfm(fake, input, { rank: 2, iterations: 4, initStdev: 0.1, seed: 1 });
    assert.equal(figures.iterations, 4);
    assert.equal(figures.testRmse, 0.93);
    assert.ok(figures.msPerIteration >= 40 && figures.msPerIteration < 1000, `${figures.msPerIteration} ms per iteration`);
    // Mean of iterations 2..4: (0.01 + 0.02 + 0.03) / 3 s.
    assert.ok(Math.abs(figures.cpuMsPerIteration - 20) < 1e-9, String(figures.cpuMsPerIteration));
  });

  it('rejects when libFM fails', async () => {
    const input = { train: path.join(folder, 'train'), test: path.join(folder, 'test'), relations: [] };
    await assert.rejects(runLibfm('/bin/false', input, { rank: 2, iterations: 4, initStdev: 0.1, seed: 1 }), /libFM exited with code 1/);
  });
});
