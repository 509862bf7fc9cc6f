import { describe, expect, it } from "vitest";
import { compactGraphFromArrays } from "@ssl4rl/graph-tasks";
import { propagatedFeatures } from "../src/propagated-features.js";

// A path 0 - 1 - 2 and a lone node 3; one feature column, the node's own number + 1.
const graph = compactGraphFromArrays({ name: "path", numNodes: 4, sources: [0, 1], targets: [1, 2], numFeatures: 1, features: Float32Array.of(1, 2, 3, 4) });

/** Â as a dense matrix, from its definition: D^-1/2 (A + I) D^-1/2 with D the degrees of A + I. */
function denseNormalised(): number[][] {
  const a = [
    [1, 1, 0, 0],
    [1, 1, 1, 0],
    [0, 1, 1, 0],
    [0, 0, 0, 1],
  ];
  const d = a.map((row) => row.reduce((s, x) => s + x, 0));
  return a.map((row, i) => row.map((x, j) => x / Math.sqrt(d[i]! * d[j]!)));
}

describe("propagatedFeatures", () => {
  it("hops 0 is a copy of the features", () => {
    const x = propagatedFeatures(graph, 0);
    expect([...x]).toEqual([1, 2, 3, 4]);
    expect(x).not.toBe(graph.features);
  });

  it("each hop multiplies by the normalised adjacency with self-loops", () => {
    const a = denseNormalised();
    let want = [1, 2, 3, 4];
    for (let k = 1; k <= 3; k++) {
      want = a.map((row) => row.reduce((s, x, j) => s + x * want[j]!, 0));
      const got = propagatedFeatures(graph, k);
      for (let i = 0; i < 4; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    }
    // A lone node keeps its own value: its only neighbour is itself.
    expect(propagatedFeatures(graph, 3)[3]).toBeCloseTo(4, 6);
  });

  it("propagates every column on its own", () => {
    const wide = compactGraphFromArrays({ name: "path2", numNodes: 3, sources: [0, 1], targets: [1, 2], numFeatures: 2, features: Float32Array.of(1, 0, 0, 0, 0, 1) });
    const y = propagatedFeatures(wide, 1);
    // Column 0 starts at node 0 only, column 1 at node 2 only: mirror images along the path.
    expect(y[0]).toBeCloseTo(y[5]!, 6);
    expect(y[2]).toBeCloseTo(y[3]!, 6);
    expect(y[4]).toBe(0);
    expect(y[1]).toBe(0);
  });
});
