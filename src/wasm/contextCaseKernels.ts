// AssemblyScript (compiled by scripts/wasm.mjs into src/core/fm/contextCaseKernelsWasm.ts): the
// passes over every training case of the three-block FM (src/core/fm/contextCaseKernels.ts), over
// one memory that holds the fold's case arrays and its three blocks' arrays. The same operations
// in the same order as the JavaScript loops, so the same doubles. Compiled once per thread, where
// the JavaScript loops are compiled for every fold (kernelInstance.ts): a fold's first iterations
// no longer run them in V8's lower tiers. With SIMD (f64x2): a row's four sums in two vectors and
// a film's four gathered sums in two loads and stores, each lane doing one sum's scalar
// operations in the scalar order, so still the same doubles.
//
// Row numbers are 16-bit (every block fits: src/core/fm/rowIndices.ts); case starts 32-bit. A row
// record is eight doubles (src/core/fm/rowAggregates.ts ROW_LAYOUT): sumOther 1, sumOtherSquared 2,
// residualSum 3, residualOtherSum 4. The item gather holds four doubles a film (itemColumns.ts).

const SUM_OTHER: usize = 8;
const SUM_OTHER_SQUARED: usize = 16;
const RESIDUAL_SUM: usize = 24;
const RESIDUAL_OTHER_SUM: usize = 32;
const RECORD_SHIFT: usize = 6;

function row16(rows: usize, index: i32): usize {
  return <usize>load<u16>(rows + ((<usize>index) << 1));
}

function start32(starts: usize, row: i32): i32 {
  return load<i32>(starts + ((<usize>row) << 2));
}

function slot(base: usize, row: usize, rank: i32, factor: i32): usize {
  return base + ((row * <usize>rank + <usize>factor) << 3);
}

/** Each context row's Σ of its cases' user weights, added into `weightedCount`. */
export function addCaseWeights(cases: i32, userWeight: usize, userRow: usize, contextRow: usize, weightedCount: usize): void {
  for (let index: i32 = 0; index < cases; index++) {
    const at = weightedCount + (row16(contextRow, index) << 3);
    store<f64>(at, load<f64>(at) + load<f64>(userWeight + (row16(userRow, index) << 3)));
  }
}

/** User rows' T1, T2, E0, E1 for `factor` (t_c = the case's item s_f + context s_f). */
export function gatherUserSums(
  userRows: i32,
  rank: i32,
  factor: i32,
  userCaseStart: usize,
  itemRow: usize,
  contextRow: usize,
  itemSums: usize,
  contextSums: usize,
  residual: usize,
  userWeight: usize,
  userPacked: usize,
): void {
  for (let row: i32 = 0; row < userRows; row++) {
    const weight = f64x2.splat(load<f64>(userWeight + ((<usize>row) << 3)));
    let sums = f64x2.splat(0);
    let products = f64x2.splat(0);
    const end = start32(userCaseStart, row + 1);
    for (let index = start32(userCaseStart, row); index < end; index++) {
      const t =
        load<f64>(slot(itemSums, row16(itemRow, index), rank, factor)) +
        load<f64>(slot(contextSums, row16(contextRow, index), rank, factor));
      const e = load<f64>(residual + ((<usize>index) << 3));
      const weighted = f64x2.mul(weight, f64x2.replace_lane(f64x2.splat(t), 1, e));
      sums = f64x2.add(sums, weighted);
      products = f64x2.add(products, f64x2.mul(weighted, f64x2.splat(t)));
    }
    storeSums(userPacked + ((<usize>row) << RECORD_SHIFT), sums, products);
  }
}

/**
 * A row's four sums, kept as [T1, E0] (Σ w t, Σ w e) and [T2, E1] (Σ (w t) t, Σ (w e) t): each lane
 * multiplies and adds as the scalar sums did, in the same order, so the same doubles.
 */
function storeSums(record: usize, sums: v128, products: v128): void {
  v128.store(record + SUM_OTHER, v128.shuffle<f64>(sums, products, 0, 2));
  v128.store(record + RESIDUAL_SUM, v128.shuffle<f64>(sums, products, 1, 3));
}

