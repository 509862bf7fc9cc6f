import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemblePixelKernel } from "../scripts/assemble-pixel-kernel.js";
import { rgbImage, type RgbImage } from "../src/image-sample.js";
import { PIXEL_KERNEL_WASM_BASE64 } from "../src/pixel-kernel-wasm.js";
import { pixelKernel } from "../src/pixel-kernel.js";
import { resizeArea } from "../src/resize-area.js";
import { resizeAreaExact } from "../src/resize-area-exact.js";
import { resizeAreaFloat } from "../src/resize-area-float.js";
import { toFloatImage } from "../src/tensor-image.js";
import { noiseImage } from "./make-episodes.js";

/** Pixels drawn from a few values, so that exact averages often fall on or near a half. */
function fewValuesImage(width: number, height: number, seed: number, values: readonly number[]): RgbImage {
  const noise = noiseImage(width, height, seed).data;
  return rgbImage(
    noise.map((v) => values[v % values.length]!),
    width,
    height,
  );
}

const rectArb = fc
  .record({ w: fc.integer({ min: 1, max: 120 }), h: fc.integer({ min: 1, max: 120 }), seed: fc.integer({ min: 1, max: 1e9 }) })
  .chain(({ w, h, seed }) =>
    fc.record({
      w: fc.constant(w),
      h: fc.constant(h),
      seed: fc.constant(seed),
      left: fc.integer({ min: 0, max: w - 1 }),
      top: fc.integer({ min: 0, max: h - 1 }),
      palette: fc.constantFrom<readonly number[]>([], [0, 1], [100, 101, 255], [0, 255], [7, 8, 9, 10]),
    }),
  )
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      rw: fc.integer({ min: 1, max: c.w - c.left }),
      rh: fc.integer({ min: 1, max: c.h - c.top }),
    }),
  )
  .chain(({ c, rw, rh }) =>
    fc.record({
      c: fc.constant(c),
      rect: fc.constant({ left: c.left, top: c.top, width: rw, height: rh }),
      ow: fc.integer({ min: 1, max: rw }),
      oh: fc.integer({ min: 1, max: rh }),
    }),
  );

describe("pixel kernel (WebAssembly SIMD)", () => {
  it("the committed bytes are exactly what pixel-kernel.wat assembles to", async () => {
    const assembled = await assemblePixelKernel();
    expect(Buffer.from(PIXEL_KERNEL_WASM_BASE64, "base64").equals(Buffer.from(assembled))).toBe(true);
  });

  it("loads in this runtime (otherwise the checks below would only test the JS fallback)", () => {
    expect(pixelKernel()).not.toBeNull();
  });

  it("toFloatImage gives Math.fround(v * (1 / 255)) for every byte value, at any length", () => {
    for (const length of [1, 5, 16, 17, 256, 1000]) {
      const image = rgbImage(Uint8Array.from({ length: length * 3 }, (_, i) => (i * 37 + length) % 256), length, 1);
      const tensor = toFloatImage(image);
      expect(tensor.data.buffer.byteLength).toBe(length * 3 * 4);
      expect(Array.from(tensor.data)).toEqual(Array.from(image.data, (v) => Math.fround(v * (1 / 255))));
    }
  });
});

describe("resizeArea's integer kernel against the float loops", () => {
  it("gives the float path's bytes for any shrink of any rectangle (noise and few-valued images)", () => {
    fc.assert(
      fc.property(rectArb, ({ c, rect, ow, oh }) => {
        const image = c.palette.length === 0 ? noiseImage(c.w, c.h, c.seed) : fewValuesImage(c.w, c.h, c.seed, c.palette);
        const exact = resizeAreaExact(image, ow, oh, rect);
        expect(exact).toBeDefined();
        expect(Buffer.from(exact!.data).equals(Buffer.from(resizeAreaFloat(image, ow, oh, rect).data))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the float path's bytes on the tasks' own shapes (224 → 32, 224 → 64, 222 → 96, 96 → 32, crops → 32)", () => {
    const image = noiseImage(224, 224, 11);
    const cases: [number, number, { left: number; top: number; width: number; height: number }][] = [
      [32, 32, { left: 0, top: 0, width: 224, height: 224 }],
      [64, 64, { left: 0, top: 0, width: 224, height: 224 }],
      [96, 96, { left: 0, top: 0, width: 222, height: 222 }],
      [32, 32, { left: 0, top: 0, width: 96, height: 96 }],
      [32, 32, { left: 13, top: 101, width: 89, height: 64 }],
      [32, 32, { left: 40, top: 7, width: 150, height: 131 }],
    ];
    for (const [w, h, rect] of cases) {
      expect(Buffer.from(resizeArea(image, w, h, rect).data).equals(Buffer.from(resizeAreaFloat(image, w, h, rect).data))).toBe(true);
    }
  });

  it("settles exact halves as the float path does (2 → 1 px averages of neighbouring values)", () => {
    const image = rgbImage(Uint8Array.from([1, 2, 3, 2, 3, 4]), 2, 1);
    const rect = { left: 0, top: 0, width: 2, height: 1 };
    expect(Array.from(resizeAreaExact(image, 1, 1, rect)!.data)).toEqual(Array.from(resizeAreaFloat(image, 1, 1, rect).data));
  });

  it("leaves large photos (more than 8 MiB of rows to copy) to the float loops, so its memory stays small", () => {
    const photo = noiseImage(1800, 1600, 5);
    const whole = { left: 0, top: 0, width: 1800, height: 1600 };
    expect(resizeAreaExact(photo, 32, 32, whole)).toBeUndefined();
    expect(Buffer.from(resizeArea(photo, 32, 32, whole).data).equals(Buffer.from(resizeAreaFloat(photo, 32, 32, whole).data))).toBe(true);
    // A small crop of the same photo copies only its own bytes.
    expect(resizeAreaExact(photo, 32, 32, { left: 100, top: 100, width: 96, height: 96 })).toBeDefined();
    const big = rgbImage(new Uint8Array(600 * 600 * 3).fill(7), 600, 600);
    expect(toFloatImage(big).data.every((v) => v === Math.fround(7 / 255))).toBe(true);
  });

  it("declines what it cannot do exactly: enlarging, and vertical sums beyond its 16-bit lanes", () => {
    const image = noiseImage(300, 300, 3);
    expect(resizeAreaExact(image, 40, 20, { left: 0, top: 0, width: 30, height: 30 })).toBeUndefined();
    // 299 rows to 32: the weights sum to 299 per output, and 255 × 299 exceeds 65,535.
    expect(resizeAreaExact(image, 32, 32, { left: 0, top: 0, width: 299, height: 299 })).toBeUndefined();
    expect(Buffer.from(resizeArea(image, 32, 32, { left: 0, top: 0, width: 299, height: 299 }).data).equals(
      Buffer.from(resizeAreaFloat(image, 32, 32, { left: 0, top: 0, width: 299, height: 299 }).data),
    )).toBe(true);
  });
});
