import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSeed, Random } from "@ssl4rl/core";

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe("Random", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    expect(draws(Random.fromSeed(7), 20)).toEqual(draws(Random.fromSeed(7), 20));
    expect(draws(Random.fromSeed(7), 20)).not.toEqual(draws(Random.fromSeed(8), 20));
    expect(draws(Random.fromSeed("7"), 5)).toEqual(draws(Random.fromSeed(7), 5));
  });

  it("forks by label, independent of how much the parent has drawn", () => {
    const a = Random.fromSeed(1);
    const b = Random.fromSeed(1);
    draws(b, 100);
    expect(draws(a.fork("episode:3"), 10)).toEqual(draws(b.fork("episode:3"), 10));
    expect(draws(a.fork("episode:3"), 10)).not.toEqual(draws(a.fork("episode:4"), 10));
  });

  it("restores a saved state exactly", () => {
    const rng = Random.fromSeed(99);
    draws(rng, 13);
    const copy = Random.fromState(rng.state());
    expect(draws(copy, 10)).toEqual(draws(rng, 10));
    expect(() => Random.fromState([1, 2, 3])).toThrow(/8 words/);
  });

  it("draws floats in [0, 1) with mean near 1/2", () => {
    const rng = Random.fromSeed(3);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.float();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it("draws int(n) uniformly (chi-square on 6 bins)", () => {
    const rng = Random.fromSeed(11);
    const counts = new Array(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[rng.int(6)]++;
    const expected = n / 6;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });

  it("draws normals with mean 0 and std 1", () => {
    const rng = Random.fromSeed(5);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(std).toBeCloseTo(1, 1);
  });

  it("makes permutations and distinct samples", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer(), (n, seed) => {
        const rng = Random.fromSeed(seed);
        expect([...rng.permutation(n)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        const k = rng.int(n) + 1;
        const sample = rng.sampleDistinct(n, k);
        expect(new Set(sample).size).toBe(k);
        for (const v of sample) expect(v >= 0 && v < n).toBe(true);
      }),
    );
  });

  it("picks by weight", () => {
    const rng = Random.fromSeed(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[rng.weighted([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.5);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.5);
    expect(() => rng.weighted([0, 0])).toThrow(/not all be zero/);
  });

  it("rejects bad ranges", () => {
    expect(() => Random.fromSeed(1).int(0)).toThrow(RangeError);
    expect(() => Random.fromSeed(1).pick([])).toThrow(RangeError);
    expect(() => Random.fromSeed(1).sampleDistinct(3, 4)).toThrow(RangeError);
  });

  it.each([
    ["42", 42],
    [" 7 ", 7],
    ["-3", -3],
    ["abc", "abc"],
    ["1.5", "1.5"],
  ])("parseSeed(%j) -> %j", (text, expected) => {
    expect(parseSeed(text)).toBe(expected);
  });
});
