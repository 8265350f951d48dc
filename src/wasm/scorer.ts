// AssemblyScript with SIMD (compiled by scripts/wasm.mjs into src/core/eval/scorerWasm.ts): the
// dot products of the unrated-films ranking (src/core/eval/foldRanking.ts, embeddingScorer's
// scoreGroup), four users at once, two f64x2 of two lanes each. A lane multiplies and adds exactly
// as the scalar loop does (no fused multiply-add in WebAssembly), factor after factor, so the same
// doubles.
//
// Memory (src/core/eval/wasmScorer.ts): the films' factor rows at `rows` (itemCount × dimension
// doubles), the four users' factors interleaved at `quad` (dimension × [u0, u1, u2, u3]), the dot
// products written interleaved at `out` (itemCount × [u0, u1, u2, u3]).

/**
 * Every film's dot product with the four users' factor rows. Four films at a time: eight
 * independent sums keep the adders busy, and each film factor loaded serves four users (two did
 * before: 0.69 of the time for all of ml-100k's users at dimension 160).
 */
export function scoreQuad(itemCount: i32, dimension: i32, rows: usize, quad: usize, out: usize): void {
  const stride = (<usize>dimension) << 3;
  const blocked = itemCount - (itemCount % 4);
  for (let item: i32 = 0; item < blocked; item += 4) {
    let a0 = f64x2.splat(0);
    let b0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let b3 = f64x2.splat(0);
    let film = rows + <usize>item * stride;
    let users = quad;
    for (let factor: i32 = 0; factor < dimension; factor++) {
      const front = v128.load(users);
      const back = v128.load(users, 16);
      const f0 = f64x2.splat(load<f64>(film));
      const f1 = f64x2.splat(load<f64>(film + stride));
      const f2 = f64x2.splat(load<f64>(film + 2 * stride));
      const f3 = f64x2.splat(load<f64>(film + 3 * stride));
      a0 = f64x2.add(a0, f64x2.mul(front, f0));
      b0 = f64x2.add(b0, f64x2.mul(back, f0));
      a1 = f64x2.add(a1, f64x2.mul(front, f1));
      b1 = f64x2.add(b1, f64x2.mul(back, f1));
      a2 = f64x2.add(a2, f64x2.mul(front, f2));
      b2 = f64x2.add(b2, f64x2.mul(back, f2));
      a3 = f64x2.add(a3, f64x2.mul(front, f3));
      b3 = f64x2.add(b3, f64x2.mul(back, f3));
      film += 8;
      users += 32;
    }
    const at = out + ((<usize>item) << 5);
    v128.store(at, a0);
    v128.store(at, b0, 16);
    v128.store(at, a1, 32);
    v128.store(at, b1, 48);
    v128.store(at, a2, 64);
    v128.store(at, b2, 80);
    v128.store(at, a3, 96);
    v128.store(at, b3, 112);
  }
  for (let item = blocked; item < itemCount; item++) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    let film = rows + <usize>item * stride;
    let users = quad;
    for (let factor: i32 = 0; factor < dimension; factor++) {
      const f = f64x2.splat(load<f64>(film));
      a = f64x2.add(a, f64x2.mul(v128.load(users), f));
      b = f64x2.add(b, f64x2.mul(v128.load(users, 16), f));
      film += 8;
      users += 32;
    }
    const at = out + ((<usize>item) << 5);
    v128.store(at, a);
    v128.store(at, b, 16);
  }
}
