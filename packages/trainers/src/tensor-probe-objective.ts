import * as tf from "@tensorflow/tfjs";
import type { ProbeObjective, ProbeObjectiveFactory } from "@ssl4rl/core";

/**
 * The linear probe's objective computed with TensorFlow.js matrix products on whichever
 * backend is active: the train rows are copied to the backend once (float32), and each
 * evaluation is two matrix products and a softmax instead of core's row-by-row loops. The sums
 * are the same as {@link loopProbeObjective}'s (mean softmax cross-entropy plus (l2 / 2)·‖W‖²,
 * bias unpenalised), in float32, so a fitted probe can differ from the loop one in the last
 * digits of its weights; L-BFGS and the L2 search stay in core. Pass it as `objective` to
 * `linearProbe`; it frees its tensors when the probe is done.
 *
 * @example
 * ```ts
 * const r = linearProbe({ embeddings, dim, labels, train, val, test, objective: tensorProbeObjective });
 * ```
 */
export const tensorProbeObjective: ProbeObjectiveFactory = (x, dim, numClasses, labels, rows): ProbeObjective => {
  const n = rows.length;
  const trainX = new Float32Array(n * dim);
  const trainY = new Int32Array(n);
  rows.forEach((r, i) => {
    trainX.set(x.subarray(r * dim, (r + 1) * dim), i * dim);
    trainY[i] = labels[r]!;
  });
  const features = tf.tensor2d(trainX, [n, dim]);
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(trainY, "int32"), numClasses).toFloat());
  const stride = dim + 1;
  return {
    evaluate(params, grad, l2) {
      let loss = 0;
      tf.tidy(() => {
        const all = tf.tensor2d(Float32Array.from(params), [numClasses, stride]);
        const weights = all.slice([0, 0], [numClasses, dim]);
        const bias = all.slice([0, dim], [numClasses, 1]).reshape([numClasses]);
        const logits = tf.add(tf.matMul(features, weights, false, true), bias);
        const logSumExp = tf.logSumExp(logits, 1);
        const picked = tf.sum(tf.mul(logits, targets), 1);
        const penalty = tf.mul(0.5 * l2, tf.sum(tf.square(weights)));
        const value = tf.add(tf.mean(tf.sub(logSumExp, picked)), penalty);
        // d/dlogits of the mean cross-entropy: (softmax − one-hot) / n.
        const delta = tf.div(tf.sub(tf.softmax(logits), targets), n);
        const gradWeights = tf.add(tf.matMul(delta, features, true, false), tf.mul(l2, weights));
        const gradBias = tf.sum(delta, 0).reshape([numClasses, 1]);
        loss = value.dataSync()[0]!;
        grad.set(tf.concat([gradWeights, gradBias], 1).dataSync() as Float32Array);
      });
      return loss;
    },
    dispose() {
      features.dispose();
      targets.dispose();
    },
  };
};
