import { beforeAll, describe, expect, it } from "vitest";
import type { GraphTensorView } from "@ssl4rl/core";
import { DEFAULT_NETWORK, graphEmbeddingRows, graphLayerEmbeddings, PolicyNetwork, tf } from "@ssl4rl/trainers";
import { useBackend } from "./backends.js";

// A path 0-1-2-3 plus an isolated node 4, three features each.
function toyView(): GraphTensorView {
  const features = Float32Array.from({ length: 15 }, (_, i) => ((i * 7) % 5) / 4);
  return {
    id: "toy-layers",
    numNodes: 5,
    numFeatures: 3,
    features,
    edgeSources: Int32Array.of(0, 1, 1, 2, 2, 3),
    edgeTargets: Int32Array.of(1, 0, 2, 1, 3, 2),
    masked: new Uint8Array(5),
  };
}

describe("graphLayerEmbeddings", () => {
  beforeAll(() => useBackend("wasm"));

  it("gives one [nodes, width] tensor per GCN layer, the last equal to embedGraph", () => {
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [6, 4] }, 3);
    const view = toyView();
    const [shapes, last, embedded] = tf.tidy(() => {
      const layers = graphLayerEmbeddings(network, view);
      return [layers.map((h) => h.shape), layers.at(-1)!.arraySync(), network.embedGraph(view).arraySync()];
    });
    expect(shapes).toEqual([
      [5, 6],
      [5, 4],
    ]);
    for (let v = 0; v < 5; v++) for (let j = 0; j < 4; j++) expect(last[v]![j]!).toBeCloseTo(embedded[v]![j]!, 5);
    network.dispose();
  });

  it("the first layer is ReLU(Â X W + b) by hand on a node with known neighbours", () => {
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [3] }, 5);
    const view = toyView();
    const first = tf.tidy(() => graphLayerEmbeddings(network, view)[0]!.arraySync());
    const w = network.store.get("graph3/gcn1/w").arraySync() as number[][];
    // Input rows carry the "masked" flag as a fourth column (0 here). Node 1 has degree 2 + self-loop.
    const row = (v: number) => [...view.features.subarray(v * 3, v * 3 + 3), 0];
    const deg = [2, 3, 3, 2, 1];
    const agg = [0, 0, 0, 0];
    for (const [u, weight] of [
      [0, 1 / Math.sqrt(deg[0]! * deg[1]!)],
      [2, 1 / Math.sqrt(deg[2]! * deg[1]!)],
      [1, 1 / deg[1]!],
    ] as const) {
      row(u).forEach((x, k) => (agg[k] = agg[k]! + weight * x));
    }
    for (let j = 0; j < 3; j++) {
      const pre = agg.reduce((a, x, k) => a + x * w[k]![j]!, 0); // bias starts at 0
      expect(first[1]![j]!).toBeCloseTo(Math.max(0, pre), 5);
    }
    // The isolated node sees only itself, with weight 1.
    for (let j = 0; j < 3; j++) expect(first[4]![j]!).toBeCloseTo(Math.max(0, row(4).reduce((a, x, k) => a + x * w[k]![j]!, 0)), 5);
    network.dispose();
  });

  it("graphEmbeddingRows: the last layer's rows, or every layer's side by side, with their width", () => {
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [6, 4] }, 3);
    const view = toyView();
    const [first, last] = tf.tidy(() => graphLayerEmbeddings(network, view).map((h) => h.arraySync() as number[][]));
    const lastRows = graphEmbeddingRows(network, view);
    expect(lastRows.dim).toBe(4);
    expect(Array.from(lastRows.embeddings.subarray(2 * 4, 3 * 4))).toEqual(last![2]!.map((x) => Math.fround(x)));
    const allRows = graphEmbeddingRows(network, view, "all");
    expect(allRows.dim).toBe(10);
    expect(allRows.embeddings).toHaveLength(5 * 10);
    // Node 2's row: its first-layer embedding, then its last-layer one.
    expect(Array.from(allRows.embeddings.subarray(2 * 10, 3 * 10))).toEqual([...first![2]!, ...last![2]!].map((x) => Math.fround(x)));
    network.dispose();
  });
});
