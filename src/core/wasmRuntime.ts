/**
 * The little of WebAssembly the kernels use (src/wasm, compiled into base64 modules by
 * scripts/wasm.mjs), typed here because core's type libraries (ES2022, Node) do not declare it.
 * Each module is compiled once per thread; null where WebAssembly (or a feature the module uses,
 * such as SIMD) is not available, and the callers then run their JavaScript loops.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** One export of a kernel module: numbers (sizes, addresses, scalars) in, a number (or nothing) out. */
export type WasmExport = (...args: number[]) => number;

const PAGE_BYTES = 65536;
const compiled = new Map<string, object | null>();

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

function compiledModule(base64: string): object | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    const api = wasmApi();
    try {
      module = api === undefined ? null : new api.Module(Buffer.from(base64, 'base64'));
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}

/**
 * A fresh instance of the module, over a memory of its own of `bytes` (fixed: views of a memory
 * that grows would be detached), or null.
 */
export function instantiateWasm<Name extends string>(
  base64: string,
  bytes: number,
): { readonly memory: WasmMemory; readonly exports: Record<Name, WasmExport> } | null {
  const memory = createWasmMemory(bytes);
  const exports = memory === null ? null : instantiateWasmOn<Name>(base64, memory);
  return memory === null || exports === null ? null : { memory, exports };
}

/**
 * A memory of `bytes` (fixed, as above) for several modules' instances to share, or null: no
 * WebAssembly, or the memory could not be had (the callers then keep plain arrays).
 */
export function createWasmMemory(bytes: number): WasmMemory | null {
  const api = wasmApi();
  if (api === undefined) return null;
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  try {
    return new api.Memory({ initial: pages, maximum: pages });
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** A fresh instance of the module over `memory`, or null. */
export function instantiateWasmOn<Name extends string>(base64: string, memory: WasmMemory): Record<Name, WasmExport> | null {
  const module = compiledModule(base64);
  const api = wasmApi();
  if (module === null || api === undefined) return null;
  return new api.Instance(module, { env: { memory } }).exports as Record<Name, WasmExport>;
}

/** Byte offsets for a memory's arrays, in order, each aligned (8 by default). */
export class WasmLayout {
  private end = 0;

  /** Bytes up to the end of the last array placed. */
  get bytes(): number {
    return this.end;
  }

  place(bytes: number, align = 8): number {
    const at = Math.ceil(this.end / align) * align;
    this.end = at + bytes;
    return at;
  }
}
