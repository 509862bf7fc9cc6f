import { type AreaTaps, axisTaps } from "./area-taps.js";
import type { PixelRect } from "./crop-raw.js";
import { rgbImage, type RgbImage } from "./image-sample.js";

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
 * The float form of `resizeArea`, for any sizes: area averaging when shrinking,
 * bilinear when enlarging, aspect ratio not kept. A horizontal pass into float32 rows, then a
 * vertical pass; the byte values it gives are the reference that the integer kernel
 * (`resizeAreaExact`) reproduces bit for bit.
 *
 * @example
 * ```ts
 * const small = resizeAreaFloat(image, 40, 40, { left: 0, top: 0, width: 30, height: 30 });
 * ```
 */
export function resizeAreaFloat(image: RgbImage, width: number, height: number, r: PixelRect): RgbImage {
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

/**
 * One output value (pixel `x`, `y`, channel `c`) of {@link resizeAreaFloat} for the rectangle
 * whose top-left pixel is (`left`, `top`), computed alone with the same operations in the same
 * order, so it is the same to the bit. `xs` and `ys` are the rectangle's taps from offset 0
 * (`axisTaps(0, width, outWidth)`; only their starts depend on the offset). The integer kernel
 * calls it for the rare values whose exact average lies so close to a rounding boundary that
 * float32 rounding error could tip it.
 */
export function areaFloatValue(image: RgbImage, xs: AreaTaps, ys: AreaTaps, left: number, top: number, x: number, y: number, c: number): number {
  const src = image.data;
  const k = xs.count[x]!;
  const wBase = x * xs.stride;
  const unit = xs.unit[x] === 1;
  const rows = ys.count[y]!;
  let acc = 0;
  for (let t = 0; t < rows; t++) {
    let p = ((top + ys.start[y]! + t) * image.width + left + xs.start[x]!) * 3 + c;
    let a = 0;
    if (unit) {
      let ia = 0;
      for (let u = 0; u < k; u++, p += 3) ia += src[p]!;
      a = ia * xs.weights[wBase]!;
    } else {
      for (let u = 0; u < k; u++, p += 3) a += src[p]! * xs.weights[wBase + u]!;
    }
    // The row pass stores float32; the column pass adds into a float32 accumulator.
    acc = Math.fround(acc + Math.fround(a) * ys.weights[y * ys.stride + t]!);
  }
  return acc <= 0 ? 0 : acc >= 255 ? 255 : (acc + 0.5) | 0;
}
