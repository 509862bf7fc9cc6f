import { type NetworkConfig, type OpenTaskSource, type PolicyNetwork, type RunCompanion, type ScheduleChoice, trainCrossEntropy } from "@ssl4rl/trainers";
import type { Registry } from "@ssl4rl/core";
import type { TrainingSetting } from "./training-setting.js";

/** One cross-entropy twin of an example's grid: the GRPO run's set-up, told every answer. */
export interface TwinRunSpec {
  readonly registry: Registry;
  readonly setting: TrainingSetting;
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** How the rate changes over the steps, as its GRPO run's; constant when absent. */
  readonly schedule?: ScheduleChoice;
  readonly seed: number;
  readonly network: NetworkConfig;
  readonly openSource: OpenTaskSource;
  /** The run folder: config, per-step losses and checkpoints. */
  readonly runDir: string;
  /** Steps between checkpoints (the last step is always saved). */
  readonly checkpointEvery: number;
  /** Continue a stopped twin from its newest checkpoint. */
  readonly resume: boolean;
  /** State saved with each checkpoint (probe curve, weight average), when the example keeps any. */
  readonly companion?: RunCompanion;
  /** Prefix of the progress lines. */
  readonly label: string;
}

/** The trained twin and where it started. */
export interface TwinRunOutcome {
  readonly network: PolicyNetwork;
  /** The step it resumed after (0 for a run from the start; `steps` when it had already finished). */
  readonly resumedAfter: number;
}

/**
 * Trains the cross-entropy twin of a GRPO run: the same network and seed, the same episode
 * streams, batch, steps, learning rate (and its schedule) and gradient clip (1, the GRPO trainer's default),
 * checkpointed like the GRPO runs, printing a line every 20 steps. The examples share it so
 * every twin of the tables is trained the same way.
 */
export async function runTwin(spec: TwinRunSpec): Promise<TwinRunOutcome> {
  let firstStep: number | undefined;
  const network = await trainCrossEntropy(
    spec.registry,
    {
      tasks: spec.setting.tasks,
      steps: spec.steps,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      ...(spec.schedule === undefined ? {} : { schedule: spec.schedule }),
      gradClip: 1,
      seed: spec.seed,
      network: spec.network,
      openSource: spec.openSource,
      ...(spec.companion ? { companion: spec.companion } : {}),
      checkpoints: { runDir: spec.runDir, every: spec.checkpointEvery, resume: spec.resume },
    },
    (step, loss) => {
      firstStep ??= step;
      if (step % 20 === 0 || step === spec.steps) console.log(`${spec.label} step ${step}/${spec.steps} cross-entropy ${loss.toFixed(3)}`);
    },
  );
  return { network, resumedAfter: (firstStep ?? spec.steps + 1) - 1 };
}
