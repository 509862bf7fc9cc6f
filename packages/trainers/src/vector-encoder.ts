import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "./parameter-store.js";

/** A vector encoder: `[n, inputs]` → `[n, hidden]`, one dense layer with ReLU. */
export type VectorEncoder = (values: tf.Tensor2D) => tf.Tensor2D;

/** The encoder for `vector` observations (bandits, toy tasks), one per input width. */
export function createVectorEncoder(store: ParameterStore, inputs: number, hidden: number): VectorEncoder {
  const w = store.heNormal(`vector${inputs}/w`, [inputs, hidden], inputs);
  const b = store.constant(`vector${inputs}/b`, [hidden]);
  return (values) => tf.fused.matMul({ a: values, b: w as tf.Tensor2D, bias: b, activation: "relu" }) as tf.Tensor2D;
}
