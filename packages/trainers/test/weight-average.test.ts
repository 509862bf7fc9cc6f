import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ParameterStore, tf, WeightAverage } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const read = (v: tf.Tensor) => Array.from(v.dataSync());

describe.each(BACKENDS)("WeightAverage on %s", (backend) => {
  beforeAll(() => useBackend(backend));
  let store: ParameterStore;
  afterEach(() => store?.dispose());

  it("follows the bias-corrected exponential average of the weights, by hand", () => {
    store = new ParameterStore(1);
    const w = store.values("graph7/gcn1/w", [2], [0, 0]);
    const average = new WeightAverage(store, 0.5);
    // Weights after each of four steps, and the average by hand: the first update copies them,
    // the n-th after it keeps min(0.5, (1 + n) / (10 + n)) of the old average.
    const steps = [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ];
    let expected = [0, 0];
    steps.forEach((values, n) => {
      w.assign(tf.tensor(values));
      average.update();
      const rate = Math.min(0.5, (1 + n) / (10 + n));
      expected = n === 0 ? values : expected.map((e, i) => rate * e + (1 - rate) * values[i]!);
    });
    expect(average.updates).toBe(4);
    const seen = average.withAverage(() => read(w));
    seen.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    // The averaged values differ from the live ones, so the check above could fail.
    expect(Math.abs(seen[0]! - 7)).toBeGreaterThan(0.5);
  });

  it("puts the live weights back after reading, also when the reader throws", () => {
    store = new ParameterStore(2);
    const w = store.values("graph3/gcn1/w", [3], [1, 1, 1]);
    const average = new WeightAverage(store, 0.9);
    average.update();
    w.assign(tf.tensor([5, 5, 5]));
    average.update();
    expect(average.withAverage(() => read(w))).not.toEqual([5, 5, 5]);
    expect(read(w)).toEqual([5, 5, 5]);
    expect(() =>
      average.withAverage(() => {
        throw new Error("probe failed");
      }),
    ).toThrow("probe failed");
    expect(read(w)).toEqual([5, 5, 5]);
    average.dispose();
  });

  it("averages only the parameters under its prefix and adopts ones added later", async () => {
    store = new ParameterStore(3);
    const encoder = store.values("graph3/gcn1/w", [1], [0]);
    const head = store.values("head/graph/x/out/w", [1], [0]);
    const average = new WeightAverage(store, 0.9, "graph");
    average.update();
    encoder.assign(tf.tensor([10]));
    head.assign(tf.tensor([10]));
    average.update();
    const [encoderSeen, headSeen] = average.withAverage(() => [read(encoder)[0]!, read(head)[0]!]);
    expect(encoderSeen).toBeLessThan(10); // averaged with the earlier 0
    expect(headSeen).toBe(10); // not averaged: the live value
    const later = store.values("graph3/gcn2/w", [1], [4]);
    average.update();
    expect(average.names.sort()).toEqual(["graph3/gcn1/w", "graph3/gcn2/w"]);
    expect(average.withAverage(() => read(later)[0])).toBeCloseTo(4, 6);
    expect(Object.keys(await average.snapshot()).sort()).toEqual(["graph3/gcn1/w", "graph3/gcn2/w"]);
    average.dispose();
  });

  it("decay 0 keeps the latest weights; a decay outside [0, 1) is refused", () => {
    store = new ParameterStore(4);
    const w = store.values("graph1/gcn1/w", [1], [1]);
    const latest = new WeightAverage(store, 0);
    latest.update();
    w.assign(tf.tensor([3]));
    latest.update();
    expect(latest.withAverage(() => read(w)[0])).toBeCloseTo(3, 6);
    latest.dispose();
    expect(() => new WeightAverage(store, 1)).toThrow(/decay must be in \[0, 1\), got 1/);
    expect(() => new WeightAverage(store, -0.1)).toThrow(/decay/);
  });

  it("restored from a snapshot, it continues as the average it was saved from", async () => {
    store = new ParameterStore(1);
    const w = store.values("graph/w", [2], [0, 0]);
    const first = new WeightAverage(store, 0.8);
    const other = new WeightAverage(store, 0.8);
    for (const values of [[1, 2], [3, 5]]) {
      w.assign(tf.tensor(values));
      first.update();
    }
    other.restore(await first.snapshot(), first.updates);
    expect(other.updates).toBe(2);
    for (const values of [[4, -1], [2, 2]]) {
      w.assign(tf.tensor(values));
      first.update();
      other.update();
    }
    const a = first.withAverage(() => read(store.get("graph/w")));
    const b = other.withAverage(() => read(store.get("graph/w")));
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 6));
    expect(() => other.restore({ "graph/v": Float32Array.from([1]) }, 1)).toThrow("graph/v, which the network does not");
    expect(() => other.restore({ "graph/w": Float32Array.from([1, 2, 3]) }, 1)).toThrow("graph/w has 2 values, the saved average 3");
    first.dispose();
    other.dispose();
  });

  it("leaks no tensors across updates and reads", () => {
    store = new ParameterStore(5);
    store.values("graph2/gcn1/w", [4], [1, 2, 3, 4]);
    const average = new WeightAverage(store, 0.9);
    average.update();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      average.update();
      average.withAverage(() => 0);
    }
    expect(tf.memory().numTensors).toBe(before);
    average.dispose();
  });
});
