import * as tf from "@tensorflow/tfjs";
import { boundedLogRatio, clampKeepingNaN } from "./log-ratio.js";

/**
 * Per-token estimators of KL(π ‖ π_ref) from log-probabilities of the sampled tokens
 * (Schulman's k1/k2/k3; verl calls them "kl", "mse" and "low_var_kl"). Picked by name.
 */
export type KlEstimator = (logProb: tf.Tensor, refLogProb: tf.Tensor) => tf.Tensor;

/** k1 = log π − log π_ref: unbiased, high variance, can be negative. */
export const klK1: KlEstimator = (logProb, refLogProb) => tf.sub(logProb, refLogProb);

/** k2 = ½ (log π − log π_ref)²: biased, low variance, never negative. */
export const klK2: KlEstimator = (logProb, refLogProb) => tf.mul(0.5, tf.square(tf.sub(logProb, refLogProb)));

/**
 * k3 = exp(log π_ref − log π) − (log π_ref − log π) − 1: unbiased and never negative (the
 * paper's choice, coefficient 0.01). Clamped to [−10, 10] as verl does, so one wild ratio
 * cannot dominate a batch.
 */
export const klK3: KlEstimator = (logProb, refLogProb) => {
  // k3 is already past the clamp beyond d ≈ 2.6 and d ≈ −11, so bounding d first changes no value.
  const d = boundedLogRatio(refLogProb, logProb, 30);
  return clampKeepingNaN(10)(tf.sub(tf.sub(tf.exp(d), d), 1));
};

/** The estimators by config name. */
export const KL_ESTIMATORS = Object.freeze({ k1: klK1, k2: klK2, k3: klK3 } satisfies Record<string, KlEstimator>);
export type KlEstimatorName = keyof typeof KL_ESTIMATORS;
