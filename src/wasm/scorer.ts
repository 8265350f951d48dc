// AssemblyScript with SIMD (compiled by scripts/wasm.mjs into src/core/eval/scorerWasm.ts): the
// dot products of the unrated-films ranking (src/core/eval/foldRanking.ts, embeddingScorer's
// scorePair), two users at once, one f64x2 lane each. A lane multiplies and adds exactly as the
// scalar loop does (no fused multiply-add in WebAssembly), factor after factor, so the same doubles.
//
// Memory (src/core/eval/wasmScorer.ts): the films' factor rows at `rows` (itemCount × dimension
// doubles), the two users' factors interleaved at `pair` (dimension × [first, second]), the dot
// products written interleaved at `out` (itemCount × [first, second]).

/** Every film's dot product with both users' factor rows. */
export function scorePair(itemCount: i32, dimension: i32, rows: usize, pair: usize, out: usize): void {
  const stride = (<usize>dimension) << 3;
  const blocked = itemCount - (itemCount % 4);
  // Four films at a time: four independent sums keep the adders busy.
  for (let item: i32 = 0; item < blocked; item += 4) {
    let dot0 = f64x2.splat(0);
    let dot1 = f64x2.splat(0);
    let dot2 = f64x2.splat(0);
    let dot3 = f64x2.splat(0);
    let film = rows + <usize>item * stride;
    let users = pair;
    for (let factor: i32 = 0; factor < dimension; factor++) {
      const weights = v128.load(users);
      dot0 = f64x2.add(dot0, f64x2.mul(weights, f64x2.splat(load<f64>(film))));
      dot1 = f64x2.add(dot1, f64x2.mul(weights, f64x2.splat(load<f64>(film + stride))));
      dot2 = f64x2.add(dot2, f64x2.mul(weights, f64x2.splat(load<f64>(film + 2 * stride))));
      dot3 = f64x2.add(dot3, f64x2.mul(weights, f64x2.splat(load<f64>(film + 3 * stride))));
      film += 8;
      users += 16;
    }
    const at = out + ((<usize>item) << 4);
    v128.store(at, dot0);
    v128.store(at, dot1, 16);
    v128.store(at, dot2, 32);
    v128.store(at, dot3, 48);
  }
  for (let item = blocked; item < itemCount; item++) {
    let dot = f64x2.splat(0);
    let film = rows + <usize>item * stride;
    let users = pair;
    for (let factor: i32 = 0; factor < dimension; factor++) {
      dot = f64x2.add(dot, f64x2.mul(v128.load(users), f64x2.splat(load<f64>(film))));
      film += 8;
      users += 16;
    }
    v128.store(out + ((<usize>item) << 4), dot);
  }
}
