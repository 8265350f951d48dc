import * as assert from 'node:assert/strict';
import { decodeModel, encodeModel } from '../../../src/host/runs/modelFile';
import type { SerializedModel } from '../../../src/shared/run';

const fill = (length: number, offset: number): Float32Array => Float32Array.from({ length }, (_, index) => Math.sin(index + offset));

function model(users: number, items: number, dimension: number): SerializedModel {
  return {
    formatVersion: 1,
    kind: 'fm',
    foldName: 'r1f1',
    userCount: users,
    itemCount: items,
    dimension,
    globalBias: 3.53,
    userBias: fill(users, 1),
    itemBias: fill(items, 2),
    userFactors: fill(users * dimension, 3),
    itemFactors: fill(items * dimension, 4),
    ratingScale: { min: 1, max: 5 },
  };
}

/**
 * A model file as the format had it before the user-side section: written here byte by byte from
 * the format's description (magic, header length, JSON header, padding, four float32 arrays).
 */
function fileWithoutUserSide(stored: SerializedModel): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      formatVersion: 1,
      kind: stored.kind,
      foldName: stored.foldName,
      userCount: stored.userCount,
      itemCount: stored.itemCount,
      dimension: stored.dimension,
      globalBias: stored.globalBias,
      ratingScale: stored.ratingScale,
    }),
  );
  const start = Math.ceil((12 + header.length) / 4) * 4;
  const arrays = [stored.userBias, stored.itemBias, stored.userFactors, stored.itemFactors];
  const buffer = Buffer.alloc(start + arrays.reduce((total, array) => total + array.length * 4, 0));
  buffer.write('RLMODEL\0', 0, 'latin1');
  buffer.writeUInt32LE(header.length, 8);
  header.copy(buffer, 12);
  let offset = start;
  for (const array of arrays) for (const value of array) offset = buffer.writeFloatLE(value, offset);
  return buffer;
}

describe('model file (binary, with an optional user-side section)', () => {
  it("keeps an FM's user-side parameters through a write and a read", () => {
    const dimension = 6;
    const names = ['age=25-34', 'gender=F', 'occupation=student', 'zip=9', 'implicit=50'];
    const stored: SerializedModel = {
      ...model(4, 3, dimension),
      userSide: {
        featureNames: names,
        weights: fill(names.length, 5),
        factors: fill(names.length * dimension, 6),
        coldWeight: 0.125,
        coldFactors: fill(dimension, 7),
      },
    };
    const read = decodeModel(encodeModel(stored));
    assert.deepEqual(read, stored);
  });

  it('reads a file written before the user-side section as it always did: no user side', () => {
    const stored = model(5, 4, 3);
    const read = decodeModel(fileWithoutUserSide(stored));
    assert.equal(read.userSide, undefined);
    assert.deepEqual(read, stored);
  });

  it("keeps an ordinal FM's scale (levels, cut-points, per-user noise scales) beside its user side", () => {
    const dimension = 2;
    const stored: SerializedModel = {
      ...model(3, 2, dimension),
      userSide: {
        featureNames: ['gender=F'],
        weights: fill(1, 5),
        factors: fill(dimension, 6),
        coldWeight: 0.5,
        coldFactors: fill(dimension, 7),
      },
      ordinal: {
        levels: Float32Array.of(1, 2, 3, 4, 5),
        cutPoints: Float32Array.of(-1.7, -0.9, 0.1, 1.3),
        userScale: Float32Array.of(0.8, 1.1, 1.4),
      },
    };
    const read = decodeModel(encodeModel(stored));
    assert.deepEqual(read, stored);
    assert.equal(read.ordinal?.cutPoints[0], Math.fround(-1.7));
  });

  it('keeps an ordinal scale with one noise scale for all users (no per-user array)', () => {
    const stored: SerializedModel = {
      ...model(2, 2, 1),
      ordinal: { levels: Float32Array.of(0.5, 1, 1.5), cutPoints: Float32Array.of(-0.25, 0.75) },
    };
    const bytes = encodeModel(stored);
    const arraysStart = Math.ceil((12 + bytes.readUInt32LE(8)) / 4) * 4;
    assert.equal(bytes.length, arraysStart + (2 + 2 + 2 + 2) * 4, 'the four model arrays and nothing more');
    const read = decodeModel(bytes);
    assert.equal(read.ordinal?.userScale, undefined);
    assert.deepEqual(read, stored);
  });

  it('refuses a file whose ordinal header is damaged or whose per-user scales are cut short', () => {
    const stored: SerializedModel = {
      ...model(2, 2, 1),
      ordinal: { levels: Float32Array.of(1, 2, 3), cutPoints: Float32Array.of(-0.5, 0.5), userScale: Float32Array.of(1, 2) },
    };
    const bytes = encodeModel(stored);
    assert.throws(() => decodeModel(bytes.subarray(0, bytes.length - 4)), /bytes, expected/);
    // Swap two cut-points in place (the same header length): no longer ascending.
    const damaged = Buffer.from(bytes.toString('latin1').replace('"cutPoints":[-0.5,0.5]', '"cutPoints":[0.5,-0.5]'), 'latin1');
    assert.notDeepEqual(damaged, bytes);
    assert.throws(() => decodeModel(damaged), /damaged ordinal header/);
  });

  it('refuses a file whose user-side section is cut short', () => {
    const stored: SerializedModel = {
      ...model(2, 2, 2),
      userSide: { featureNames: ['gender=M'], weights: fill(1, 1), factors: fill(2, 2), coldWeight: 0, coldFactors: fill(2, 3) },
    };
    const bytes = encodeModel(stored);
    assert.throws(() => decodeModel(bytes.subarray(0, bytes.length - 4)), /bytes, expected/);
  });
});
