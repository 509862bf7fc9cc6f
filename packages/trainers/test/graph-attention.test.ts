import { describe, expect, it } from "vitest";
import type { GraphTensorView } from "@ssl4rl/core";
import { createGraphEncoder, DEFAULT_NETWORK, ParameterStore, PolicyNetwork, prepareGraph, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

// A triangle 0-1-2 and a pendant node 3 hanging off 2, three features each.
function toyView(): GraphTensorView {
  return {
    id: "toy-attention",
    numNodes: 4,
    numFeatures: 3,
    features: Float32Array.from([1, 0, 2, 0, 1, -1, 2, 2, 0, -1, 3, 1]),
    edgeSources: Int32Array.of(0, 1, 1, 2, 2, 0, 2, 3),
    edgeTargets: Int32Array.of(1, 0, 2, 1, 0, 2, 3, 2),
    masked: new Uint8Array(4),
  };
}

/** In-neighbours of each node, itself included (the self-loop). */
function inNeighbours(view: GraphTensorView): number[][] {
  const out = Array.from({ length: view.numNodes }, (_, v) => [v]);
  view.edgeSources.forEach((s, e) => out[view.edgeTargets[e]!]!.push(s));
  return out;
}

describe.each(BACKENDS)("GAT layers on %s", (backend) => {
  it("with zero attention vectors every neighbour (and the node) weighs the same: the layer is a plain mean of X W", async () => {
    await useBackend(backend);
    const view = toyView();
    const store = new ParameterStore(3);
    const encoder = createGraphEncoder(store, 3, [8], "linear", { attentionHeads: 2 });
    for (const name of ["graph3/gat1/a-src", "graph3/gat1/a-dst"]) store.get(name).assign(tf.zeros([2, 4]));
    const graph = prepareGraph(view);
    const out = tf.tidy(() => encoder(graph).arraySync());
    const projected = tf.tidy(() => tf.matMul(graph.features, store.get("graph3/gcn1/w") as tf.Tensor2D).arraySync()) as number[][];
    inNeighbours(view).forEach((sources, v) => {
      for (let j = 0; j < 8; j++) expect(out[v]![j]!).toBeCloseTo(sources.reduce((a, s) => a + projected[s]![j]!, 0) / sources.length, 4);
    });
    graph.dispose();
  });

  it("weighs neighbours by the softmax of LeakyReLU(a_src·h_s + a_dst·h_t), per head", async () => {
    await useBackend(backend);
    const view = toyView();
    const store = new ParameterStore(4);
    const encoder = createGraphEncoder(store, 3, [4], "linear", { attentionHeads: 2 });
    const graph = prepareGraph(view);
    const out = tf.tidy(() => encoder(graph).arraySync());
    const h = tf.tidy(() => tf.matMul(graph.features, store.get("graph3/gcn1/w") as tf.Tensor2D).arraySync()) as number[][];
    const aSrc = store.get("graph3/gat1/a-src").arraySync() as number[][];
    const aDst = store.get("graph3/gat1/a-dst").arraySync() as number[][];
    const leaky = (x: number) => (x > 0 ? x : 0.2 * x);
    inNeighbours(view).forEach((sources, t) => {
      for (let head = 0; head < 2; head++) {
        const part = (v: number) => h[v]!.slice(2 * head, 2 * head + 2);
        const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]!;
        const scores = sources.map((s) => Math.exp(leaky(dot(aSrc[head]!, part(s)) + dot(aDst[head]!, part(t)))));
        const total = scores.reduce((a, b) => a + b, 0);
        for (let j = 0; j < 2; j++) {
          const expected = sources.reduce((a, s, k) => a + (scores[k]! / total) * part(s)[j]!, 0);
          expect(out[t]![2 * head + j]!).toBeCloseTo(expected, 4);
        }
      }
    });
    graph.dispose();
  });

  it("passes gradients to the attention vectors and the weights through the policy network", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [8, 8], graphActivation: "prelu", graphAttentionHeads: 2 }, 5);
    const view = toyView();
    network.embedGraph(view).dispose(); // builds the encoder's parameters
    const names = [...network.store.variables.keys()].filter((k) => k.startsWith("graph3/"));
    expect(names.filter((k) => k.includes("/gat")).sort()).toEqual(["graph3/gat1/a-dst", "graph3/gat1/a-src", "graph3/gat2/a-dst", "graph3/gat2/a-src"]);
    const vars = names.map((k) => network.store.get(k));
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(network.embedGraph(view))) as tf.Scalar, vars);
    for (const k of names) {
      const g = grads[network.store.get(k).name]!;
      expect(Number.isFinite(tf.sum(g).arraySync() as number)).toBe(true);
      if (k.includes("/gat") || k.endsWith("/w")) expect(tf.max(tf.abs(g)).arraySync() as number).toBeGreaterThan(0);
    }
    Object.values(grads).forEach((g) => g.dispose());
    network.dispose();
  });

  it("refuses widths that do not split over the heads, and a non-positive head count", async () => {
    await useBackend(backend);
    expect(() => createGraphEncoder(new ParameterStore(1), 3, [8, 6], "relu", { attentionHeads: 4 })).toThrow(/6 does not/);
    expect(() => createGraphEncoder(new ParameterStore(1), 3, [8], "relu", { attentionHeads: 0 })).toThrow(/positive integer/);
  });
});
