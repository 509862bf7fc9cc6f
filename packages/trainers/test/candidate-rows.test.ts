import { describe, expect, it } from "vitest";
import type { Episode, GraphTensorView } from "@ssl4rl/core";
import { DEFAULT_NETWORK, PolicyNetwork, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const F = 6;
const K = 3;
const view: GraphTensorView = {
  id: "rows-toy",
  numNodes: 4,
  numFeatures: F,
  features: Float32Array.from({ length: 4 * F }, (_, i) => ((i * 7) % 5) / 4),
  edgeSources: Int32Array.of(0, 1, 1, 2, 2, 3),
  edgeTargets: Int32Array.of(1, 0, 2, 1, 3, 2),
  masked: new Uint8Array(4),
};
const space = { steps: 1, choices: K, toAnswer: (c: readonly number[]) => "ABC"[c[0]!]!, toChoices: (a: string) => ["ABC".indexOf(a)] };

/** An episode offering K feature rows for node `u`'s candidates (all `u`, as attribute masking does). */
function episode(u: number, rows: number[][]): Episode<{ readonly kind: string }> {
  return {
    id: `e${u}`,
    taskId: "toy/rows",
    taskVersion: "1",
    observation: { kind: "graph", view, query: [u], candidates: [u, u, u], candidateFeatures: Float32Array.from(rows.flat()) } as never,
    prompt: { messages: [], images: [] },
    answer: "A",
    answerIndex: 0,
    metadata: {},
  };
}

const oneHot = (j: number) => Array.from({ length: F }, (_, i) => (i === j ? 1 : 0));

describe.each(BACKENDS)("candidate feature rows on %s", (backend) => {
  it("one-hot rows (feature columns offered) score as the dense product would, gradients included", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [5], headHidden: 4 }, 3);
    const columns = [episode(0, [oneHot(1), oneHot(4), oneHot(0)]), episode(2, [oneHot(5), oneHot(1), oneHot(1)])];
    // A batch with one row that is not one-hot takes the dense product for the whole view.
    const dense = [...columns, episode(3, [oneHot(2), oneHot(3), [0, 0.5, 0, 0, 0, 2]])];
    network.addTask("toy/rows", space, columns[0]!);
    const run = (batch: Episode<{ readonly kind: string }>[]) => {
      const inputs = network.inputs("toy/rows", batch);
      try {
        const group = (inputs as Extract<typeof inputs, { kind: "graph" }>).groups[0]!;
        const path = group.candidateColumns ? "columns" : "dense";
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(network.logits("toy/rows", inputs).slice([0, 0, 0], [2, 1, K]))) as tf.Scalar);
        const logits = tf.tidy(() => network.logits("toy/rows", inputs).slice([0, 0, 0], [2, 1, K]).arraySync() as number[][][]);
        const featureW = [...network.store.variables].find(([name]) => name.includes("candidate-features"))![1];
        const featureGrad = grads[featureW.name]!.arraySync() as number[][];
        value.dispose();
        Object.values(grads).forEach((g) => g.dispose());
        return { path, logits, featureGrad };
      } finally {
        network.disposeInputs(inputs);
      }
    };
    const a = run(columns);
    const b = run(dense);
    expect(a.path).toBe("columns");
    expect(b.path).toBe("dense");
    a.logits.flat(2).forEach((x, i) => expect(x).toBeCloseTo(b.logits.flat(2)[i]!, 5));
    // Column 1 is offered twice to the second episode: its weight row collects both gradients.
    a.featureGrad.flat().forEach((x, i) => expect(x).toBeCloseTo(b.featureGrad.flat()[i]!, 5));
    expect(a.featureGrad[1]!.some((x) => x !== 0)).toBe(true);
    expect(a.featureGrad[3]!.every((x) => x === 0)).toBe(true); // never offered in the first two episodes
    network.dispose();
  });

  it("rejects an episode whose candidate rows do not match the head's width, naming the field", async () => {
    await useBackend(backend);
    const network = new PolicyNetwork({ ...DEFAULT_NETWORK, graphHidden: [5] }, 3);
    network.addTask("toy/rows", space, episode(0, [oneHot(1), oneHot(4), oneHot(0)]));
    const short = episode(1, [oneHot(1), oneHot(4)]);
    expect(() => network.inputs("toy/rows", [short])).toThrow(/candidateFeatures.*3 × 6 values/s);
    network.dispose();
  });
});
