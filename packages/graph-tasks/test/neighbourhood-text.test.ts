import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "@ssl4rl/core";
import { compactGraphFromArrays, describeFeatures, describeNeighbourhood, edgePredictionOptions, edgePredictionTask, twoDecimals } from "@ssl4rl/graph-tasks";

describe("twoDecimals", () => {
  it.each([
    [0, "0.00"],
    [1.5, "1.50"],
    [-0.004, "-0.00"],
    [-1.234, "-1.23"],
    [12.345678, "12.35"],
    [0.999, "1.00"],
    [100, "100.00"],
  ])("%s → %s", (v, text) => expect(twoDecimals(v)).toBe(text));

  it("agrees with toFixed(2) away from exact ties (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        const scaled = Math.abs(v) * 100;
        fc.pre(Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6);
        expect(twoDecimals(v)).toBe(v.toFixed(2));
      }),
    );
  });
});

describe("describeNeighbourhood", () => {
  // A path 0-1-2-3-4 with a branch 1-5.
  const g = compactGraphFromArrays({ name: "path", numNodes: 6, sources: [0, 1, 2, 3, 1], targets: [1, 2, 3, 4, 5], numFeatures: 2, features: Float32Array.of(1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1) });

  it("lists nodes nearest first with their hop, and the edges among them", () => {
    const text = describeNeighbourhood(g, g.adjacency, g.features, undefined, [0], { hops: 2, maxNodes: 10, maxEdges: 10, maxFeatureItems: 5 });
    expect(text).toBe(
      [
        "Nodes within 2 hops (4):",
        "- n0 (hop 0): words 0",
        "- n1 (hop 1): words 1",
        "- n2 (hop 2): words 0, 1",
        "- n5 (hop 2): words 1",
        "Edges among these nodes (3): n0-n1, n1-n2, n1-n5",
      ].join("\n"),
    );
  });

  it("says what it cut and hides masked nodes", () => {
    const masked = Uint8Array.of(0, 1, 0, 0, 0, 0);
    const text = describeNeighbourhood(g, g.adjacency, g.features, masked, [0], { hops: 2, maxNodes: 2, maxEdges: 0, maxFeatureItems: 5 });
    expect(text).toContain("(showing the 2 nearest of 4; the rest are left out)");
    expect(text).toContain("- n1 (hop 1): [features hidden]");
    expect(text).toContain("Edges among these nodes (showing 0 of 1; the rest are left out)");
    expect(describeFeatures(g, Float32Array.of(0, 0), 3)).toBe("no words");
  });

  it("edge-prediction accepts a compact graph built from arrays as its sample", async () => {
    const rng = Random.fromSeed(0);
    const n = 200;
    const sources = Int32Array.from({ length: 800 }, () => rng.int(n));
    const targets = Int32Array.from({ length: 800 }, () => rng.int(n));
    const big = compactGraphFromArrays({ name: "arrays", numNodes: n, sources, targets, numFeatures: 3, features: Float32Array.from({ length: n * 3 }, () => rng.normal()) });
    const e = await edgePredictionTask.makeEpisode({ samples: [big], rng: Random.fromSeed(1), seed: 0, index: 0 }, edgePredictionOptions.parse({}));
    expect(e.metadata.dataset).toBe("arrays");
    expect(e.prompt.messages[0]!.content).toMatch(/\[-?\d+\.\d\d, /);
  });
});
