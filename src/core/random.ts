/**
 * Seeded pseudo-random numbers for every solver and split. The core never calls Math.random:
 * same seed, same numbers, on every machine.
 *
 * Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32 so that small
 * consecutive seeds give unrelated streams.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
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
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal draw (Marsaglia polar method, spare kept). The generator's state lives in
   * locals while a pair is drawn (written back after), as in permutation(): the samplers draw one
   * per parameter and sweep, and through the methods each draw cost twice as much. The draws are
   * exactly uniform()'s, in the same order.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let { s0, s1, s2, s3 } = this;
    let u: number;
    let v: number;
    let s: number;
    do {
      // Four nextUint32 draws: u's high 27 and low 26 bits, then v's.
      let result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      let high = result >>> 5;
      result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      let low = result >>> 6;
      u = 2 * ((high * 67108864 + low) / 9007199254740992) - 1;
      result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      high = result >>> 5;
      result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      low = result >>> 6;
      v = 2 * ((high * 67108864 + low) / 9007199254740992) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
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
    let { s0, s1, s2, s3 } = this;
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
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return order;
  }

  /** An independent child stream, so that adding draws in one place does not shift another. */
  fork(salt: number): Random {
    return new Random((this.nextUint32() ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
