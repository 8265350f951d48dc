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
  it('keeps an FM\'s user-side parameters through a write and a read', () => {
    const dimension = 6;
    const names = ['age=25-34', 'gender=F', 'occupation=student', 'zip=9', 'implicit=50'];
    const stored: SerializedModel = {
      ...model(4, 3, dimension),
      userSide: { featureNames: names, weights: fill(names.length, 5), factors: fill(names.length * dimension, 6), coldWeight: 0.125, coldFactors: fill(dimension, 7) },
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

  it('refuses a file whose user-side section is cut short', () => {
    const stored: SerializedModel = {
      ...model(2, 2, 2),
      userSide: { featureNames: ['gender=M'], weights: fill(1, 1), factors: fill(2, 2), coldWeight: 0, coldFactors: fill(2, 3) },
    };
    const bytes = encodeModel(stored);
    assert.throws(() => decodeModel(bytes.subarray(0, bytes.length - 4)), /bytes, expected/);
  });
});
