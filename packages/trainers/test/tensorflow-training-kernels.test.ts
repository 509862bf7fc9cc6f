import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, useBackend } from "./backends.js";

// The tensorflow backend's Step is replaced (Sign(Relu(x)) for slope 0); every backend must keep
// tfjs's meaning: 1 above zero, the slope at or below, NaN stays NaN.
describe.each(BACKENDS)("step and the ReLU gradient on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    [0, [Number.NaN, -2, -0, 0, 1e-30, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], [Number.NaN, 0, 0, 0, 1, 1, 1, 0]],
    [0.5, [Number.NaN, -2, 0, 3], [Number.NaN, 0.5, 0.5, 1]],
  ])("step with slope %d", (alpha, input, expected) => {
    const got = Array.from(tf.step(tf.tensor1d(input), alpha).dataSync());
    expect(got.map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(expected.map((v) => (Number.isNaN(v) ? "NaN" : v)));
  });

  it("the gradient of a fused conv with ReLU matches its finite difference", () => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 5 * 5 * 3 }, (_, i) => Math.sin(i * 0.7)), [2, 5, 5, 3]);
    const w = tf.tensor4d(Float32Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i * 0.3) * 0.5), [3, 3, 3, 4]);
    const b = tf.tensor1d([0.1, -0.2, 0.05, 0]);
    const f = (filter: tf.Tensor) => tf.fused.conv2d({ x, filter: filter as tf.Tensor4D, bias: b, activation: "relu", pad: "same", strides: 1 }).square().sum();
    const grad = tf.grad(f)(w);
    const g = grad.dataSync();
    const base = w.dataSync();
    const eps = 1e-2;
    for (const i of [0, 17, 50, 107]) {
      const up = Float32Array.from(base);
      const down = Float32Array.from(base);
      up[i]! += eps;
      down[i]! -= eps;
      const numeric = (f(tf.tensor4d(up, w.shape)).dataSync()[0]! - f(tf.tensor4d(down, w.shape)).dataSync()[0]!) / (2 * eps);
      expect(g[i]).toBeCloseTo(numeric, 1);
    }
  });
});
