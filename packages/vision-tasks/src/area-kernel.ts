import type { PixelRect } from "./crop-raw.js";
import type { RgbImage } from "./image-sample.js";
import { align16 as align, pixelKernel } from "./pixel-kernel.js";

/** Integer taps along one axis, relative to the rectangle's first pixel (see pixel-kernel.wat). */
export interface IntegerTaps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** `taps` weights per output (unused ones 0); each output's weights sum to `total`. */
  readonly weights: Int32Array;
  readonly taps: number;
  readonly total: number;
}

/** What {@link areaKernel} gives back. */
export interface AreaKernelResult {
  /** The rounded averages, HWC (a fresh array the caller owns). */
  readonly data: Uint8Array;
  /** Indices into `data` of the values whose exact average is near a rounding boundary. */
  readonly near: Int32Array;
}

/**
 * Runs the WebAssembly SIMD kernel: for each output pixel and channel, the integer sum
 * `S = Σ ωy·ωx·value` over the rectangle's pixels it covers, then the exact average
 * `S / D` (`D` = `xs.total`·`ys.total`) rounded half up to a byte, listing the values whose
 * `2S + D` lies within `near` of a multiple of `2D`. Returns undefined when the kernel cannot
 * run here (no WebAssembly SIMD).
 *
 * Limits the caller must respect: every count ≥ 1; 255·`ys.total` < 65536 (vertical sums are
 * u16 lanes); 511·D < 2^32.
 */
export function areaKernel(image: RgbImage, rect: PixelRect, xs: IntegerTaps, ys: IntegerTaps, near: number): AreaKernelResult | undefined {
  const k = pixelKernel();
  if (k === null) return undefined;
  const outW = xs.count.length;
  const outH = ys.count.length;
  const n = outW * outH * 3;
  const bytes = rect.width * 3;
  // Layout: tables, the rectangle's rows (packed, then 16 bytes of room for over-reads), one
  // u16 row of vertical sums, the output sums (with room for the spare lane's store), the
  // rounded bytes and the list of near values.
  const xTable = 0;
  const xWeights = xTable + align(outW * 8);
  const yTable = xWeights + align(outW * xs.taps * 4);
  const yWeights = yTable + align(outH * 8);
  const src = yWeights + align(outH * ys.taps * 4);
  const row = src + align(rect.height * bytes + 16);
  const sums = row + align(bytes * 2 + 48);
  const dst = sums + align(n * 4 + 16);
  const flags = dst + align(n + 16);
  const end = flags + align(n * 4);
  const { u8: heap, i32: words } = k.heap(end);
  words.set(xs.start, xTable / 4);
  words.set(xs.count, xTable / 4 + outW);
  words.set(xs.weights, xWeights / 4);
  words.set(ys.start, yTable / 4);
  words.set(ys.count, yTable / 4 + outH);
  words.set(ys.weights, yWeights / 4);
  const data = image.data;
  const rowBytes = image.width * 3;
  if (rect.left === 0 && rect.width === image.width) {
    heap.set(data.subarray(rect.top * rowBytes, (rect.top + rect.height) * rowBytes), src);
  } else {
    for (let y = 0; y < rect.height; y++) {
      const from = (rect.top + y) * rowBytes + rect.left * 3;
      heap.set(data.subarray(from, from + bytes), src + y * bytes);
    }
  }
  k.area(src, bytes, bytes, outW, outH, yTable, yTable + outH * 4, yWeights, ys.taps, xTable, xTable + outW * 4, xWeights, xs.taps, row, sums);
  const d = xs.total * ys.total;
  const count = k.round(sums, n, d, Math.floor(near), (1 + 2 ** -40) / (2 * d), dst, flags);
  return { data: heap.slice(dst, dst + n), near: words.slice(flags / 4, flags / 4 + count) };
}
