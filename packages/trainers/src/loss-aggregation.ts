import * as tf from "@tensorflow/tfjs";

/**
 * How per-token losses `[sequences, tokens]` become one scalar, with a 0/1 mask of real
 * tokens (sequences are padded to the longest). Named as in verl's `loss_agg_mode`. For a
 * tensor policy a "token" is one choice of a factorised action (one jigsaw slot, say).
 */
export type LossAggregation = (loss: tf.Tensor2D, mask: tf.Tensor2D) => tf.Scalar;

/** Sum over every real token / number of real tokens (the paper's setting). */
export const tokenMean: LossAggregation = (loss, mask) => tf.div(tf.sum(tf.mul(loss, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;

/** Mean over sequences of each sequence's token mean. */
export const seqMeanTokenMean: LossAggregation = (loss, mask) => {
  const perSeq = tf.div(tf.sum(tf.mul(loss, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
  return tf.mean(perSeq) as tf.Scalar;
};

/**
 * Mean over sequences of each sequence's token sum divided by the padded length (Dr. GRPO's
 * constant normaliser, so long answers are not down-weighted).
 */
export const seqMeanTokenSumNorm: LossAggregation = (loss, mask) => {
  const perSeq = tf.div(tf.sum(tf.mul(loss, mask), 1), loss.shape[1]);
  return tf.mean(perSeq) as tf.Scalar;
};

/** The aggregations by config name. */
export const LOSS_AGGREGATIONS = Object.freeze({
  "token-mean": tokenMean,
  "seq-mean-token-mean": seqMeanTokenMean,
  "seq-mean-token-sum-norm": seqMeanTokenSumNorm,
} satisfies Record<string, LossAggregation>);
export type LossAggregationName = keyof typeof LOSS_AGGREGATIONS;
