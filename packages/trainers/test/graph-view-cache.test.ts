import { beforeAll, describe, expect, it } from "vitest";
import type { Episode, GraphObservation, GraphTensorView } from "@ssl4rl/core";
import { DEFAULT_NETWORK, PolicyNetwork, tf } from "@ssl4rl/trainers";
import { useBackend } from "./backends.js";

// A 6-node ring with features that differ per view, so every view is its own graph.
function ringView(id: string, shift: number): GraphTensorView {
  const sources: number[] = [];
  const targets: number[] = [];
  for (let v = 0; v < 6; v++) sources.push(v, (v + 1) % 6), targets.push((v + 1) % 6, v);
  return {
    id,
    numNodes: 6,
    numFeatures: 3,
    features: Float32Array.from({ length: 18 }, (_, i) => ((i + shift) % 7) / 7),
    edgeSources: Int32Array.from(sources),
    edgeTargets: Int32Array.from(targets),
    masked: new Uint8Array(6),
  };
}

function episode(view: GraphTensorView, n: number): Episode<GraphObservation> {
  return {
    id: `${view.id}:${n}`,
    taskId: "toy/ring",
    taskVersion: "1",
    observation: { kind: "graph", view, query: [n % 6], candidates: [0, 1, 2, 3] },
    prompt: { messages: [], images: [] },
    answer: "A",
    metadata: {},
  };
}

const space = { steps: 1, choices: 4, toAnswer: (c: readonly number[]) => "ABCD"[c[0]!]!, toChoices: () => undefined };

describe("the policy's cache of prepared graph views", () => {
  beforeAll(() => useBackend("wasm"));

  it("keeps every view a live batch uses, even when one batch spans more views than the cache holds", () => {
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [8] }, 1);
    const views = Array.from({ length: 7 }, (_, i) => ringView(`ring-${i}`, i));
    network.addTask("toy/ring", space, episode(views[0]!, 0));
    // One batch over 7 views (a mask redrawn every few episodes), then a second batch over
    // 5 new views while the first is still in use, as a multi-task step does.
    const first = network.inputs("toy/ring", views.map((v, i) => episode(v, i)));
    const second = network.inputs("toy/ring", Array.from({ length: 5 }, (_, i) => episode(ringView(`other-${i}`, i + 3), i)));
    const before = tf.tidy(() => network.logits("toy/ring", first).arraySync());
    const again = tf.tidy(() => network.logits("toy/ring", first).arraySync());
    expect(before).toHaveLength(7);
    expect(before.flat(2).every(Number.isFinite)).toBe(true);
    expect(again).toEqual(before);
    expect(tf.tidy(() => network.logits("toy/ring", second).shape)).toEqual([5, 1, 4]);
    network.disposeInputs(first);
    network.disposeInputs(second);
    // Released: the cache shrinks back, and a view used again is simply prepared again.
    const third = network.inputs("toy/ring", [episode(views[0]!, 0)]);
    const recomputed = tf.tidy(() => network.logits("toy/ring", third).arraySync());
    for (let j = 0; j < 4; j++) expect(recomputed[0]![0]![j]!).toBeCloseTo(before[0]![0]![j]!, 5);
    network.disposeInputs(third);
    network.dispose();
  });
});
