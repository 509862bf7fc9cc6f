import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustContrast, colourMatrix, equalize, flipHorizontal, gaussianBlur, grayscaleRgb, resizeArea, rgbImage, solarize } from "../src/index.js";
import { roundHalfUp } from "../src/round-half-up.js";
import { noiseImage } from "./make-episodes.js";

const solid = (w: number, h: number, rgb: [number, number, number]) => rgbImage(Uint8Array.from({ length: w * h * 3 }, (_, i) => rgb[i % 3]!), w, h);
const channel = (img: { data: Uint8Array }, c: number) => Array.from(img.data.filter((_, i) => i % 3 === c));

describe("resizeArea", () => {
  it("averages exact 2×2 blocks when halving", () => {
    const img = rgbImage(Uint8Array.from([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60].flatMap((v) => [v, v, v])), 4, 4);
    expect(channel(resizeArea(img, 2, 2), 0)).toEqual([10, 18, 42, 50]);
  });

  it("keeps a flat image flat at any size, and returns the input when nothing changes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (w, h, ow, oh) => {
        const out = resizeArea(solid(w, h, [10, 200, 77]), ow, oh);
        expect([out.width, out.height]).toEqual([ow, oh]);
        expect(new Set(channel(out, 0))).toEqual(new Set([10]));
        expect(new Set(channel(out, 1))).toEqual(new Set([200]));
      }),
    );
    const img = noiseImage(5, 5, 3);
    expect(resizeArea(img, 5, 5)).toBe(img);
  });

  it("never leaves the input's value range and preserves the mean when shrinking by whole factors", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1e9 }), (n, f, seed) => {
        const img = noiseImage(n * f, n * f, seed);
        const out = resizeArea(img, n, n);
        const mean = (d: Uint8Array) => d.reduce((a, b) => a + b, 0) / d.length;
        expect(Math.abs(mean(out.data) - mean(img.data))).toBeLessThan(0.6);
      }),
    );
  });

  it("shrinks by whole factors to exactly the tap-by-tap float sums (the integer fast path changes no bit)", () => {
    // Reference: every tap weighs float32(1/f); row sums in doubles stored as float32, then
    // column sums rounded to float32 after each tap, as the general float loops do.
    const reference = (img: { data: Uint8Array; width: number }, n: number, f: number) => {
      const w = Math.fround(1 / f);
      const rows = new Float32Array(n * f * n * 3);
      for (let y = 0; y < n * f; y++) {
        for (let i = 0; i < n * 3; i++) {
          let s = 0;
          for (let t = 0; t < f; t++) s += img.data[(y * img.width + Math.floor(i / 3) * f + t) * 3 + (i % 3)]! * w;
          rows[y * n * 3 + i] = s;
        }
      }
      const out: number[] = [];
      for (let o = 0; o < n; o++) {
        for (let i = 0; i < n * 3; i++) {
          let v = 0;
          for (let t = 0; t < f; t++) v = Math.fround(v + rows[(o * f + t) * n * 3 + i]! * w);
          out.push(v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5));
        }
      }
      return out;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 1e9 }), (n, f, seed) => {
        const img = noiseImage(n * f, n * f, seed);
        expect(Array.from(resizeArea(img, n, n).data)).toEqual(reference(img, n, f));
      }),
    );
  });

  it("resizes only the given rectangle", () => {
    const img = rgbImage(Uint8Array.from([1, 2, 3, 4].flatMap((v) => [v * 50, 0, 0])), 2, 2);
    expect(channel(resizeArea(img, 2, 2, { left: 1, top: 1, width: 1, height: 1 }), 0)).toEqual([200, 200, 200, 200]);
  });
});

