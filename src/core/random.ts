/**
 * Seeded pseudo-random numbers for every solver and split. The core never calls Math.random:
 * same seed, same numbers, on every machine.
 *
 * Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32 so that small
 * consecutive seeds give unrelated streams. Its state is an Int32Array (the same bits as number
 * fields): the draws copy it into locals and back, and with number fields a ziggurat draw took
 * about 1.3× as long.
 */
import { ZIGGURAT_LIMIT, ZIGGURAT_SIGN, ZIGGURAT_WIDTH, zigguratSlowPath } from './stats/ziggurat';

export class Random {
  private readonly state = new Int32Array(4);
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let slot = 0; slot < 4; slot++) this.state[slot] = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return nextBits(this.state) >>> 0;
  }

  /** Uniform in [0, 1) with 53 bits. */
  uniform(): number {
    return unitFrom(this.state);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal draw by the ziggurat method (Marsaglia & Tsang 2000; 256 layers, the layer,
   * sign and 23-bit magnitude taken from separate bits of one draw, as Doornik 2005 advises): one
   * 32-bit draw and a multiply for 99 % of the draws. The samplers draw one per parameter and
   * sweep; this costs about a quarter of polarNormal() (6 against 24 ns measured, interleaved).
   */
  normal(): number {
    const bits = nextBits(this.state);
    const layer = bits & 255;
    const magnitude = bits >>> 9;
    // The sign by a table, not a branch: a coin flip would be mispredicted half the time.
    if (magnitude < ZIGGURAT_LIMIT[layer]) return magnitude * ZIGGURAT_WIDTH[layer] * ZIGGURAT_SIGN[(bits >>> 8) & 1];
    // The unary plus makes both returns doubles: merged with the call's result as it is, the
    // inlined fast path's double was boxed (a heap number per draw, 1.2 MB per FM iteration).
    return +zigguratSlowPath(this, layer, magnitude, (bits >>> 8) & 1);
  }

  /**
   * `count` normal() draws into out[0..count), in order: the same numbers as calling normal() in
   * a loop. For the samplers' per-feature draws (thousands a call), with normal()'s fast path
   * written out in the loop: on Node 24 each normal() call, even from a loop in this class,
   * returned its double as a heap number (0.9 MB per FM sweep on ml-100k, a scavenge every few
   * sweeps); stored from here it is never boxed.
   */
  fillNormals(out: Float64Array, count: number): void {
    const state = this.state;
    for (let index = 0; index < count; index++) {
      const bits = nextBits(state);
      const layer = bits & 255;
      const magnitude = bits >>> 9;
      out[index] =
        magnitude < ZIGGURAT_LIMIT[layer]
          ? magnitude * ZIGGURAT_WIDTH[layer] * ZIGGURAT_SIGN[(bits >>> 8) & 1]
          : +zigguratSlowPath(this, layer, magnitude, (bits >>> 8) & 1);
    }
  }

  /**
   * Standard normal draw by the Marsaglia polar method (spare kept): what normal() was before the
   * ziggurat, kept for the synthetic data generators so that a seed still writes the same data
   * set. The draws are exactly uniform()'s, in the same order.
   */
  polarNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    const state = this.state;
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * unitFrom(state) - 1;
      v = 2 * unitFrom(state) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * scale;
    this.hasSpare = true;
    return u * scale;
  }

  /** Gamma(shape, scale) draw (Marsaglia & Tsang; shape < 1 by boosting). */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      const boost = Math.pow(this.uniform() || Number.MIN_VALUE, 1 / shape);
      return this.gamma(shape + 1, scale) * boost;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * A uniformly random permutation of 0..n-1 (Fisher–Yates), drawing exactly what `int(index + 1)`
   * would for each index: the generator's state lives in locals for the loop (written back at the
   * end), since a 25M-rating fold's shuffle took 1.5 s through the methods.
   */
  permutation(n: number): Uint32Array {
    const order = new Uint32Array(n);
    for (let index = 0; index < n; index++) order[index] = index;
    const state = this.state;
    let s0 = state[0],
      s1 = state[1],
      s2 = state[2],
      s3 = state[3];
    for (let index = n - 1; index > 0; index--) {
      // Two nextUint32 draws, as uniform() makes them: 27 high bits, then 26 low bits.
      let result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const high = result >>> 5;
      result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const low = result >>> 6;
      const other = Math.floor(((high * 67108864 + low) / 9007199254740992) * (index + 1));
      const kept = order[index];
      order[index] = order[other];
      order[other] = kept;
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    return order;
  }

  /** An independent child stream, so that adding draws in one place does not shift another. */
  fork(salt: number): Random {
    return new Random((this.nextUint32() ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }
}

/**
 * One xoshiro128** step of `state`, in place: the next 32 bits as a signed int32. Small enough
 * for V8 to inline into every draw; permutation() keeps the state in locals instead, over a loop.
 */
function nextBits(state: Int32Array): number {
  let s0 = state[0],
    s1 = state[1],
    s2 = state[2],
    s3 = state[3];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return result;
}

/** Uniform in [0, 1) with 53 bits: two steps, 27 high bits then 26 low bits. */
function unitFrom(state: Int32Array): number {
  const high = nextBits(state) >>> 5;
  const low = nextBits(state) >>> 6;
  return (high * 67108864 + low) / 9007199254740992;
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
