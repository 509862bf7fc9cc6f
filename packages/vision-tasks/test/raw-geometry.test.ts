import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { assembleTiles, cropRaw, cutTiles, inscribedRectangle, resizeRaw, rgbImage, rotateQuarterTurns } from "../src/index.js";
import { noiseImage } from "./make-episodes.js";

const size = fc.record({ w: fc.integer({ min: 1, max: 24 }), h: fc.integer({ min: 1, max: 24 }), seed: fc.integer({ min: 1, max: 1e9 }) });

describe("rotateQuarterTurns", () => {
  it("turns a 3×2 image counter-clockwise as a viewer sees it", () => {
    // Pixels numbered in reading order: 1 2 3 / 4 5 6. A quarter turn left gives 3 6 / 2 5 / 1 4.
    const px = (v: number) => [v, v, v];
    const image = rgbImage(Uint8Array.from([1, 2, 3, 4, 5, 6].flatMap(px)), 3, 2);
    const left = rotateQuarterTurns(image, 1);
    expect([left.width, left.height]).toEqual([2, 3]);
    expect(Array.from(left.data.filter((_, i) => i % 3 === 0))).toEqual([3, 6, 2, 5, 1, 4]);
    const half = rotateQuarterTurns(image, 2);
    expect(Array.from(half.data.filter((_, i) => i % 3 === 0))).toEqual([6, 5, 4, 3, 2, 1]);
    const right = rotateQuarterTurns(image, 3);
    expect(Array.from(right.data.filter((_, i) => i % 3 === 0))).toEqual([4, 1, 5, 2, 6, 3]);
  });

  it("undoes itself: k turns then 4-k turns restore the image", () => {
    fc.assert(
      fc.property(size, fc.integer({ min: 0, max: 7 }), ({ w, h, seed }, k) => {
        const image = noiseImage(w, h, seed);
        const back = rotateQuarterTurns(rotateQuarterTurns(image, k), 4 - (k % 4));
        expect(back.width).toBe(w);
        expect(back.height).toBe(h);
        expect(Buffer.from(back.data).equals(Buffer.from(image.data))).toBe(true);
      }),
    );
  });
});

describe("cutTiles / assembleTiles", () => {
  it("reassembling the cut tiles gives back the covered part of the image", () => {
    fc.assert(
      fc.property(size, fc.integer({ min: 1, max: 4 }), ({ w, h, seed }, n) => {
        fc.pre(w >= n && h >= n);
        const image = noiseImage(w, h, seed);
        const tiles = cutTiles(image, n);
        expect(tiles).toHaveLength(n * n);
        const covered = cropRaw(image, { left: 0, top: 0, width: Math.floor(w / n) * n, height: Math.floor(h / n) * n });
        expect(Buffer.from(assembleTiles(tiles, n).data).equals(Buffer.from(covered.data))).toBe(true);
      }),
    );
  });

  it("rejects a crop outside the image", () => {
    expect(() => cropRaw(noiseImage(4, 4, 1), { left: 2, top: 0, width: 3, height: 1 })).toThrow(/outside/);
  });
});

describe("inscribedRectangle", () => {
  it.each([
    [100, 50, 0, 100, 50],
    [100, 50, 90, 50, 100],
    [100, 50, 180, 100, 50],
    [100, 100, 45, 70.7107, 70.7107],
    [200, 20, 45, 14.1421, 14.1421],
    [100, 60, 30, 60, 34.641],
  ])("%i×%i turned %i° keeps %f×%f", (w, h, deg, ew, eh) => {
    const r = inscribedRectangle(w, h, deg);
    expect(r.width).toBeCloseTo(ew, 3);
    expect(r.height).toBeCloseTo(eh, 3);
  });

  it("always fits: the rectangle turned back lies inside the original", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 500 }), fc.integer({ min: 10, max: 500 }), fc.integer({ min: 1, max: 89 }), (w, h, deg) => {
        const r = inscribedRectangle(w, h, deg);
        const t = (deg * Math.PI) / 180;
        // Corners of the kept rectangle, expressed in the original's frame, stay inside it.
        for (const [x, y] of [[r.width / 2, r.height / 2], [-r.width / 2, r.height / 2]] as const) {
          const u = Math.abs(x * Math.cos(t) - y * Math.sin(t));
          const v = Math.abs(x * Math.sin(t) + y * Math.cos(t));
          expect(u).toBeLessThanOrEqual(w / 2 + 1e-6);
          expect(v).toBeLessThanOrEqual(h / 2 + 1e-6);
        }
      }),
    );
  });
});

describe("resizeRaw", () => {
  it("a crop without resizing is the same bytes as sharp's extract (done on the raw buffer)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1e9 }), fc.nat(), fc.nat(), async (w, h, seed, a, b) => {
        const image = noiseImage(w, h, seed);
        const width = 1 + (a % w);
        const height = 1 + (b % h);
        const region = { left: (a >> 3) % (w - width + 1), top: (b >> 3) % (h - height + 1), width, height };
        const viaSharp = await sharp(image.data, { raw: { width: w, height: h, channels: 3 } }).extract(region).raw().toBuffer();
        expect(Buffer.from((await resizeRaw(image, width, height, region)).data).equals(viaSharp)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
