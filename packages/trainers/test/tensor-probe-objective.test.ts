import { beforeAll, describe, expect, it } from "vitest";
import { linearProbe, loopProbeObjective, Random } from "@ssl4rl/core";
import { tensorProbeObjective, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

/** Three Gaussian blobs in `dim` dimensions, `perClass` rows each, shuffled; returns features and labels. */
function blobs(dim: number, perClass: number, spread: number, seed: string): { x: Float64Array; labels: Int32Array } {
  const random = Random.fromSeed(seed);
  const centres = Array.from({ length: 3 }, () => Array.from({ length: dim }, () => random.normal() * 2));
  const rows = 3 * perClass;
  const order = random.permutation(rows);
  const x = new Float64Array(rows * dim);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = order[i]!;
    const c = i % 3;
    labels[r] = c;
    for (let j = 0; j < dim; j++) x[r * dim + j] = centres[c]![j]! + spread * random.normal();
  }
  return { x, labels };
}

describe.each(BACKENDS)("tensorProbeObjective on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it("gives the loop objective's value and gradient at random parameters and several L2 strengths", () => {
    const dim = 7;
    const { x, labels } = blobs(dim, 20, 1, "objective");
    const rows = Int32Array.from({ length: 45 }, (_, i) => i + 10);
    const random = Random.fromSeed("params");
    const params = Float64Array.from({ length: 3 * (dim + 1) }, () => random.normal());
    const loop = loopProbeObjective(x, dim, 3, labels, rows);
    const tensor = tensorProbeObjective(x, dim, 3, labels, rows);
    for (const l2 of [0, 0.1, 3]) {
      const g1 = new Float64Array(params.length);
      const g2 = new Float64Array(params.length);
      const v1 = loop.evaluate(params, g1, l2);
      const v2 = tensor.evaluate(params, g2, l2);
      expect(v2).toBeCloseTo(v1, 4);
      g1.forEach((g, i) => expect(g2[i]).toBeCloseTo(g, 4));
    }
    // The bias is not penalised: its gradient is the same at every L2 strength.
    const a = new Float64Array(params.length);
    const b = new Float64Array(params.length);
    tensor.evaluate(params, a, 0);
    tensor.evaluate(params, b, 5);
    expect(b[dim]).toBeCloseTo(a[dim]!, 5);
    expect(Math.abs(b[0]! - a[0]!)).toBeGreaterThan(1e-3);
    tensor.dispose?.();
  });

  it("fits the same probe as the loop objective through linearProbe, and frees its tensors", () => {
    const dim = 10;
    const { x, labels } = blobs(dim, 60, 5, "fit");
    const index = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
    const input = { embeddings: x, dim, labels, train: index(0, 90), val: index(90, 135), test: index(135, 180) };
    const before = tf.memory().numTensors;
    const loop = linearProbe(input);
    const tensor = linearProbe({ ...input, objective: tensorProbeObjective });
    expect(tf.memory().numTensors).toBe(before);
    expect(tensor.l2).toBe(loop.l2);
    expect(tensor.testAccuracy).toBeCloseTo(loop.testAccuracy, 6);
    // Overlapping blobs: neither perfect nor chance, so agreement is not a given.
    expect(loop.testAccuracy).toBeGreaterThan(0.5);
    expect(loop.testAccuracy).toBeLessThan(1);
    let differ = 0;
    tensor.predictions.forEach((p, i) => (differ += p === loop.predictions[i] ? 0 : 1));
    expect(differ).toBeLessThanOrEqual(1);
  });
});
