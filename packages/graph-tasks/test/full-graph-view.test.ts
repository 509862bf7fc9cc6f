import { describe, expect, it } from "vitest";
import { compactGraphFromArrays, fullGraphView } from "@ssl4rl/graph-tasks";

describe("fullGraphView", () => {
  it("keeps every edge in both directions and every feature row, masks nothing", () => {
    const graph = compactGraphFromArrays({ name: "toy", numNodes: 4, sources: [0, 1, 2], targets: [1, 2, 0], numFeatures: 2, features: Float32Array.of(1, 0, 0, 1, 1, 1, 0, 0) });
    const view = fullGraphView(graph);
    expect(view.numNodes).toBe(4);
    expect(view.features).toBe(graph.features);
    const pairs = Array.from(view.edgeSources, (s, i) => `${s}-${view.edgeTargets[i]}`).sort();
    expect(pairs).toEqual(["0-1", "0-2", "1-0", "1-2", "2-0", "2-1"]);
    expect(Array.from(view.masked)).toEqual([0, 0, 0, 0]);
    expect(view.id).toBe("full:toy");
  });
});
