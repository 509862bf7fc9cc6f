import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Random } from "@ssl4rl/core";
import { registerWasmTrainingKernels } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

function randomValues(n: number, seed: string): Float32Array {
  const rng = Random.fromSeed(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Gradients of a small conv stack (weights and input) on one backend. */
async function convGradients(backend: string, stride: number, pad: "same" | "valid", kernel: number): Promise<Float32Array[]> {
  await useBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 3, "x"), [2, 9, 9, 3]);
    const w1 = tf.tensor4d(randomValues(kernel * kernel * 3 * 4, "w1"), [kernel, kernel, 3, 4]);
    const w2 = tf.tensor4d(randomValues(3 * 3 * 4 * 5, "w2"), [3, 3, 4, 5]);
    const f = (input: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.conv2d(input as tf.Tensor4D, a as tf.Tensor4D, stride, pad));
      const o = tf.conv2d(h as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
      return tf.sum(tf.mul(o, o));
    };
    return tf.grads(f)([x, w1, w2]).map((g) => g.dataSync() as Float32Array);
  });
}

async function segmentGradients(backend: string): Promise<Float32Array[]> {
  await useBackend(backend);
  return tf.tidy(() => {
    const h = tf.tensor2d(randomValues(6 * 4, "h"), [6, 4]);
    const src = tf.tensor1d([0, 1, 2, 3, 4, 5, 0, 2], "int32");
    const dst = tf.tensor1d([1, 2, 3, 4, 5, 0, 3, 3], "int32");
    const f = (x: tf.Tensor) => {
      const summed = tf.unsortedSegmentSum(tf.gather(x, src), dst, 6);
      return tf.sum(tf.square(tf.mul(summed, x)));
    };
    const value = tf.unsortedSegmentSum(tf.gather(h, src), dst, 6).dataSync() as Float32Array;
    return [value, tf.grad(f)(h).dataSync() as Float32Array];
  });
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!) / scale).toBeLessThan(1e-4);
}

describe.runIf(BACKENDS.includes("wasm"))("wasm training kernels match the cpu backend", () => {
  it("registers Conv2DBackpropFilter and UnsortedSegmentSum for wasm (and replaces Conv2DBackpropInput, BatchMatMul, GatherV2)", () => {
    registerWasmTrainingKernels();
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(tf.getKernel("UnsortedSegmentSum", "wasm")).toBeDefined();
  });

  it.each([
    [1, "same", 3],
    [2, "same", 3],
    [1, "valid", 3],
    [2, "valid", 2],
    [1, "same", 1],
  ] as const)("conv gradients, stride %i, pad %s, %i-wide kernel", async (stride, pad, kernel) => {
    const cpu = await convGradients("cpu", stride, pad, kernel);
    const wasm = await convGradients("wasm", stride, pad, kernel);
    cpu.forEach((g, i) => expectClose(wasm[i]!, g));
  });

  it("segment sum and the gradient of gather (message passing)", async () => {
    const cpu = await segmentGradients("cpu");
    const wasm = await segmentGradients("wasm");
    cpu.forEach((g, i) => expectClose(wasm[i]!, g));
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])("batched matmul with transposeA %s, transposeB %s (wasm's is wrapped to transpose first)", async (ta, tb) => {
    const product = async (backend: string) => {
      await useBackend(backend);
      return tf.tidy(() => {
        const a = tf.tensor3d(randomValues(2 * 5 * 3, "a"), ta ? [2, 3, 5] : [2, 5, 3]);
        const b = tf.tensor3d(randomValues(2 * 3 * 4, "b"), tb ? [2, 4, 3] : [2, 3, 4]);
        return tf.matMul(a, b, ta, tb).dataSync() as Float32Array;
      });
    };
    expectClose(await product("wasm"), await product("cpu"));
  });

  it.each([
    ["rows of a matrix (message passing)", [7, 20], [3, 0, 6, 3, 1], [5], 0, "float32"],
    ["short rows (fewer than 16 values each)", [6, 3], [5, 5, 0], [3], 0, "float32"],
    ["an inner axis, 2-D indices", [2, 5, 4], [4, 0, 2, 2], [2, 2], 1, "float32"],
    ["the last axis, negative axis argument", [3, 4, 6], [5, 0], [2], -1, "float32"],
    ["int32 values", [5, 18], [4, 1, 1], [3], 0, "int32"],
    ["bool values", [4, 2], [3, 0], [2], 0, "bool"],
  ] as const)("gather: %s (wasm's is replaced by row copies)", async (_name, shape, ids, idShape, axis, dtype) => {
    const gathered = async (backend: string) => {
      await useBackend(backend);
      return tf.tidy(() => {
        const size = shape.reduce((a, b) => a * b, 1);
        const values = randomValues(size, `gather${shape.join("x")}`);
        const x =
          dtype === "float32"
            ? tf.tensor(values, [...shape])
            : dtype === "int32"
              ? tf.tensor(Array.from(values, (v) => Math.round(v * 10)), [...shape], "int32")
              : tf.tensor(Array.from(values, (v) => v > 0), [...shape], "bool");
        const out = tf.gather(x, tf.tensor(ids, [...idShape], "int32"), axis);
        return { shape: out.shape, values: Float32Array.from(out.cast("float32").dataSync()) };
      });
    };
    const cpu = await gathered("cpu");
    const wasm = await gathered("wasm");
    expect(wasm.shape).toEqual(cpu.shape);
    expectClose(wasm.values, cpu.values);
    expect(cpu.values.some((v) => v !== 0)).toBe(true);
  });

  it.each([
    [[5, 1], [5, 7]],
    [[4, 6], [4, 1]],
    [[3], [2, 3]],
    [[], [4]],
    [[2, 3], [2, 3]],
    [[2, 1, 3], [1, 4, 1]],
    [[], []],
  ] as const)("logicalAnd broadcasting %j with %j (wasm's is replaced)", async (shapeA, shapeB) => {
    const and = async (backend: string) => {
      await useBackend(backend);
      return tf.tidy(() => {
        const bools = (shape: readonly number[], seed: string) =>
          tf.tensor(Array.from(randomValues(shape.reduce((x, y) => x * y, 1), seed), (v) => v > -0.3), [...shape], "bool");
        const out = tf.logicalAnd(bools(shapeA, "and-a"), bools(shapeB, "and-b"));
        return { shape: out.shape, values: Array.from(out.dataSync()) };
      });
    };
    const cpu = await and("cpu");
    const wasm = await and("wasm");
    expect(wasm).toEqual(cpu);
  });

  it("gather refuses an index outside the axis, naming it", async () => {
    await useBackend("wasm");
    const x = tf.zeros([3, 20]);
    const ids = tf.tensor1d([1, 3], "int32");
    const dataIds = tf.engine().backend.numDataIds();
    expect(() => tf.gather(x, ids)).toThrow(/index value 3 is not in \[0, 2\]/);
    // Nothing is left allocated on the wasm heap by the failed call.
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, ids]);
  });

  it("segment ids outside the range are dropped, as in TensorFlow", async () => {
    await useBackend("wasm");
    const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor1d([1, 2, 4]), tf.tensor1d([0, 5, 1], "int32"), 2).dataSync());
    expect(Array.from(out)).toEqual([1, 4]);
  });
});
