import type { PixelRect } from "./crop-raw.js";
import { rgbImage, type RgbImage } from "./image-sample.js";

/** Source taps of one output pixel along one axis: first index and weights (summing to 1). */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float32Array;
  readonly stride: number;
  /** Per output, 1 where all its taps weigh the same (see {@link equalWeights}). */
  readonly unit: Uint8Array;
}

/**
 * Whether output `o`'s taps all weigh the same: shrinking by a whole factor (224 → 32 px)
 * gives such taps everywhere. Their weighted sum can then be taken as a whole-number sum
 * scaled once, with the same result to the bit: each `value * w` (8-bit value, float32 `w`)
 * is a whole multiple of `w` that a double holds exactly, so every partial sum of the float
 * loop is `n * w` for a whole n below 2^29 (up to 2^20 taps of at most 255), also exact.
 */
function equalWeights(count: Int32Array, weights: Float32Array, stride: number, o: number): number {
  const k = count[o]!;
  if (k > 2 ** 20) return 0;
  const from = o * stride;
  for (let t = 1; t < k; t++) if (weights[from + t] !== weights[from]) return 0;
  return 1;
}

/**
 * Weights for resampling `n` source pixels (from `offset`) to `m`: exact area coverage when
 * shrinking (each output averages the source interval it covers, like OpenCV's INTER_AREA),
 * linear interpolation between pixel centres when enlarging.
 */
function axisTaps(offset: number, n: number, m: number): Taps {
  const scale = n / m;
  const stride = Math.max(2, Math.ceil(scale) + 1);
  const start = new Int32Array(m);
  const count = new Int32Array(m);
  const weights = new Float32Array(m * stride);
  for (let o = 0; o < m; o++) {
    if (scale >= 1) {
      const lo = o * scale;
      const hi = lo + scale;
      const first = Math.floor(lo);
      const last = Math.min(n - 1, Math.ceil(hi) - 1);
      start[o] = offset + first;
      count[o] = last - first + 1;
      for (let i = first; i <= last; i++) weights[o * stride + i - first] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    } else {
      const x = Math.min(n - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const i0 = Math.floor(x);
      const i1 = Math.min(n - 1, i0 + 1);
      start[o] = offset + i0;
      count[o] = i1 === i0 ? 1 : 2;
      weights[o * stride] = i1 === i0 ? 1 : 1 - (x - i0);
      if (i1 !== i0) weights[o * stride + 1] = x - i0;
    }
  }
  const unit = new Uint8Array(m);
  for (let o = 0; o < m; o++) unit[o] = equalWeights(count, weights, stride, o);
  return { start, count, weights, stride, unit };
}

/** Intermediate rows of the last call, reused (see {@link rowScratch}). */
let scratch = new Float32Array(0);

/**
 * A float buffer of at least `length` values for the horizontal pass, reused from call to
 * call: a fresh 86-172 KB array per tensor view is allocated off the JS heap and zeroed, and
 * its churn alone costs about as much garbage-collection time as the resize (the pass writes
 * every value before the vertical pass reads it, so old contents never leak; resizeArea is
 * synchronous, so no two calls share it at once).
 */
function rowScratch(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  return scratch;
}

/**
 * Resizes (part of) an RGB image to `width`×`height` in plain JS: area averaging when
 * shrinking, bilinear when enlarging, aspect ratio not kept. Used for tensor-size outputs
 * (32-64 px), where one libvips call costs more in fixed overhead (about 0.2-0.7 ms) than
 * this whole loop.
 *
 * @example
 * ```ts
 * const small = resizeArea(image, 32, 32);
 * ```
 */
export function resizeArea(image: RgbImage, width: number, height: number, rect?: PixelRect): RgbImage {
  const r = rect ?? { left: 0, top: 0, width: image.width, height: image.height };
  if (r.left === 0 && r.top === 0 && r.width === image.width && r.height === image.height && width === image.width && height === image.height) return image;
  const xs = axisTaps(r.left, r.width, width);
  const ys = axisTaps(r.top, r.height, height);
  const src = image.data;
  const sw = image.width;
  const xStart = xs.start;
  const xCount = xs.count;
  const xWeights = xs.weights;
  const xStride = xs.stride;
  const xUnit = xs.unit;
  // Horizontal pass on the rows the vertical pass needs, into floats; then vertical.
  const rowBytes = width * 3;
  const rows = rowScratch(r.height * rowBytes);
  for (let y = 0; y < r.height; y++) {
    const rowBase = (r.top + y) * sw;
    const d0 = y * rowBytes;
    for (let o = 0; o < width; o++) {
      let a = 0;
      let b = 0;
      let c = 0;
      const k = xCount[o]!;
      const wBase = o * xStride;
      let p = (rowBase + xStart[o]!) * 3;
      if (xUnit[o] === 1) {
        // Integer adds, then one scale: the same doubles as the float loop (see equalWeights).
        const w = xWeights[wBase]!;
        let ia = 0;
        let ib = 0;
        let ic = 0;
        for (const end = p + k * 3; p < end; p += 3) {
          ia += src[p]!;
          ib += src[p + 1]!;
          ic += src[p + 2]!;
        }
        a = ia * w;
        b = ib * w;
        c = ic * w;
      } else {
        for (let t = 0; t < k; t++, p += 3) {
          const w = xWeights[wBase + t]!;
          a += src[p]! * w;
          b += src[p + 1]! * w;
          c += src[p + 2]! * w;
        }
      }
      const d = d0 + o * 3;
      rows[d] = a;
      rows[d + 1] = b;
      rows[d + 2] = c;
    }
  }
  // Vertical pass row by row: each weighted source row is added to an accumulator row, so the
  // inner loop walks memory in order.
  const out = new Uint8Array(width * height * 3);
  const acc = new Float32Array(rowBytes);
  for (let o = 0; o < height; o++) {
    acc.fill(0);
    const s0 = ys.start[o]! - r.top;
    const k = ys.count[o]!;
    const wBase = o * ys.stride;
    for (let t = 0; t < k; t++) {
      const w = ys.weights[wBase + t]!;
      const base = (s0 + t) * rowBytes;
      for (let i = 0; i < rowBytes; i++) acc[i]! += rows[base + i]! * w;
    }
    const d = o * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const v = acc[i]!;
      out[d + i] = v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
    }
  }
  return rgbImage(out, width, height);
}
