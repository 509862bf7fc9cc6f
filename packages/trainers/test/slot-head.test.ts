import { describe, expect, it } from "vitest";
import { createSlotHead, ParameterStore, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

describe.each(BACKENDS)("jigsaw slot head on %s", (backend) => {
  it("gives finite gradients when a tile's embedding is all zeros (a ReLU encoder's dead tile)", async () => {
    await useBackend(backend);
    const store = new ParameterStore(3);
    const head = createSlotHead(store, "s", 4, 6, 3);
    // Three tiles; the second one's embedding is exactly zero, as a flat tile gives when every
    // unit of the encoder's last ReLU is off for it.
    const items = tf.tensor3d([[[0.5, 1, 0, 2], [0, 0, 0, 0], [1, 0, 3, 0.2]]]);
    const weights = [...store.variables.values()];
    const names = new Map([...store.variables].map(([name, v]) => [v.name, name]));
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(head(items), tf.tensor3d([[[1, -2, 0.5], [0.3, 1, -1], [2, 0, -0.7]]]))) as tf.Scalar, weights);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const [id, g] of Object.entries(grads)) {
      const bad = Array.from(g.dataSync()).filter((x) => !Number.isFinite(x)).length;
      expect(bad, `${names.get(id)} has ${bad} non-finite gradient entries`).toBe(0);
    }
    // The zero tile scores 0 against every slot (a zero key has no direction); others do not.
    const logits = head(items).arraySync() as number[][][];
    for (const slot of logits[0]!) {
      expect(Math.abs(slot[1]!)).toBeLessThan(1e-6);
      expect(Math.abs(slot[0]!) + Math.abs(slot[2]!)).toBeGreaterThan(1e-3);
    }
    items.dispose();
  });

  it("keeps every logit within the learned scale (cosine similarity), however large the tiles' embeddings", async () => {
    await useBackend(backend);
    const store = new ParameterStore(5);
    const head = createSlotHead(store, "s", 3, 4, 2);
    const items = tf.tensor3d([[[1e4, 2e4, 5e3], [0.2, 0, 1]]]);
    const logits = head(items).arraySync() as number[][][];
    // The scale starts at 5, and |cos| ≤ 1.
    for (const row of logits[0]!) for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(5 + 1e-3);
    expect(Math.max(...logits[0]!.flat().map(Math.abs))).toBeGreaterThan(0.5);
    items.dispose();
  });
});
