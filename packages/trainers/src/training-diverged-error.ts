import type * as tf from "@tensorflow/tfjs";
import { Ssl4rlError } from "@ssl4rl/core";

/**
 * A step produced a NaN or infinite loss or gradient. The update was not applied, so the
 * weights and the last checkpoint on disk are still good. `culprits` names the weights whose
 * gradients went bad, where the gradient was the quantity at fault: that points at the layer
 * to look at (a head, the encoder's first layer, ...).
 */
export class TrainingDivergedError extends Ssl4rlError {
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly lastCheckpoint: string | undefined,
    readonly culprits: readonly string[] = [],
  ) {
    super(
      `Training stopped at step ${step + 1}: the ${quantity} is not finite (NaN or Inf); the update was not applied. ` +
        (culprits.length > 0 ? `Non-finite gradients in ${listNames(culprits)}. ` : "") +
        (lastCheckpoint ? `The last good checkpoint is ${lastCheckpoint}.` : "No checkpoint was written yet.") +
        " Lower the learning rate, check the rewards for NaN, or tighten gradClip, then start again or use --resume.",
    );
  }
}

/**
 * The check both trainers make before an update: throws {@link TrainingDivergedError} when the
 * step's loss or its gradients' global norm is not finite, naming the bad weights in the second
 * case (`gradients` by weight name).
 */
export function assertFiniteUpdate(step: number, loss: number, norm: number, gradients: Readonly<Record<string, tf.Tensor>>, lastCheckpoint: string | undefined): void {
  if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, "loss", lastCheckpoint);
  if (!Number.isFinite(norm)) throw new TrainingDivergedError(step, "gradient norm", lastCheckpoint, nonFiniteTensors(gradients));
}

/** The names of the tensors holding any NaN or infinite entry, in the record's order. */
export function nonFiniteTensors(tensors: Readonly<Record<string, tf.Tensor>>): string[] {
  return Object.entries(tensors)
    .filter(([, t]) => !(t.dataSync() as Float32Array).every(Number.isFinite))
    .map(([name]) => name);
}

/** At most five names, then how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
