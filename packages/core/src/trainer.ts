/** Reward statistics of one task within a step. */
export interface TaskStepStats {
  readonly episodes: number;
  readonly rewardMean: number;
  readonly rewardStd: number;
  /** Fraction of sampled responses that scored the maximum (1). */
  readonly accuracy: number;
}

/** What a trainer reports after each optimisation step. */
export interface TrainerStepReport {
  readonly step: number;
  readonly rewardMean: number;
  readonly rewardStd: number;
  /** Per task id. */
  readonly tasks: Readonly<Record<string, TaskStepStats>>;
  readonly loss: number;
  /** Estimated KL to the reference policy (0 when the KL term is off). */
  readonly kl: number;
  /** Fraction of ratios that were clipped. */
  readonly clipFraction: number;
  readonly entropy: number;
  /** Fraction of groups whose rewards were all equal (no learning signal). */
  readonly degenerateFraction: number;
  readonly episodesPerSecond: number;
  readonly learningRate: number;
}

/**
 * Trains a policy on tasks with rewards and yields a report per step. Implementations know
 * nothing of images or graphs: they see episodes, a policy and rewards.
 */
export interface Trainer<Config = unknown> {
  train(config: Config, signal?: AbortSignal): AsyncIterable<TrainerStepReport>;
}
