import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "./parameter-store.js";

/**
 * Heads turn encoder embeddings into logits `[batch, steps, choices]` for one task. Each task
 * has its own head; the encoders are shared.
 */

/** Concatenated embeddings (`[batch, inputs]`) → hidden ReLU layer → `steps × choices` logits. */
export function createChoiceHead(store: ParameterStore, prefix: string, inputs: number, hidden: number, steps: number, choices: number) {
  const w1 = store.heNormal(`${prefix}/hidden/w`, [inputs, hidden], inputs);
  const b1 = store.constant(`${prefix}/hidden/b`, [hidden]);
  // A small last layer starts the policy near uniform, so early samples explore.
  const w2 = store.heNormal(`${prefix}/out/w`, [hidden, steps * choices], hidden * 100);
  const b2 = store.constant(`${prefix}/out/b`, [steps * choices]);
  return (features: tf.Tensor2D): tf.Tensor3D => {
    const h = tf.fused.matMul({ a: features, b: w1 as tf.Tensor2D, bias: b1, activation: "relu" });
    return tf.fused.matMul({ a: h, b: w2 as tf.Tensor2D, bias: b2 }).reshape([features.shape[0], steps, choices]);
  };
}

/**
 * For factorised answers whose choices are the episode's own items (jigsaw: which tile goes
 * in each slot): a learned query per slot, shifted by the episode's context, scores every
 * item by cosine similarity times a learned scale. Logits `[batch, slots, items]`. The cosine
 * keeps the logits' size independent of the shared encoder's, which other tasks keep
 * changing: with a raw dot product that drift alone sharpened the policy until it collapsed.
 */
export function createSlotHead(store: ParameterStore, prefix: string, embedding: number, hidden: number, steps: number) {
  const queries = store.heNormal(`${prefix}/slot-queries`, [steps, hidden], hidden);
  const keyW = store.heNormal(`${prefix}/keys/w`, [embedding, hidden], embedding);
  const contextW = store.heNormal(`${prefix}/context/w`, [embedding, hidden], embedding * 4);
  const logScale = store.constant(`${prefix}/log-scale`, [1], Math.log(5));
  // t / √(|t|² + ε): unlike t / (|t| + ε), differentiable at t = 0. A tile whose embedding is
  // all zeros (every unit of the encoder's last ReLU off) made |t|'s gradient 0/0 there, and one
  // such tile in a batch turned the whole update into NaN.
  const unit = (t: tf.Tensor) => tf.mul(t, tf.rsqrt(tf.add(tf.sum(tf.square(t), -1, true), 1e-8)));
  return (items: tf.Tensor3D): tf.Tensor3D => {
    const [batch, count, dim] = items.shape;
    const keys = unit(tf.matMul(items.reshape([batch * count, dim]), keyW as tf.Tensor2D).reshape([batch, count, hidden]));
    const context = tf.matMul(tf.mean(items, 1) as tf.Tensor2D, contextW as tf.Tensor2D).reshape([batch, 1, hidden]);
    const q = unit(tf.add(queries.reshape([1, steps, hidden]), context));
    return tf.mul(tf.matMul(q as tf.Tensor3D, keys as tf.Tensor3D, false, true), tf.exp(logScale)) as tf.Tensor3D;
  };
}

/**
 * For graph episodes that pick one of their candidate nodes: a bilinear score between the
 * query nodes' mean embedding and each candidate's. Logits `[batch, 1, candidates]`.
 */
export function createCandidateHead(store: ParameterStore, prefix: string, embedding: number, hidden: number) {
  const qW = store.heNormal(`${prefix}/query/w`, [embedding, hidden], embedding);
  const cW = store.heNormal(`${prefix}/candidate/w`, [embedding, hidden], embedding);
  const cB = store.constant(`${prefix}/candidate/b`, [hidden]);
  return (query: tf.Tensor2D, candidates: tf.Tensor3D): tf.Tensor3D => {
    const [batch, count, dim] = candidates.shape;
    const q = tf.matMul(query, qW as tf.Tensor2D).reshape([batch, 1, hidden]);
    const c = tf.add(tf.matMul(candidates.reshape([batch * count, dim]), cW as tf.Tensor2D), cB).reshape([batch, count, hidden]);
    return tf.div(tf.matMul(q, c as tf.Tensor3D, false, true), Math.sqrt(hidden)) as tf.Tensor3D;
  };
}

/**
 * For questions about a pair of nodes: each answer's logit is a learned scale times the pair's
 * inner product (divided by the width) plus a learned offset, and nothing else, as GAE's
 * decoder. `pairs` is `[batch, 2 × embedding]` (the two nodes' embeddings side by side); logits
 * `[batch, steps, choices]`. The scales start apart (+1 for the first answer, −1 for the others),
 * so a larger inner product already leans to the first answer.
 */
export function createInnerProductHead(store: ParameterStore, prefix: string, embedding: number, steps: number, choices: number) {
  const initial = Array.from({ length: steps * choices }, (_, k) => (k % choices === 0 ? 1 : -1));
  const scale = store.values(`${prefix}/pair-scale`, [steps * choices], initial);
  const offset = store.constant(`${prefix}/pair-offset`, [steps * choices]);
  return (pairs: tf.Tensor2D): tf.Tensor3D => {
    const [a, b] = tf.split(pairs, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const similarity = tf.div(tf.sum(tf.mul(a, b), 1, true), embedding); // [batch, 1]
    return tf.add(tf.mul(similarity, scale), offset).reshape([pairs.shape[0], steps, choices]);
  };
}
