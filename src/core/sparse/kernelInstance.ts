/**
 * Per-fold compiled copies of kernel factories, so that V8 optimizes each fold's kernels with
 * that fold's typed arrays as constants.
 *
 * Why (V8 11.3, Node 20): TurboFan specializes a function to its closure's context, folding the
 * captured consts (and never-reassigned lets, as minifiers write them) into constants, only while
 * the function's feedback cell has seen a single closure (pipeline.cc checks
 * `one_closure_cell_map`, and never for OSR code). A typed array that is a constant has its
 * length and data pointer built into the code: the loop loads no fields and spills less. One FM
 * case pass (10 calls a sweep on u1) ran 1.9 ms per sweep so, against 4.7 ms as a function
 * taking the state.
 * - A factory called once per fold gives each fold a new closure of the same function: from the
 *   second fold on the cell says "many closures" and every fold gets generic code that reloads
 *   each array from the context (5.5 ms; --trace-deopt shows nothing, the code is just slower).
 *   `npm run bench` prints both for every FM kernel ("kernels").
 * - So each fold compiles the factory anew from its source (`new Function`), which gives it its
 *   own SharedFunctionInfo and feedback cells. The source is made unique by a sourceURL with a
 *   counter: V8's eval cache keeps a source from its second compilation on and hands that
 *   SharedFunctionInfo to the third, which would be generic again.
 *
 * A factory passed here must be self-contained, as its copy is compiled in the global scope: it
 * uses only its parameters and globals (helpers come in as parameters); its kernels are methods
 * of the object literal it returns, not nested named functions (esbuild's keepNames, which tsx
 * uses, wraps those in a module-level `__name` call). For the arrays to become constants on every
 * fold, they are consts of the factory that each method copies into locals before its loops, and
 * a method holds one loop nest (blockKernels.ts says why). Tests run every kernel both ways, also
 * minified.
 */

let instances = 0;

/**
 * A fresh copy of `factory` (same parameters, same results). Where code generation from strings
 * is disallowed (`--disallow-code-generation-from-strings`), the factory itself: the same numbers,
 * without the constants.
 */
export function instantiateKernel<Factory extends (...args: never[]) => object>(factory: Factory, label: string): Factory {
  instances++;
  const source = `"use strict";\nreturn (${factory.toString()});\n//# sourceURL=${label}-${instances}.js`;
  try {
    return new Function(source)() as Factory;
  } catch (error) {
    if (error instanceof EvalError) return factory;
    throw error;
  }
}
