import * as tf from "@tensorflow/tfjs";
import { boundedLogRatio } from "./log-ratio.js";

/** Clip bounds of the PPO ratio: it is kept within [1 − low, 1 + high] (DAPO separates them). */
export interface ClipRange {
  readonly low: number;
  readonly high: number;
}

/** Per-token clipped surrogate loss and which tokens were clipped. */
export interface ClippedLoss {
  /** max(−A·r, −A·clip(r, 1 − low, 1 + high)), per token. */
  readonly loss: tf.Tensor;
  /** 1 where the clipped term was the larger (the gradient is cut), else 0. */
  readonly clipped: tf.Tensor;
}

/**
 * PPO's clipped objective against the sampling policy, per token: r = exp(log π − log π_old).
 * Inputs share one shape; `advantages` is broadcast from sequences to their tokens by the caller.
 *
 * @example
 * ```ts
 * // ratio 1.5, advantage 1, clip 0.2: the loss is −1.2 and the token counts as clipped
 * clippedPolicyLoss(tf.tensor([Math.log(1.5)]), tf.tensor([0]), tf.tensor([1]), { low: 0.2, high: 0.2 });
 * ```
 */
export function clippedPolicyLoss(logProb: tf.Tensor, oldLogProb: tf.Tensor, advantages: tf.Tensor, clip: ClipRange): ClippedLoss {
  // Bounded at ±20 (a ratio of 5·10⁸, far past any clip), so exp cannot overflow.
  const ratio = tf.exp(boundedLogRatio(logProb, oldLogProb, 20));
  const unclipped = tf.neg(tf.mul(advantages, ratio));
  const clippedTerm = tf.neg(tf.mul(advantages, tf.clipByValue(ratio, 1 - clip.low, 1 + clip.high)));
  return { loss: tf.maximum(unclipped, clippedTerm), clipped: tf.cast(tf.greater(clippedTerm, unclipped), "float32") };
}
