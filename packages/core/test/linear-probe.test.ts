import { describe, expect, it } from "vitest";
import { BadInputError, linearProbe, loopProbeObjective, type ProbeObjectiveFactory, Random } from "@ssl4rl/core";

/** Gaussian blobs: class c has mean `separation` along axis c, so the classes are linearly separable when far apart. */
function blobs(rows: number, dim: number, classes: number, separation: number, seed: number) {
  const rng = Random.fromSeed(seed);
  const embeddings = new Float32Array(rows * dim);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    labels[r] = c;
    for (let j = 0; j < dim; j++) embeddings[r * dim + j] = rng.normal() + (j === c ? separation : 0);
  }
  const order = rng.permutation(rows);
  const cut1 = Math.floor(rows * 0.5);
  const cut2 = Math.floor(rows * 0.75);
  return { embeddings, labels, train: order.slice(0, cut1), val: order.slice(cut1, cut2), test: order.slice(cut2) };
}

describe("linearProbe", () => {
  it("separates well-separated blobs almost perfectly", () => {
    const data = blobs(600, 8, 3, 6, 1);
    const result = linearProbe({ ...data, dim: 8 });
    expect(result.numClasses).toBe(3);
    expect(result.testAccuracy).toBeGreaterThan(0.97);
    expect(result.search).toHaveLength(6);
  });

  it("is near chance on labels that carry no signal", () => {
    const data = blobs(900, 6, 3, 0, 2);
    const result = linearProbe({ ...data, dim: 6 });
    expect(result.testAccuracy).toBeGreaterThan(0.2);
    expect(result.testAccuracy).toBeLessThan(0.47);
  });

  it("reaches the Bayes-level accuracy on overlapping blobs (within tolerance)", () => {
    // Two unit-variance classes with means (2,0,..) and (0,2,..), 2√2 apart: the best linear
    // rule is right with probability Φ(√2) ≈ 0.921. 1000 test rows: std ≈ 0.009.
    const data = blobs(4000, 4, 2, 2, 3);
    const result = linearProbe({ ...data, dim: 4 });
    expect(result.testAccuracy).toBeGreaterThan(0.89);
    expect(result.testAccuracy).toBeLessThan(0.95);
  });

  it("picks the L2 strength with the best validation accuracy, ties to the stronger", () => {
    const data = blobs(300, 20, 4, 1.5, 4);
    const result = linearProbe({ ...data, dim: 20, l2Grid: [1e-3, 10, 1e-1] });
    const bestVal = Math.max(...result.search.map((s) => s.valAccuracy));
    expect(result.valAccuracy).toBe(bestVal);
    const first = result.search.find((s) => s.valAccuracy === bestVal)!;
    expect(result.l2).toBe(first.l2);
    expect(result.search.map((s) => s.l2)).toEqual([10, 1e-1, 1e-3]);
  });

  it("can skip standardisation (for sparse 0/1 features) and still separate the blobs", () => {
    const data = blobs(600, 8, 3, 6, 6);
    const result = linearProbe({ ...data, dim: 8, standardise: false });
    expect(result.testAccuracy).toBeGreaterThan(0.97);
  });

  it("fits through a given objective, built once over the train rows and disposed once, with the default's result", () => {
    const data = blobs(400, 5, 3, 1.5, 7);
    let built = 0;
    let evaluations = 0;
    let disposed = 0;
    let rowsSeen = 0;
    const counting: ProbeObjectiveFactory = (x, dim, classes, labels, rows) => {
      built++;
      rowsSeen = rows.length;
      const inner = loopProbeObjective(x, dim, classes, labels, rows);
      return {
        evaluate: (params, grad, l2) => {
          evaluations++;
          return inner.evaluate(params, grad, l2);
        },
        dispose: () => disposed++,
      };
    };
    const plain = linearProbe({ ...data, dim: 5 });
    const through = linearProbe({ ...data, dim: 5, objective: counting });
    expect([built, disposed, rowsSeen]).toEqual([1, 1, data.train.length]);
    expect(evaluations).toBeGreaterThan(6);
    expect(through.testAccuracy).toBe(plain.testAccuracy);
    expect(through.l2).toBe(plain.l2);
    // An objective that says every point is flat leaves the probe at its zero start: the objective is really what is minimised.
    const flat: ProbeObjectiveFactory = () => ({ evaluate: (_p, grad) => (grad.fill(0), 0) });
    const stuck = linearProbe({ ...data, dim: 5, objective: flat });
    expect(new Set(stuck.predictions).size).toBe(1);
  });

  it("gives the same result for the same input", () => {
    const data = blobs(200, 5, 2, 1, 5);
    const a = linearProbe({ ...data, dim: 5 });
    const b = linearProbe({ ...data, dim: 5 });
    expect(a.testAccuracy).toBe(b.testAccuracy);
    expect([...a.predictions]).toEqual([...b.predictions]);
  });

  it.each([
    ["a dim that does not divide the data", { dim: 3 }, /linearProbe.dim/],
    ["a row out of range", { train: [0, 99] }, /linearProbe.train\[1\]/],
    ["an unlabelled train row", { labels: [0, -1, 1, 1] }, /linearProbe.labels\[1\]/],
    ["an empty train split", { train: [] }, /at least one training row/],
  ])("rejects %s with BadInputError", (_name, override, message) => {
    const base = { embeddings: new Float32Array(8), dim: 2, labels: [0, 0, 1, 1], train: [0, 1, 2], val: [3], test: [3] };
    expect(() => linearProbe({ ...base, ...override })).toThrow(BadInputError);
    expect(() => linearProbe({ ...base, ...override })).toThrow(message);
  });
});
