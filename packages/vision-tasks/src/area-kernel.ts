import type { PixelRect } from "./crop-raw.js";
import type { RgbImage } from "./image-sample.js";
import { align16 as align, pixelKernel } from "./pixel-kernel.js";

/** The most source bytes the kernel copies in for one call (8 MiB: a 1,600-px square photo). */
const MAX_KERNEL_INPUT = 8 * 2 ** 20;

/** Integer taps along one axis, relative to the rectangle's first pixel (see pixel-kernel.wat). */
export interface IntegerTaps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** `taps` weights per output (unused ones 0); each output's weights sum to `total`. */
  readonly weights: Int32Array;
  /** The most taps of any output. */
  readonly taps: number;
  readonly total: number;
  /** The weights as the horizontal pass reads them: each 4 times, `splatTaps` per output. */
  readonly splat: Int32Array;
  readonly splatTaps: number;
}

/** What {@link areaKernel} gives back. */
export interface AreaKernelResult {
  /** The rounded averages, HWC (a fresh array the caller owns). */
  readonly data: Uint8Array;
  /** Indices into `data` of the values the f32 quotient could not settle (rare). */
  readonly unsure: Int32Array;
  /** Their exact sums S, in the same order. */
  readonly sums: Int32Array;
}

/**
 * Runs the WebAssembly SIMD kernel: for each output pixel and channel, the integer sum
 * `S = Σ ωy·ωx·value` over the rectangle's pixels it covers, then the exact average `S / D`
 * (`D` = `xs.total`·`ys.total`) rounded half up to a byte, except for the values whose f32
 * quotient lies within 1e-4 + `near` / 2D of a rounding boundary: those are listed with their
 * exact sums for the caller to settle. Returns undefined when the kernel cannot run here (no
 * WebAssembly SIMD) or the rows to copy exceed 8 MiB.
 *
 * Limits the caller must respect: every count ≥ 1; 255·`ys.total` < 65536 (vertical sums are
 * u16 lanes); 511·D < 2^31.
 */
export function areaKernel(image: RgbImage, rect: PixelRect, xs: IntegerTaps, ys: IntegerTaps, near: number): AreaKernelResult | undefined {
  const k = pixelKernel();
  if (k === null) return undefined;
  const outW = xs.count.length;
  const outH = ys.count.length;
  const n = outW * outH * 3;
  const bytes = rect.width * 3;
  // Whole rows are copied in one go unless the rectangle is a small part of them: one copy per
  // row costs more than copying the unused bytes.
  const rowBytes = image.width * 3;
  const whole = 4 * bytes >= rowBytes;
  const stride = whole ? rowBytes : bytes;
  // The kernel's memory grows to the largest input it has seen and never shrinks: large photos
  // take the float loops instead, whose buffers the GC frees.
  if (rect.height * stride > MAX_KERNEL_INPUT) return undefined;
  // Layout: tables, the rectangle's rows (then 16 bytes of room for over-reads), one u16 row of
  // vertical sums (with room for padded taps), the output sums (with room for the spare lane's
  // store), the rounded bytes and the list of unsure values.
  const xTable = 0;
  const xWeights = xTable + align(outW * 4);
  const yTable = xWeights + align(xs.splat.length * 4);
  const yWeights = yTable + align(outH * 8);
  const src = yWeights + align(outH * ys.taps * 4);
  const row = src + align(rect.height * stride + 16);
  const sums = row + align(bytes * 2 + 64 + xs.splatTaps * 6);
  const dst = sums + align(n * 4 + 64);
  const flags = dst + align(n + 16);
  const end = flags + align(n * 4);
  const { u8: heap, i32: words } = k.heap(end);
  words.set(xs.start, xTable / 4);
  words.set(xs.splat, xWeights / 4);
  words.set(ys.start, yTable / 4);
  words.set(ys.count, yTable / 4 + outH);
  words.set(ys.weights, yWeights / 4);
  const data = image.data;
  if (whole) {
    heap.set(data.subarray(rect.top * rowBytes, (rect.top + rect.height) * rowBytes), src);
  } else {
    for (let y = 0; y < rect.height; y++) {
      const from = (rect.top + y) * rowBytes + rect.left * 3;
      heap.set(data.subarray(from, from + bytes), src + y * bytes);
    }
  }
  const first = whole ? src + rect.left * 3 : src;
  k.area(first, stride, bytes, outW, outH, yTable, yTable + outH * 4, yWeights, ys.taps, xTable, xWeights, xs.splatTaps, row, sums);
  const d = xs.total * ys.total;
  const count = k.round(sums, n, d, 1 / (2 * d), 1e-4 + near / (2 * d), dst, flags);
  const unsure = words.slice(flags / 4, flags / 4 + count);
  const exact = new Int32Array(count);
  for (let j = 0; j < count; j++) exact[j] = words[sums / 4 + unsure[j]!]!;
  return { data: heap.slice(dst, dst + n), unsure, sums: exact };
}
