import { describe, expect, it } from "vitest";
import type { GraphTensorView } from "@ssl4rl/core";
import { DEFAULT_NETWORK, graphLayerEmbeddings, PolicyNetwork, resolveTrainConfig, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

// A triangle 0-1-2 and a pendant node 3, four features each, some negative so pre-activations are mixed.
function toyView(): GraphTensorView {
  const features = Float32Array.from({ length: 16 }, (_, i) => (((i * 5) % 7) - 3) / 3);
  return {
    id: "toy-activation",
    numNodes: 4,
    numFeatures: 4,
    features,
    edgeSources: Int32Array.of(0, 1, 1, 2, 2, 0, 2, 3),
    edgeTargets: Int32Array.of(1, 0, 2, 1, 0, 2, 3, 2),
    masked: new Uint8Array(4),
  };
}

const embed = (network: PolicyNetwork, view: GraphTensorView) => tf.tidy(() => network.embedGraph(view).arraySync());

describe.each(BACKENDS)("GCN activation on %s", (backend) => {
  it("relu (the default) has no slope parameter and no negative output", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16] }, 7);
    const out = embed(network, toyView()).flat();
    expect(out.some((x) => x > 0)).toBe(true);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect([...network.store.variables.keys()].some((k) => k.endsWith("/slope"))).toBe(false);
    network.dispose();
  });

  it("prelu keeps relu's positive side and scales the negative side by a slope that starts at 0.25", async () => {
    await useBackend(backend);
    const view = toyView();
    // The same seed and parameter names give both networks the same W and b.
    const relu = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16] }, 7);
    const prelu = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16], graphActivation: "prelu" }, 7);
    const r = embed(relu, view).flat();
    const p = embed(prelu, view).flat();
    expect(prelu.store.get("graph4/gcn1/slope").arraySync()).toEqual([0.25]);
    let negatives = 0;
    r.forEach((x, i) => {
      if (x > 0) expect(p[i]!).toBeCloseTo(x, 5);
      else {
        expect(p[i]!).toBeLessThanOrEqual(0);
        if (p[i]! < 0) negatives++;
      }
    });
    expect(negatives).toBeGreaterThan(0);
    relu.dispose();
    prelu.dispose();
  });

  it("linear applies no activation: the layer is Â X W + b, relu's output where that is positive, no slope", async () => {
    await useBackend(backend);
    const view = toyView();
    const relu = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16] }, 7);
    const linear = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16], graphActivation: "linear" }, 7);
    const r = embed(relu, view).flat();
    const l = embed(linear, view).flat();
    expect([...linear.store.variables.keys()].some((k) => k.endsWith("/slope"))).toBe(false);
    // relu(x) = max(x, 0): where the linear output is positive they agree, elsewhere relu is 0.
    l.forEach((x, i) => expect(r[i]!).toBeCloseTo(Math.max(x, 0), 5));
    expect(l.some((x) => x < 0)).toBe(true);
    // Linear in the features: doubling X (the masked flag is 0) doubles Â X W, so out(2X) - out(X) = out(X) - b = out(X) - out(0).
    const scaled = { ...view, id: "toy-activation-2x", features: view.features.map((x) => 2 * x) };
    const zero = { ...view, id: "toy-activation-0", features: new Float32Array(view.features.length) };
    const [l2, l0] = [embed(linear, scaled).flat(), embed(linear, zero).flat()];
    l.forEach((x, i) => expect(l2[i]! - x).toBeCloseTo(x - l0[i]!, 4));
    relu.dispose();
    linear.dispose();
  });

  it("the slope is trained: the gradient of the embedding sum reaches it", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [16], graphActivation: "prelu" }, 7);
    const view = toyView();
    tf.dispose(network.embedGraph(view));
    const slope = network.store.get("graph4/gcn1/slope");
    const { grads } = tf.variableGrads(() => tf.sum(network.embedGraph(view)) as tf.Scalar, [slope]);
    // d(sum)/d(slope) = sum of min(pre-activation, 0): strictly negative when any unit is negative.
    expect((grads[slope.name]!.arraySync() as number[])[0]!).toBeLessThan(0);
    tf.dispose(grads);
    network.dispose();
  });

  it("graphLayerEmbeddings applies the same prelu: its last layer equals embedGraph", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [8, 6], graphActivation: "prelu" }, 3);
    const view = toyView();
    const [last, embedded] = tf.tidy(() => [graphLayerEmbeddings(network, view).at(-1)!.arraySync(), network.embedGraph(view).arraySync()]);
    expect(last.flat().some((x) => x < 0)).toBe(true);
    last.flat().forEach((x, i) => expect(x).toBeCloseTo(embedded.flat()[i]!, 5));
    network.dispose();
  });
});

describe("graphActivation in the training config", () => {
  it.each(["relu", "prelu", "linear"] as const)("accepts %s", (graphActivation) => {
    expect(resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }], network: { graphActivation } }).network.graphActivation).toBe(graphActivation);
  });

  it("is absent by default, so earlier configs resolve unchanged", () => {
    expect(resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }] }).network.graphActivation).toBeUndefined();
  });

  it("rejects an unknown activation", () => {
    expect(() => resolveTrainConfig({ tasks: [{ id: "graph/node-masking" }], network: { graphActivation: "tanh" as "relu" } })).toThrow();
  });
});
