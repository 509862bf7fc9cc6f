import { describe, expect, it } from "vitest";
import type { GraphTensorView } from "@ssl4rl/core";
import { DEFAULT_NETWORK, PolicyNetwork, resolveTrainConfig, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

// A path 0-1-2-3 plus the chord 0-2, three features each; node 3 is two hops from node 1's neighbour 0 only via 2.
function toyView(): GraphTensorView {
  return {
    id: "toy-hops",
    numNodes: 4,
    numFeatures: 3,
    features: Float32Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) - 2),
    edgeSources: Int32Array.of(0, 1, 1, 2, 2, 3, 0, 2),
    edgeTargets: Int32Array.of(1, 0, 2, 1, 3, 2, 2, 0),
    masked: new Uint8Array(4),
  };
}

/** Â = D^-1/2 (A + I) D^-1/2 of the view, dense, written out independently of the encoder. */
function normalisedAdjacency(view: GraphTensorView): number[][] {
  const n = view.numNodes;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let e = 0; e < view.edgeSources.length; e++) a[view.edgeTargets[e]!]![view.edgeSources[e]!] = 1;
  const degree = a.map((row) => row.reduce((s, x) => s + x, 0));
  return a.map((row, i) => row.map((x, j) => x / Math.sqrt(degree[i]! * degree[j]!)));
}

const times = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));

describe.each(BACKENDS)("GCN hops on %s", (backend) => {
  it("a linear layer with hops 2 is Â(Â X W) + b, SGC's model, and differs from one hop", async () => {
    await useBackend(backend);
    const view = toyView();
    const sgc = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [5], graphActivation: "linear", graphHops: 2 }, 11);
    const one = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [5], graphActivation: "linear" }, 11);
    const got = tf.tidy(() => sgc.embedGraph(view).arraySync());
    const oneHop = tf.tidy(() => one.embedGraph(view).arraySync());
    // Same seed, same parameter names: the two encoders hold the same W and b.
    const w = sgc.store.get("graph3/gcn1/w").arraySync() as number[][];
    const b = sgc.store.get("graph3/gcn1/b").arraySync() as number[];
    // The encoder's input is each node's features with the masked flag (0 here) appended.
    const x = Array.from({ length: 4 }, (_, v) => [...view.features.subarray(3 * v, 3 * v + 3), 0]);
    const a = normalisedAdjacency(view);
    const want = times(a, times(a, times(x, w))).map((row) => row.map((y, j) => y + b[j]!));
    const wantOne = times(a, times(x, w)).map((row) => row.map((y, j) => y + b[j]!));
    got.flat().forEach((y, i) => expect(y).toBeCloseTo(want.flat()[i]!, 4));
    oneHop.flat().forEach((y, i) => expect(y).toBeCloseTo(wantOne.flat()[i]!, 4));
    expect(Math.max(...got.flat().map((y, i) => Math.abs(y - oneHop.flat()[i]!)))).toBeGreaterThan(1e-3);
    sgc.dispose();
    one.dispose();
  });

  it("gradients flow through every hop to the layer's weights", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [4], graphActivation: "linear", graphHops: 3 }, 5);
    const view = toyView();
    tf.dispose(network.embedGraph(view));
    const w = network.store.get("graph3/gcn1/w");
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(network.embedGraph(view))) as tf.Scalar, [w]);
    const g = (grads[w.name]!.arraySync() as number[][]).flat();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0);
    tf.dispose(grads);
    network.dispose();
  });
});

describe("graphHops", () => {
  it("is absent by default in the training config and accepted as a positive integer", () => {
    expect(resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }] }).network.graphHops).toBeUndefined();
    expect(resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }], network: { graphHops: 2 } }).network.graphHops).toBe(2);
    expect(() => resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }], network: { graphHops: 0 } })).toThrow();
  });

  it("the encoder rejects a hop count that is not a positive integer, and hops on attention layers", async () => {
    await useBackend("cpu");
    const view = toyView();
    const build = (extra: object) => {
      const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [4], ...extra }, 1);
      try {
        tf.dispose(network.embedGraph(view));
      } finally {
        network.dispose();
      }
    };
    expect(() => build({ graphHops: 0 })).toThrow(/hops must be a positive integer, got 0/);
    expect(() => build({ graphHops: 1.5 })).toThrow(/hops must be a positive integer, got 1.5/);
    expect(() => build({ graphHops: 2, graphAttentionHeads: 2 })).toThrow(/GCN layers only/);
    expect(() => build({ graphHops: 2 })).not.toThrow();
  });
});
