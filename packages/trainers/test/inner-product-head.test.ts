import { describe, expect, it } from "vitest";
import type { GraphTensorView } from "@ssl4rl/core";
import { createInnerProductHead, DEFAULT_NETWORK, ParameterStore, PolicyNetwork, resolveTrainConfig, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

describe.each(BACKENDS)("inner-product pair head on %s", (backend) => {
  it("scores each answer as scale × ⟨a, b⟩ / width + offset, the first answer leaning to similar pairs at the start", async () => {
    await useBackend(backend);
    const store = new ParameterStore(1);
    const head = createInnerProductHead(store, "h", 3, 1, 2);
    expect(store.get("h/pair-scale").arraySync()).toEqual([1, -1]);
    // Pairs: (a, b) side by side; inner products 6 and -3.
    const pairs = tf.tensor2d([
      [1, 2, 0, 2, 2, 5],
      [1, 0, 1, -1, 1, -2],
    ]);
    const logits = head(pairs).arraySync() as number[][][];
    expect(logits[0]![0]![0]).toBeCloseTo(2, 5);
    expect(logits[0]![0]![1]).toBeCloseTo(-2, 5);
    expect(logits[1]![0]![0]).toBeCloseTo(-1, 5);
    expect(logits[1]![0]![1]).toBeCloseTo(1, 5);
    store.get("h/pair-scale").assign(tf.tensor1d([2, 0.5]));
    store.get("h/pair-offset").assign(tf.tensor1d([0.1, -0.3]));
    const shifted = head(pairs).arraySync() as number[][][];
    expect(shifted[0]![0]![0]).toBeCloseTo(2 * 2 + 0.1, 5);
    expect(shifted[1]![0]![1]).toBeCloseTo(0.5 * -1 - 0.3, 5);
    pairs.dispose();
  });

  it("is what a policy uses for two-node questions when the config asks for it, with no MLP weights", async () => {
    await useBackend(backend);
    const view: GraphTensorView = {
      id: "pair-toy",
      numNodes: 3,
      numFeatures: 2,
      features: Float32Array.from([1, 0, 0, 1, 1, 1]),
      edgeSources: Int32Array.of(0, 1),
      edgeTargets: Int32Array.of(1, 0),
      masked: new Uint8Array(3),
    };
    const episode = {
      id: "e",
      taskId: "toy/pair",
      taskVersion: "1",
      observation: { kind: "graph" as const, view, query: [0, 2], candidates: [] },
      prompt: { messages: [], images: [] },
      answer: "yes",
      answerIndex: 0,
      metadata: {},
    };
    const space = { steps: 1, choices: 2, toAnswer: (c: readonly number[]) => (c[0] === 0 ? "yes" : "no"), toChoices: (a: string) => [a === "yes" ? 0 : 1] };
    for (const [pairHead, hasMlp] of [
      [undefined, true],
      ["inner-product", false],
    ] as const) {
      const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [4], ...(pairHead ? { pairHead } : {}) }, 2);
      network.addTask("toy/pair", space, episode);
      const names = [...network.store.variables.keys()].filter((k) => k.startsWith("head/"));
      expect(names.some((k) => k.endsWith("/hidden/w"))).toBe(hasMlp);
      expect(names.some((k) => k.endsWith("/pair-scale"))).toBe(!hasMlp);
      network.dispose();
    }
    expect(resolveTrainConfig({ tasks: [{ id: "x" }], network: { pairHead: "inner-product" } }).network.pairHead).toBe("inner-product");
    expect(() => resolveTrainConfig({ tasks: [{ id: "x" }], network: { pairHead: "dot" } })).toThrow(/pairHead/);
  });
});