/** The user rows' change of factor f into the residuals; the item rows' sums into `gather` (zeroed). */
export function propagateUserGatherItem(
  contextRows: i32,
  rank: i32,
  factor: i32,
  contextCaseStart: usize,
  residual: usize,
  userWeight: usize,
  userRow: usize,
  itemRow: usize,
  userSums: usize,
  itemColumn: usize,
  contextSums: usize,
  userChange: usize,
  userSumChange: usize,
  gather: usize,
): void {
  for (let row: i32 = 0; row < contextRows; row++) {
    const start = start32(contextCaseStart, row);
    const end = start32(contextCaseStart, row + 1);
    if (start == end) continue;
    const u = row16(userRow, start);
    const sk = load<f64>(slot(contextSums, <usize>row, rank, factor));
    const change = load<f64>(userChange + (u << 3));
    const sumChange = load<f64>(userSumChange + (u << 3));
    const t = load<f64>(slot(userSums, u, rank, factor)) + sk;
    const w = load<f64>(userWeight + (u << 3));
    const wt = w * t;
    // [w t, w t t] added to every film's first two sums; [w e, w e t] = w e × [1, t] to the last two.
    const fixedSums = f64x2.replace_lane(f64x2.splat(wt), 1, w * t * t);
    const oneAndT = f64x2.replace_lane(f64x2.splat(1), 1, t);
    for (let index = start; index < end; index++) {
      const i = row16(itemRow, index);
      const at = residual + ((<usize>index) << 3);
      const e = load<f64>(at) - change - sumChange * (load<f64>(itemColumn + (i << 3)) + sk);
      store<f64>(at, e);
      const base = gather + (i << 5);
      v128.store(base, f64x2.add(v128.load(base), fixedSums));
      v128.store(base, f64x2.add(v128.load(base, 16), f64x2.mul(f64x2.splat(w * e), oneAndT)), 16);
    }
  }
}

/** The item rows' change of factor f into the residuals (t_c = s_u + s_k); the context rows' sums. */
export function propagateItemGatherContext(
  contextRows: i32,
  rank: i32,
  factor: i32,
  contextCaseStart: usize,
  userRow: usize,
  itemRow: usize,
  userSums: usize,
  itemColumn: usize,
  contextSums: usize,
  residual: usize,
  userWeight: usize,
  itemChange: usize,
  itemSumChange: usize,
  contextPacked: usize,
): void {
  for (let row: i32 = 0; row < contextRows; row++) {
    const start = start32(contextCaseStart, row);
    const end = start32(contextCaseStart, row + 1);
    const su = start < end ? load<f64>(slot(userSums, row16(userRow, start), rank, factor)) : 0;
    const weight = f64x2.splat(start < end ? load<f64>(userWeight + (row16(userRow, start) << 3)) : 0);
    const other = su + load<f64>(slot(contextSums, <usize>row, rank, factor));
    let sums = f64x2.splat(0);
    let products = f64x2.splat(0);
    for (let index = start; index < end; index++) {
      const i = row16(itemRow, index) << 3;
      const at = residual + ((<usize>index) << 3);
      const e = load<f64>(at) - load<f64>(itemChange + i) - load<f64>(itemSumChange + i) * other;
      store<f64>(at, e);
      const t = su + load<f64>(itemColumn + i);
      const weighted = f64x2.mul(weight, f64x2.replace_lane(f64x2.splat(t), 1, e));
      sums = f64x2.add(sums, weighted);
      products = f64x2.add(products, f64x2.mul(weighted, f64x2.splat(t)));
    }
    storeSums(contextPacked + ((<usize>row) << RECORD_SHIFT), sums, products);
  }
}

/** The context rows' change of factor f into the residuals (t_c = s_u + s_i); after the last factor. */
export function propagateContext(
  contextRows: i32,
  rank: i32,
  factor: i32,
  contextCaseStart: usize,
  userRow: usize,
  itemRow: usize,
  userSums: usize,
  itemColumn: usize,
  residual: usize,
  contextChange: usize,
  contextSumChange: usize,
): void {
  for (let row: i32 = 0; row < contextRows; row++) {
    const start = start32(contextCaseStart, row);
    const end = start32(contextCaseStart, row + 1);
    if (start == end) continue;
    const su = load<f64>(slot(userSums, row16(userRow, start), rank, factor));
    const change = load<f64>(contextChange + ((<usize>row) << 3));
    const sumChange = load<f64>(contextSumChange + ((<usize>row) << 3));
    for (let index = start; index < end; index++) {
      const at = residual + ((<usize>index) << 3);
      store<f64>(at, load<f64>(at) - (change + sumChange * (su + load<f64>(itemColumn + (row16(itemRow, index) << 3)))));
    }
  }
}

