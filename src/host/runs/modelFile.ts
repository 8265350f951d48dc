import type { SerializedModel } from '../../shared/run';
import type { OrdinalScale } from '../../core/model/ordinalScale';
import type { UserSideModel } from '../../core/model/userSideModel';

/**
 * The binary form of a stored model: an 8-byte magic, a little-endian uint32 header length, the
 * header as JSON, padding to 4 bytes, then userBias, itemBias, userFactors and itemFactors as
 * little-endian float32. Binary because ml-1m factors are megabytes and JSON would triple them.
 * An FM's user-side parameters (for what-ifs) follow when the header has `userSide`: its feature
 * names and cold weight are in the header, its weights, factors and cold factors after the others.
 * An ordinal FM's scale follows when the header has `ordinal`: its levels and cut-points (a handful
 * of numbers) are in the header, its per-user noise scales (if any) after everything else.
 * Files written before either existed have neither and read as they always did.
 */
const MAGIC = Buffer.from('RLMODEL\0', 'latin1');

/** The user-side parameters' fields kept in the header (the arrays follow it). */
type UserSideHeader = Pick<UserSideModel, 'featureNames' | 'coldWeight'>;

/** The ordinal scale in the header; the per-user scales (userCount float32) follow the arrays. */
interface OrdinalHeader {
  readonly levels: readonly number[];
  readonly cutPoints: readonly number[];
  readonly hasUserScale: boolean;
}

/** Everything but the arrays, which follow the header. */
type ModelHeader = Omit<SerializedModel, 'userBias' | 'itemBias' | 'userFactors' | 'itemFactors' | 'userSide' | 'ordinal'> & {
  readonly userSide?: UserSideHeader;
  readonly ordinal?: OrdinalHeader;
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
    ...(model.userSide === undefined
      ? {}
      : { userSide: { featureNames: model.userSide.featureNames, coldWeight: model.userSide.coldWeight } }),
    ...(model.ordinal === undefined ? {} : { ordinal: ordinalHeader(model.ordinal) }),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerEnd = MAGIC.length + 4 + headerBytes.length;
  const arraysStart = Math.ceil(headerEnd / 4) * 4;
  const arrays = [model.userBias, model.itemBias, model.userFactors, model.itemFactors];
  if (model.userSide !== undefined) arrays.push(model.userSide.weights, model.userSide.factors, model.userSide.coldFactors);
  if (model.ordinal?.userScale !== undefined) arrays.push(model.ordinal.userScale);
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
  const lengths = [header.userCount, header.itemCount, header.userCount * header.dimension, header.itemCount * header.dimension];
  if (header.userSide !== undefined && !isUserSideHeader(header.userSide)) throw new Error('model file has a damaged user-side header');
  const sideFeatures = header.userSide?.featureNames.length;
  if (sideFeatures !== undefined) lengths.push(sideFeatures, sideFeatures * header.dimension, header.dimension);
  if (header.ordinal !== undefined && !isOrdinalHeader(header.ordinal)) throw new Error('model file has a damaged ordinal header');
  if (header.ordinal?.hasUserScale === true) lengths.push(header.userCount);
  let offset = Math.ceil(headerEnd / 4) * 4;
  const expected = offset + lengths.reduce((total, length) => total + length * 4, 0);
  if (buffer.length !== expected) throw new Error(`model file has ${buffer.length} bytes, expected ${expected}`);
  const arrays = lengths.map((length) => {
    const array = new Float32Array(length);
    for (let index = 0; index < length; index++, offset += 4) array[index] = buffer.readFloatLE(offset);
    return array;
  });
  const [userBias, itemBias, userFactors, itemFactors] = arrays;
  const side = header.userSide;
  const [weights, factors, coldFactors] = side === undefined ? [] : arrays.slice(4, 7);
  const ordinal =
    header.ordinal === undefined
      ? undefined
      : ordinalScale(header.ordinal, header.ordinal.hasUserScale ? arrays[arrays.length - 1] : undefined);
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
    ...(side === undefined
      ? {}
      : { userSide: { featureNames: side.featureNames, coldWeight: side.coldWeight, weights, factors, coldFactors } }),
    ...(ordinal === undefined ? {} : { ordinal }),
  };
}

function ordinalHeader(scale: OrdinalScale): OrdinalHeader {
  return { levels: Array.from(scale.levels), cutPoints: Array.from(scale.cutPoints), hasUserScale: scale.userScale !== undefined };
}

function ordinalScale(header: OrdinalHeader, userScale: Float32Array | undefined): OrdinalScale {
  return {
    levels: Float32Array.from(header.levels),
    cutPoints: Float32Array.from(header.cutPoints),
    ...(userScale === undefined ? {} : { userScale }),
  };
}

/** At least two ascending finite levels and one ascending cut-point between each two. */
function isOrdinalHeader(value: unknown): value is OrdinalHeader {
  if (typeof value !== 'object' || value === null) return false;
  const { levels, cutPoints, hasUserScale } = value as Partial<OrdinalHeader>;
  return (
    isAscending(levels) &&
    isAscending(cutPoints) &&
    levels.length >= 2 &&
    cutPoints.length === levels.length - 1 &&
    typeof hasUserScale === 'boolean'
  );
}

function isAscending(values: unknown): values is readonly number[] {
  return (
    Array.isArray(values) &&
    values.every(
      (value, index) => typeof value === 'number' && Number.isFinite(value) && (index === 0 || value > (values[index - 1] as number)),
    )
  );
}

function isUserSideHeader(value: unknown): value is UserSideHeader {
  if (typeof value !== 'object' || value === null) return false;
  const { featureNames, coldWeight } = value as Partial<UserSideHeader>;
  return Array.isArray(featureNames) && featureNames.every((name) => typeof name === 'string') && typeof coldWeight === 'number';
}
