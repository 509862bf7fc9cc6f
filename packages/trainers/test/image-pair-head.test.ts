import { describe, expect, it } from "vitest";
import type { Episode } from "@ssl4rl/core";
import { DEFAULT_NETWORK, PolicyNetwork, resolveTrainConfig, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const SIDE = 8;
const image = (seed: number) => ({ data: Float32Array.from({ length: SIDE * SIDE * 3 }, (_, i) => ((i * seed) % 11) / 10), width: SIDE, height: SIDE, channels: 3 });
const episode = (a: number, b: number): Episode<{ readonly kind: string }> => ({
  id: `e${a}-${b}`,
  taskId: "toy/pair",
  taskVersion: "1",
  observation: { kind: "images", images: [image(a), image(b)] } as never,
  prompt: { messages: [], images: [] },
  answer: "same",
  answerIndex: 0,
  metadata: {},
});
const space = { steps: 1, choices: 2, toAnswer: (c: readonly number[]) => (c[0] === 0 ? "same" : "other"), toChoices: (a: string) => [a === "same" ? 0 : 1] };
const config = { ...DEFAULT_NETWORK, imageSize: SIDE, channels: [4, 4], embedding: 6, headHidden: 5 };

describe.each(BACKENDS)("image pair head on %s", (backend) => {
  it("match: the head reads both embeddings, their product and their absolute difference; concat (default): both side by side", async () => {
    await useBackend(backend);
    const batch = [episode(3, 5), episode(7, 7)];
    for (const pairHead of [undefined, "match"] as const) {
      const network = new PolicyNetwork({ ...config, ...(pairHead ? { imagePairHead: pairHead } : {}) }, 4);
      network.addTask("toy/pair", space, batch[0]!);
      const w1 = network.store.get("head/toy/pair/hidden/w");
      expect(w1.shape).toEqual([(pairHead === "match" ? 4 : 2) * config.embedding, config.headHidden]);
      const inputs = network.inputs("toy/pair", batch);
      const got = tf.tidy(() => network.logits("toy/pair", inputs).arraySync() as number[][][]);
      // The same logits by hand from the encoder's embeddings and the head's weights.
      const want = tf.tidy(() => {
        const emb = network.embedImages((inputs as { pixels: tf.Tensor4D }).pixels).reshape([2, 2, config.embedding]);
        const [a, b] = tf.unstack(emb, 1) as [tf.Tensor2D, tf.Tensor2D];
        const features = pairHead === "match" ? tf.concat([a, b, tf.mul(a, b), tf.abs(tf.sub(a, b))], 1) : tf.concat([a, b], 1);
        const h = tf.relu(tf.add(tf.matMul(features as tf.Tensor2D, w1 as tf.Tensor2D), network.store.get("head/toy/pair/hidden/b")));
        return tf.add(tf.matMul(h, network.store.get("head/toy/pair/out/w") as tf.Tensor2D), network.store.get("head/toy/pair/out/b")).arraySync() as number[][];
      });
      got.forEach((row, i) => row[0]!.forEach((x, k) => expect(x).toBeCloseTo(want[i]![k]!, 4)));
      network.disposeInputs(inputs);
      network.dispose();
    }
  });

  it("is a network option the run config accepts (absent: concat) and refuses an unknown value", () => {
    expect(resolveTrainConfig({ tasks: [{ id: "vision/rotation" }] }).network.imagePairHead).toBeUndefined();
    expect(resolveTrainConfig({ tasks: [{ id: "vision/rotation" }], network: { ...DEFAULT_NETWORK, imagePairHead: "match" } }).network.imagePairHead).toBe("match");
    expect(() => resolveTrainConfig({ tasks: [{ id: "vision/rotation" }], network: { ...DEFAULT_NETWORK, imagePairHead: "dot" } })).toThrow(/imagePairHead/);
  });
});
