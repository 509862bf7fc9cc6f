import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "@ssl4rl/core";
import { adjacencyFromPairs, edgeCount, edgeHoldout, hasEdge, sampleNonEdges } from "@ssl4rl/graph-tasks";

/** A random simple graph on n nodes with about m edge draws. */
function randomAdjacency(n: number, m: number, seed: number) {
  const rng = Random.fromSeed(seed);
  const s = Int32Array.from({ length: m }, () => rng.int(n));
  const t = Int32Array.from({ length: m }, () => rng.int(n));
  return adjacencyFromPairs(n, s, t);
}

describe("edgeHoldout", () => {
  it("held-out edges never appear in the visible graph, and visible + held out = full (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 1, max: 150 }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.integer(), fc.constantFrom("uniform", "degree" as const), (n, m, rate, seed, mode) => {
        const full = randomAdjacency(n, m, seed);
        const pairs = n * (n - 1) / 2;
        const h = Math.round(rate * edgeCount(full));
        fc.pre(h <= pairs - edgeCount(full));
        const split = edgeHoldout(full, rate, Random.fromSeed(seed).fork("view"), mode);
        expect(split.heldOutSources.length).toBe(h);
        expect(edgeCount(split.visible) + h).toBe(edgeCount(full));
        for (let i = 0; i < h; i++) {
          const u = split.heldOutSources[i]!;
          const v = split.heldOutTargets[i]!;
          expect(hasEdge(full, u, v)).toBe(true);
          expect(hasEdge(split.visible, u, v)).toBe(false);
        }
        // Every visible edge is an edge of the full graph.
        for (let u = 0; u < n; u++) {
          for (let k = split.visible.offsets[u]!; k < split.visible.offsets[u + 1]!; k++) expect(hasEdge(full, u, split.visible.neighbours[k]!)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("negatives are distinct non-edges of the full graph, never self-loops (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer(), fc.constantFrom("uniform", "degree" as const), (n, m, seed, mode) => {
        const full = randomAdjacency(n, m, seed);
        const free = n * (n - 1) / 2 - edgeCount(full);
        const count = Math.min(free, Math.max(1, Math.floor(free / 3)));
        fc.pre(count > 0);
        const neg = sampleNonEdges(full, count, Random.fromSeed(seed), mode);
        const keys = new Set<string>();
        for (let i = 0; i < count; i++) {
          const u = neg.sources[i]!;
          const v = neg.targets[i]!;
          expect(u).not.toBe(v);
          expect(hasEdge(full, u, v)).toBe(false);
          keys.add(u < v ? `${u},${v}` : `${v},${u}`);
        }
        expect(keys.size).toBe(count);
      }),
      { numRuns: 300 },
    );
  });

  it("is the same for the same seed and differs for another", () => {
    const full = randomAdjacency(200, 800, 1);
    const a = edgeHoldout(full, 0.2, Random.fromSeed(5));
    const b = edgeHoldout(full, 0.2, Random.fromSeed(5));
    const c = edgeHoldout(full, 0.2, Random.fromSeed(6));
    expect([...a.heldOutSources]).toEqual([...b.heldOutSources]);
    expect([...a.negativeTargets]).toEqual([...b.negativeTargets]);
    expect([...a.heldOutSources]).not.toEqual([...c.heldOutSources]);
  });

  it("refuses more non-edges than a complete graph has", () => {
    const complete = adjacencyFromPairs(3, Int32Array.of(0, 0, 1), Int32Array.of(1, 2, 2));
    expect(() => sampleNonEdges(complete, 1, Random.fromSeed(0))).toThrow(/only 0/);
  });
});
