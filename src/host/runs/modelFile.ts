import type { SerializedModel } from '../../shared/run';
import type { UserSideModel } from '../../core/model/userSideModel';

/**
 * The binary form of a stored model: an 8-byte magic, a little-endian uint32 header length, the
 * header as JSON, padding to 4 bytes, then userBias, itemBias, userFactors and itemFactors as
 * little-endian float32. Binary because ml-1m factors are megabytes and JSON would triple them.
 * An FM's user-side parameters (for what-ifs) follow when the header has `userSide`: its feature
 * names and cold weight are in the header, its weights, factors and cold factors after the others.
 * Files written before they existed have none and read as they always did.
 */
const MAGIC = Buffer.from('RLMODEL\0', 'latin1');

/** The user-side parameters' fields kept in the header (the arrays follow it). */
type UserSideHeader = Pick<UserSideModel, 'featureNames' | 'coldWeight'>;

/** Everything but the arrays, which follow the header. */
type ModelHeader = Omit<SerializedModel, 'userBias' | 'itemBias' | 'userFactors' | 'itemFactors' | 'userSide'> & {
  readonly userSide?: UserSideHeader;
};

export function encodeModel(model: SerializedModel): Buffer {
  const header: ModelHeader = {
    formatVersion: model.formatVersion,
    kind: model.kind,
    foldName: model.foldName,
    userCount: model.userCount,
    itemCount: model.itemCount,
    dimension: model.dimension,
    globalBias: model.globalBias,
    ratingScale: model.ratingScale,
    ...(model.userSide === undefined ? {} : { userSide: { featureNames: model.userSide.featureNames, coldWeight: model.userSide.coldWeight } }),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerEnd = MAGIC.length + 4 + headerBytes.length;
  const arraysStart = Math.ceil(headerEnd / 4) * 4;
  const arrays = [model.userBias, model.itemBias, model.userFactors, model.itemFactors];
  if (model.userSide !== undefined) arrays.push(model.userSide.weights, model.userSide.factors, model.userSide.coldFactors);
  const size = arraysStart + arrays.reduce((total, array) => total + array.length * 4, 0);
  const buffer = Buffer.alloc(size);
  MAGIC.copy(buffer, 0);
  buffer.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(buffer, MAGIC.length + 4);
  let offset = arraysStart;
  for (const array of arrays) {
    for (let index = 0; index < array.length; index++, offset += 4) buffer.writeFloatLE(array[index], offset);
  }
  return buffer;
}

/** Reads a stored model; throws an Error that says what is wrong with a damaged file. */
export function decodeModel(buffer: Buffer): SerializedModel {
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('not a Recommender Lab model file');
  }
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > buffer.length) throw new Error('model file is cut short (header)');
  const header = JSON.parse(buffer.toString('utf8', MAGIC.length + 4, headerEnd)) as ModelHeader;
  if (header.formatVersion !== 1) throw new Error(`unknown model format version ${String(header.formatVersion)}`);
  const lengths = [
    header.userCount,
    header.itemCount,
    header.userCount * header.dimension,
    header.itemCount * header.dimension,
  ];
  if (header.userSide !== undefined && !isUserSideHeader(header.userSide)) throw new Error('model file has a damaged user-side header');
  const sideFeatures = header.userSide?.featureNames.length;
  if (sideFeatures !== undefined) lengths.push(sideFeatures, sideFeatures * header.dimension, header.dimension);
  let offset = Math.ceil(headerEnd / 4) * 4;
  const expected = offset + lengths.reduce((total, length) => total + length * 4, 0);
  if (buffer.length !== expected) throw new Error(`model file has ${buffer.length} bytes, expected ${expected}`);
  const [userBias, itemBias, userFactors, itemFactors, weights, factors, coldFactors] = lengths.map((length) => {
    const array = new Float32Array(length);
    for (let index = 0; index < length; index++, offset += 4) array[index] = buffer.readFloatLE(offset);
    return array;
  });
  const side = header.userSide;
  return {
    formatVersion: 1,
    kind: header.kind,
    foldName: header.foldName,
    userCount: header.userCount,
    itemCount: header.itemCount,
    dimension: header.dimension,
    globalBias: header.globalBias,
    ratingScale: header.ratingScale,
    userBias,
    itemBias,
    userFactors,
    itemFactors,
    ...(side === undefined ? {} : { userSide: { featureNames: side.featureNames, coldWeight: side.coldWeight, weights, factors, coldFactors } }),
  };
}

function isUserSideHeader(value: unknown): value is UserSideHeader {
  if (typeof value !== 'object' || value === null) return false;
  const { featureNames, coldWeight } = value as Partial<UserSideHeader>;
  return Array.isArray(featureNames) && featureNames.every((name) => typeof name === 'string') && typeof coldWeight === 'number';
}
