import { describe, expect, it } from "vitest";
import { compactGraphFromArrays } from "@ssl4rl/graph-tasks";
import { featureRowHashes, sameFeatureRow } from "../src/feature-rows.js";

// Four nodes, two features; nodes 0 and 2 share a row, node 3 differs from 0 in the last value.
const toy = (features: number[]) =>
  compactGraphFromArrays({ name: "toy", numNodes: 4, sources: [0, 1], targets: [1, 2], numFeatures: 2, features: Float32Array.from(features) });

describe("featureRowHashes", () => {
  it("gives equal hashes to equal rows and tells near-equal rows apart", () => {
    const g = toy([1, 0, 0, 1, 1, 0, 1, 0.5]);
    const h = featureRowHashes(g);
    expect(h).toHaveLength(4);
    expect(h[0]).toBe(h[2]);
    expect(h[0]).not.toBe(h[1]);
    expect(h[0]).not.toBe(h[3]);
    expect(sameFeatureRow(g, h, 0, 2)).toBe(true);
    expect(sameFeatureRow(g, h, 0, 3)).toBe(false);
  });

  it("is computed once per feature array: a second call returns the same array, another graph its own", () => {
    const g = toy([1, 0, 0, 1, 1, 0, 1, 0.5]);
    const first = featureRowHashes(g);
    expect(featureRowHashes(g)).toBe(first);
    const other = toy([0, 0, 0, 1, 1, 0, 1, 0.5]);
    const otherHashes = featureRowHashes(other);
    expect(otherHashes).not.toBe(first);
    expect(otherHashes[0]).not.toBe(first[0]);
    expect(Array.from(otherHashes.slice(1))).toEqual(Array.from(first.slice(1)));
  });
});
