import { areaKernel, type IntegerTaps } from "./area-kernel.js";
import { type AreaTaps, axisTaps } from "./area-taps.js";
import type { PixelRect } from "./crop-raw.js";
import { rgbImage, type RgbImage } from "./image-sample.js";
import { areaFloatValue } from "./resize-area-float.js";

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Integer taps by shape, reused: tasks ask for the same few shapes (224 → 32, 224 → 64) over and over. */
const tapCache = new Map<string, IntegerTaps>();
/** The float path's taps by shape (from offset 0), for the values it must settle. */
const floatTapCache = new Map<string, AreaTaps>();

function floatTaps(n: number, m: number): AreaTaps {
  const key = `${n}>${m}`;
  let taps = floatTapCache.get(key);
  if (taps === undefined) {
    taps = axisTaps(0, n, m);
    if (floatTapCache.size >= 256) floatTapCache.clear();
    floatTapCache.set(key, taps);
  }
  return taps;
}

/**
 * Area weights for shrinking `n` pixels to `m` as whole numbers. In units of 1/m' of a source
 * pixel (n/m = n'/m' in lowest terms), source pixel i spans [i·m', (i+1)·m') and output o
 * spans [o·n', (o+1)·n'): each weight is the integer length of their overlap, and an output's
 * weights sum to n'. The exact average of output o is its weighted sum divided by n'.
 */
function integerTaps(n: number, m: number): IntegerTaps {
  const key = `${n}>${m}`;
  const cached = tapCache.get(key);
  if (cached) return cached;
  const g = gcd(n, m);
  const total = n / g;
  const unit = m / g;
  const start = new Int32Array(m);
  const count = new Int32Array(m);
  for (let o = 0; o < m; o++) {
    start[o] = Math.floor((o * total) / unit);
    count[o] = Math.ceil(((o + 1) * total) / unit) - start[o]!;
  }
  const taps = Math.max(...count);
  const weights = new Int32Array(m * taps);
  for (let o = 0; o < m; o++) {
    const lo = o * total;
    const hi = lo + total;
    for (let i = start[o]!; i < start[o]! + count[o]!; i++) weights[o * taps + i - start[o]!] = Math.min(hi, (i + 1) * unit) - Math.max(lo, i * unit);
  }
  // The horizontal pass reads each weight as a v128 of four copies, padded to at least four
  // taps per output (its unrolled case).
  const splatTaps = Math.max(4, taps);
  const splat = new Int32Array(m * splatTaps * 4);
  for (let o = 0; o < m; o++) for (let t = 0; t < taps; t++) splat.fill(weights[o * taps + t]!, (o * splatTaps + t) * 4, (o * splatTaps + t + 1) * 4);
  const result = { start, count, weights, taps, total, splat, splatTaps };
  if (tapCache.size >= 256) tapCache.clear();
  tapCache.set(key, result);
  return result;
}

/**
 * Shrinks a rectangle of an RGB image to `width`×`height` by area averaging, with the same
 * bytes as {@link resizeAreaFloat} but several times faster: a WebAssembly SIMD kernel sums
 * every output's source pixels exactly as integers (vertical pass first, 16 bytes per
 * instruction), and the rounded exact average is the float path's byte whenever the float
 * path's own rounding error cannot reach a rounding boundary. Its error is below
 * (rows + 4)·255·2⁻²⁴ (one float32 rounding per weight, per stored row value and per
 * accumulated row); values whose exact average lies within four times that of a boundary
 * (exact halves included) are recomputed by the float path's own operations. Returns
 * undefined where it does not apply (enlarging on an axis, sums too large for its 16-bit
 * lanes, more than 8 MiB of source to copy, or no WebAssembly SIMD); the caller then uses
 * the float path.
 */
export function resizeAreaExact(image: RgbImage, width: number, height: number, rect: PixelRect): RgbImage | undefined {
  if (width > rect.width || height > rect.height) return undefined;
  const xt = integerTaps(rect.width, width);
  const yt = integerTaps(rect.height, height);
  const d = xt.total * yt.total;
  // Vertical sums are u16 lanes; 2S + D (S ≤ 255·D) must fit an i32.
  if (255 * yt.total >= 65536 || 511 * d >= 2 ** 31) return undefined;
  const bound = (yt.taps + 4) * 255 * 2 ** -24;
  // Values whose exact average is within 4× the bound of a half-integer: 2·S + D lands within
  // `near` of a multiple of 2·D.
  const near = 2 * d * 4 * bound;
  const result = areaKernel(image, rect, xt, yt, near);
  if (result === undefined) return undefined;
  const out = result.data;
  let xs: AreaTaps | undefined;
  let ys: AreaTaps | undefined;
  const twoD = 2 * d;
  for (let j = 0; j < result.unsure.length; j++) {
    // The kernel's f32 quotient was too close to call: settle it from the exact sum.
    const i = result.unsure[j]!;
    const t = 2 * result.sums[j]! + d;
    const q = Math.floor(t / twoD);
    const r = t - q * twoD;
    out[i] = q;
    if (r <= near || twoD - r <= near) {
      xs ??= floatTaps(rect.width, width);
      ys ??= floatTaps(rect.height, height);
      const p = (i / 3) | 0;
      out[i] = areaFloatValue(image, xs, ys, rect.left, rect.top, p % width, (p / width) | 0, i % 3);
    }
  }
  return rgbImage(out, width, height);
}
