/**
 * Tables and the rare path of the ziggurat normal sampler (Marsaglia & Tsang, "The Ziggurat
 * Method for Generating Random Variables", JSS 2000), drawn by Random.normal().
 *
 * The right half of the density's shape f(x) = exp(−x²/2) is covered by 256 layers of equal area
 * V: layer 0 is the base strip (a rectangle of height f(R) whose part beyond R stands for the
 * tail), layer i ≥ 1 the rectangle of width x_i between heights f(x_i) and f(x_{i+1}). A draw
 * picks a layer and a point across it; a point left of x_{i+1} is under the curve whatever its
 * height, so it is returned at once (99 % of draws). The rest take zigguratSlowPath.
 */

const LAYERS = 256;
/** Where the tail starts, and each layer's area, for 256 layers (Marsaglia & Tsang's constants). */
const TAIL_START = 3.6541528853610088;
const LAYER_AREA = 0.00492867323399;
/** The magnitude's 23 bits. */
const MAGNITUDE_SCALE = 8388608;

const shape = (x: number): number => Math.exp(-0.5 * x * x);

/** x_i: layer i's right edge (x_0 the base strip's pseudo-width V / f(R)); x_256 = 0. */
const EDGE = new Float64Array(LAYERS + 1);
EDGE[0] = LAYER_AREA / shape(TAIL_START);
EDGE[1] = TAIL_START;
for (let layer = 1; layer < LAYERS; layer++) {
  EDGE[layer + 1] = Math.sqrt(-2 * Math.log(shape(EDGE[layer]) + LAYER_AREA / EDGE[layer]));
}
EDGE[LAYERS] = 0;

/** A magnitude below this (of 2²³) is left of x_{i+1}: under the curve. */
export const ZIGGURAT_LIMIT = new Int32Array(LAYERS);
/** Magnitude to x: x_i / 2²³. */
export const ZIGGURAT_WIDTH = new Float64Array(LAYERS);
/** f(x_i): layer i spans heights HEIGHT[i] .. HEIGHT[i+1]. */
const HEIGHT = new Float64Array(LAYERS + 1);
/** Sign bit to sign. */
export const ZIGGURAT_SIGN = new Float64Array([1, -1]);
for (let layer = 0; layer < LAYERS; layer++) {
  ZIGGURAT_LIMIT[layer] = Math.floor((EDGE[layer + 1] / EDGE[layer]) * MAGNITUDE_SCALE);
  ZIGGURAT_WIDTH[layer] = EDGE[layer] / MAGNITUDE_SCALE;
}
for (let layer = 0; layer <= LAYERS; layer++) HEIGHT[layer] = shape(EDGE[layer]);

/** What the rare path draws from: the generator the fast path took its bits from. */
interface UniformSource {
  uniform(): number;
  normal(): number;
}

/**
 * A draw whose point fell right of x_{i+1}: in the base strip, a draw from the tail beyond R
 * (Marsaglia 1964); elsewhere the point is kept if a uniform height in its layer is under the
 * curve, and otherwise the whole draw starts again.
 */
export function zigguratSlowPath(random: UniformSource, layer: number, magnitude: number, signBit: number): number {
  const sign = ZIGGURAT_SIGN[signBit];
  if (layer === 0) {
    let beyond: number;
    let height: number;
    do {
      // 1 − uniform() is in (0, 1]: its log is finite.
      beyond = -Math.log(1 - random.uniform()) / TAIL_START;
      height = -Math.log(1 - random.uniform());
    } while (height + height < beyond * beyond);
    return sign * (TAIL_START + beyond);
  }
  const x = magnitude * ZIGGURAT_WIDTH[layer];
  if (HEIGHT[layer] + random.uniform() * (HEIGHT[layer + 1] - HEIGHT[layer]) < shape(x)) return sign * x;
  return random.normal();
}
