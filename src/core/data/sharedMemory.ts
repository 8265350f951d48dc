/**
 * Moves a data set's typed arrays into SharedArrayBuffers, so that worker threads given the data
 * (postMessage clones the object) all read the same memory instead of a copy each: the ratings
 * are parsed once and shared by every thread of the pool. Plain objects and arrays are walked;
 * typed arrays already shared, numbers, strings, Maps and Sets are kept as they are.
 */
export function toSharedMemory<T>(value: T): T {
  return share(value) as T;
}

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

interface TypedArrayConstructor {
  new (buffer: SharedArrayBuffer): TypedArray;
}

function share(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as TypedArray;
    if (typed.buffer instanceof SharedArrayBuffer) return typed;
    const buffer = new SharedArrayBuffer(typed.byteLength);
    const Constructor = typed.constructor as TypedArrayConstructor;
    const copy = new Constructor(buffer);
    copy.set(typed as never);
    return copy;
  }
  if (Array.isArray(value)) return value.some(isShareable) ? value.map(share) : value;
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = share(entry);
    return result;
  }
  return value;
}

function isShareable(value: unknown): boolean {
  return ArrayBuffer.isView(value) || Array.isArray(value) || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