describe("colour and filter operations", () => {
  it("colourMatrix: neutral settings change nothing (±1), zero saturation gives grey, brightness scales", () => {
    const img = noiseImage(8, 8, 5);
    const same = colourMatrix(img, 1, 1, 0);
    for (let i = 0; i < img.data.length; i++) expect(Math.abs(same.data[i]! - img.data[i]!)).toBeLessThanOrEqual(1);
    const grey = colourMatrix(img, 1, 0, 40);
    for (let i = 0; i < grey.data.length; i += 3) {
      expect(Math.abs(grey.data[i]! - grey.data[i + 1]!)).toBeLessThanOrEqual(1);
      expect(Math.abs(grey.data[i]! - grey.data[i + 2]!)).toBeLessThanOrEqual(1);
    }
    expect(channel(colourMatrix(solid(2, 2, [100, 100, 100]), 0.5, 1, 0), 0)).toEqual([50, 50, 50, 50]);
  });

  it("gaussianBlur keeps a flat image and the mean of a noisy one", () => {
    expect(new Set(gaussianBlur(solid(9, 7, [30, 60, 90]), 1.5).data)).toEqual(new Set([30, 60, 90]));
    const img = noiseImage(16, 16, 9);
    const out = gaussianBlur(img, 1);
    const mean = (d: Uint8Array) => d.reduce((a, b) => a + b, 0) / d.length;
    expect(Math.abs(mean(out.data) - mean(img.data))).toBeLessThan(3);
    const spread = (d: Uint8Array) => Math.max(...d) - Math.min(...d);
    expect(spread(out.data)).toBeLessThan(spread(img.data));
  });

  it("flipHorizontal twice is the identity and mirrors a row", () => {
    const img = noiseImage(7, 3, 11);
    expect(Buffer.from(flipHorizontal(flipHorizontal(img)).data).equals(Buffer.from(img.data))).toBe(true);
    const row = rgbImage(Uint8Array.from([1, 2, 3].flatMap((v) => [v, v, v])), 3, 1);
    expect(channel(flipHorizontal(row), 0)).toEqual([3, 2, 1]);
  });

  it.each([
    [0, 0],
    [127, 127],
    [128, 127],
    [200, 55],
    [255, 0],
  ])("solarize(%i) = %i (threshold 128, as PIL)", (v, expected) => {
    expect(solarize(solid(1, 1, [v, v, v])).data[0]).toBe(expected);
  });

  it("greyscale uses the 299/587/114 luma weights; contrast 0 gives the mean grey; equalize spreads two levels to 0 and 255", () => {
    expect(Array.from(grayscaleRgb(solid(1, 1, [255, 0, 0])).data)).toEqual([76, 76, 76]);
    expect(Array.from(grayscaleRgb(solid(1, 1, [0, 255, 0])).data)).toEqual([150, 150, 150]);
    const two = rgbImage(Uint8Array.from([100, 100, 100, 140, 140, 140]), 2, 1);
    expect(Array.from(adjustContrast(two, 0).data)).toEqual([120, 120, 120, 120, 120, 120]);
    expect(Array.from(equalize(two).data)).toEqual([0, 0, 0, 255, 255, 255]);
  });
});

describe("roundHalfUp", () => {
  it("is Math.round for every value the pixel loops produce (0 to 2^31), half-ulp edges included", () => {
    const edges = [0, 0.5, 1.5, 254.5, 255, 0.49999999999999994, 2.4999999999999996, 254.49999999999997, 127.5 - 2 ** -46, 2 ** 31 - 0.5];
    for (const v of edges) expect(roundHalfUp(v)).toBe(Math.round(v));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 31 - 1, noNaN: true }), (v) => {
        expect(roundHalfUp(v)).toBe(Math.round(v));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -4, max: 4 }), (k, ulps) => {
        // Values a few ulps around each half-integer.
        let v = k + 0.5;
        for (let i = 0; i < Math.abs(ulps); i++) v = ulps < 0 ? v - v * 2 ** -53 : v + v * 2 ** -52;
        expect(roundHalfUp(v)).toBe(Math.round(v));
      }),
    );
  });
});
