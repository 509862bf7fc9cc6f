import { Ssl4rlError } from "@ssl4rl/core";

/**
 * A step produced a NaN or infinite loss or gradient. The update was not applied, so the
 * weights and the last checkpoint on disk are still good.
 */
export class TrainingDivergedError extends Ssl4rlError {
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(
      `Training stopped at step ${step + 1}: the ${quantity} is not finite (NaN or Inf); the update was not applied. ` +
        (lastCheckpoint ? `The last good checkpoint is ${lastCheckpoint}.` : "No checkpoint was written yet.") +
        " Lower the learning rate, check the rewards for NaN, or tighten gradClip, then start again or use --resume.",
    );
  }
}
