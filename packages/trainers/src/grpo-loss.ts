import * as tf from "@tensorflow/tfjs";
import type { KlEstimator } from "./kl-estimators.js";
import type { LossAggregation } from "./loss-aggregation.js";
import type { PolicyNetwork, TaskInputs } from "./policy-network.js";
import { type ClipRange, clippedPolicyLoss } from "./policy-loss.js";

/** One task's share of a GRPO batch: n episodes × G samples × `steps` choices each. */
export interface TaskBatch {
  readonly taskId: string;
  readonly inputs: TaskInputs;
  readonly episodes: number;
  readonly groupSize: number;
  readonly steps: number;
  /** Chosen choice per (episode, sample, step), row-major. */
  readonly actions: Int32Array;
  /** log π_old per (episode, sample, step): the sampling policy's. */
  readonly oldLogProbs: Float32Array;
  /** log π_ref per (episode, sample, step); absent when the KL term is off. */
  readonly refLogProbs?: Float32Array;
  /** One advantage per (episode, sample). */
  readonly advantages: Float32Array;
  /** 1 for samples that enter the loss, 0 for filtered ones (DAPO's degenerate groups). */
  readonly weights: Float32Array;
}

/** The knobs of the GRPO objective, each a named piece picked by config. */
export interface GrpoLossSettings {
  readonly clip: ClipRange;
  readonly klCoefficient: number;
  readonly klEstimator: KlEstimator;
  readonly aggregation: LossAggregation;
  readonly entropyCoefficient: number;
  readonly temperature: number;
}

/** Scalars computed with the loss, for the step's metrics. */
export interface GrpoLossParts {
  readonly policyLoss: tf.Scalar;
  readonly kl: tf.Scalar;
  readonly clipFraction: tf.Scalar;
  readonly entropy: tf.Scalar;
}

/** Per-token log-probabilities of the chosen actions and the policy's entropy, `[samples, steps]`. */
export function chosenLogProbs(network: PolicyNetwork, batch: TaskBatch, temperature: number): { logProb: tf.Tensor2D; entropy: tf.Tensor2D } {
  const logits = network.logits(batch.taskId, batch.inputs);
  const [n, steps, choices] = logits.shape;
  const lp = tf.logSoftmax(temperature === 1 ? logits : tf.div(logits, temperature)) as tf.Tensor3D;
  // Each episode's distribution is shared by its G samples: repeat rows rather than rerun the network.
  const repeat = tf.tensor1d(Int32Array.from({ length: n * batch.groupSize }, (_, k) => Math.floor(k / batch.groupSize)), "int32");
  const perSample = tf.gather(lp, repeat);
  const picked = tf.oneHot(tf.tensor2d(batch.actions, [n * batch.groupSize, steps], "int32"), choices);
  const logProb = tf.sum(tf.mul(perSample, picked), 2) as tf.Tensor2D;
  const entropy = tf.gather(tf.neg(tf.sum(tf.mul(tf.exp(lp), lp), 2)), repeat) as tf.Tensor2D;
  return { logProb, entropy };
}

/**
 * The GRPO loss over a batch of several tasks: the clipped surrogate against the sampling
 * policy, plus the KL penalty to the reference (when its coefficient is above 0), minus the
 * entropy bonus, each aggregated over tokens by the configured rule. Sequences of different
 * tasks are padded to the longest action and masked.
 */
export function grpoLoss(network: PolicyNetwork, batches: readonly TaskBatch[], settings: GrpoLossSettings): { loss: tf.Scalar; parts: GrpoLossParts } {
  const longest = Math.max(...batches.map((b) => b.steps));
  const pad = (t: tf.Tensor2D, steps: number) => (steps === longest ? t : tf.pad(t, [[0, 0], [0, longest - steps]]));
  const logProbs: tf.Tensor2D[] = [];
  const olds: tf.Tensor2D[] = [];
  const refs: tf.Tensor2D[] = [];
  const entropies: tf.Tensor2D[] = [];
  const masks: tf.Tensor2D[] = [];
  const advantages: tf.Tensor2D[] = [];
  for (const b of batches) {
    const rows = b.episodes * b.groupSize;
    const { logProb, entropy } = chosenLogProbs(network, b, settings.temperature);
    logProbs.push(pad(logProb, b.steps));
    entropies.push(pad(entropy, b.steps));
    olds.push(pad(tf.tensor2d(b.oldLogProbs, [rows, b.steps]), b.steps));
    if (b.refLogProbs) refs.push(pad(tf.tensor2d(b.refLogProbs, [rows, b.steps]), b.steps));
    masks.push(pad(tf.mul(tf.ones([rows, b.steps]), tf.tensor2d(b.weights, [rows, 1])) as tf.Tensor2D, b.steps));
    advantages.push(tf.tensor2d(b.advantages, [rows, 1]));
  }
  const cat = (list: tf.Tensor2D[]) => (list.length === 1 ? list[0]! : (tf.concat(list, 0) as tf.Tensor2D));
  const logProb = cat(logProbs);
  const mask = cat(masks);
  const pg = clippedPolicyLoss(logProb, cat(olds), cat(advantages), settings.clip);
  const policyLoss = settings.aggregation(pg.loss as tf.Tensor2D, mask);
  const entropy = cat(entropies);
  let loss = policyLoss;
  let kl: tf.Scalar = tf.scalar(0);
  if (settings.klCoefficient > 0 && refs.length === batches.length) {
    kl = settings.aggregation(settings.klEstimator(logProb, cat(refs)) as tf.Tensor2D, mask);
    loss = tf.add(loss, tf.mul(settings.klCoefficient, kl));
  }
  if (settings.entropyCoefficient !== 0) loss = tf.sub(loss, tf.mul(settings.entropyCoefficient, settings.aggregation(entropy, mask)));
  const tokenMean = (t: tf.Tensor) => tf.div(tf.sum(tf.mul(t, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  return { loss, parts: { policyLoss, kl, clipFraction: tokenMean(pg.clipped), entropy: tokenMean(entropy) } };
}