/** The context rows' change of factor f into the residuals; the user rows' sums for `nextFactor`. */
export function propagateContextGatherUser(
  userRows: i32,
  rank: i32,
  factor: i32,
  nextFactor: i32,
  userCaseStart: usize,
  contextCaseStart: usize,
  itemRow: usize,
  contextRow: usize,
  userSums: usize,
  itemColumn: usize,
  itemNextColumn: usize,
  contextSums: usize,
  residual: usize,
  userWeight: usize,
  contextChange: usize,
  contextSumChange: usize,
  userPacked: usize,
): void {
  for (let row: i32 = 0; row < userRows; row++) {
    const start = start32(userCaseStart, row);
    const end = start32(userCaseStart, row + 1);
    const su = load<f64>(slot(userSums, <usize>row, rank, factor));
    const weight = f64x2.splat(load<f64>(userWeight + ((<usize>row) << 3)));
    let sums = f64x2.splat(0);
    let products = f64x2.splat(0);
    const firstContext: i32 = start < end ? <i32>row16(contextRow, start) : 0;
    const lastContext: i32 = start < end ? <i32>row16(contextRow, end - 1) : -1;
    for (let k = firstContext; k <= lastContext; k++) {
      const change = load<f64>(contextChange + ((<usize>k) << 3));
      const sumChange = load<f64>(contextSumChange + ((<usize>k) << 3));
      const sk = load<f64>(slot(contextSums, <usize>k, rank, nextFactor));
      const caseEnd = start32(contextCaseStart, k + 1);
      for (let index = start32(contextCaseStart, k); index < caseEnd; index++) {
        const i = row16(itemRow, index) << 3;
        const at = residual + ((<usize>index) << 3);
        const e = load<f64>(at) - change - sumChange * (su + load<f64>(itemColumn + i));
        store<f64>(at, e);
        const t = load<f64>(itemNextColumn + i) + sk;
        const weighted = f64x2.mul(weight, f64x2.replace_lane(f64x2.splat(t), 1, e));
        sums = f64x2.add(sums, weighted);
        products = f64x2.add(products, f64x2.mul(weighted, f64x2.splat(t)));
      }
    }
    storeSums(userPacked + ((<usize>row) << RECORD_SHIFT), sums, products);
  }
}

/** Two rows' doubles at `first` and `second` as the two lanes of a vector. */
function pair(first: usize, second: usize): v128 {
  return v128.load64_lane(second, v128.load64_zero(first), 1);
}

/**
 * The test cases' predictions (predictions.ts predictContextCases): w0 and the three rows' biases,
 * then Σ_f s t + (s + t) c over the factors. Two cases at a time, one in each lane, each lane's
 * sum in the scalar order; an odd count ends with its last case twice (the same value stored twice).
 */
export function predictTestCases(
  count: i32,
  rank: i32,
  userRow: usize,
  itemRow: usize,
  contextRow: usize,
  userSums: usize,
  itemSums: usize,
  contextSums: usize,
  userBias: usize,
  itemBias: usize,
  contextBias: usize,
  w0: f64,
  out: usize,
): void {
  const stride = (<usize>rank) << 3;
  for (let index: i32 = 0; index < count; index += 2) {
    const next: i32 = index + 1 < count ? index + 1 : index;
    const u = row16(userRow, index);
    const i = row16(itemRow, index);
    const k = row16(contextRow, index);
    const nextU = row16(userRow, next);
    const nextI = row16(itemRow, next);
    const nextK = row16(contextRow, next);
    let value = f64x2.add(
      f64x2.add(
        f64x2.add(f64x2.splat(w0), pair(userBias + (u << 3), userBias + (nextU << 3))),
        pair(itemBias + (i << 3), itemBias + (nextI << 3)),
      ),
      pair(contextBias + (k << 3), contextBias + (nextK << 3)),
    );
    let userAt = userSums + u * stride;
    let nextUserAt = userSums + nextU * stride;
    let itemAt = itemSums + i * stride;
    let nextItemAt = itemSums + nextI * stride;
    let contextAt = contextSums + k * stride;
    let nextContextAt = contextSums + nextK * stride;
    for (let factor: i32 = 0; factor < rank; factor++) {
      const s = pair(userAt, nextUserAt);
      const t = pair(itemAt, nextItemAt);
      value = f64x2.add(value, f64x2.add(f64x2.mul(s, t), f64x2.mul(f64x2.add(s, t), pair(contextAt, nextContextAt))));
      userAt += 8;
      nextUserAt += 8;
      itemAt += 8;
      nextItemAt += 8;
      contextAt += 8;
      nextContextAt += 8;
    }
    store<f64>(out + ((<usize>index) << 3), f64x2.extract_lane(value, 0));
    store<f64>(out + ((<usize>next) << 3), f64x2.extract_lane(value, 1));
  }
}

/** Σ τ_c e_c per row of one block (blockKernels.ts gatherRowResiduals), added into `rowResidualSum`. */
export function gatherRowResiduals(
  cases: i32,
  caseRow: usize,
  userRow: usize,
  userWeight: usize,
  residual: usize,
  rowResidualSum: usize,
): void {
  for (let index: i32 = 0; index < cases; index++) {
    const at = rowResidualSum + (row16(caseRow, index) << 3);
    store<f64>(at, load<f64>(at) + load<f64>(userWeight + (row16(userRow, index) << 3)) * load<f64>(residual + ((<usize>index) << 3)));
  }
}

/** Each case's residual less its row's change of one block (blockKernels.ts shiftCaseResiduals). */
export function shiftCaseResiduals(cases: i32, caseRow: usize, change: usize, residual: usize): void {
  for (let index: i32 = 0; index < cases; index++) {
    const at = residual + ((<usize>index) << 3);
    store<f64>(at, load<f64>(at) - load<f64>(change + (row16(caseRow, index) << 3)));
  }
}
