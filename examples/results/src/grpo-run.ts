import { GrpoTrainer, type GrpoRunOptions, type NetworkConfig, type PolicyNetwork, readMetrics, resolveTrainConfig, type ScheduleChoice, secondsUpTo } from "@ssl4rl/trainers";
import type { TrainingSetting } from "./training-setting.js";

/** One GRPO run of an example's grid. */
export interface GrpoRunSpec {
  readonly trainer: GrpoRunOptions;
  readonly setting: TrainingSetting;
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly backend: string;
  readonly network: NetworkConfig;
  readonly learningRate: number;
  /** How the rate changes over the steps; constant when absent. */
  readonly schedule?: ScheduleChoice;
  /** Samples per episode (GRPO's group); the trainer's default (5) when absent. */
  readonly groupSize?: number;
  /** Weight of the entropy bonus in GRPO's loss; the trainer's default (0) when absent. */
  readonly entropyCoefficient?: number;
  /** Episodes whose saliency maps the run's report shows (0 for graphs). */
  readonly saliencyEpisodes: number;
  /** Prefix of the progress lines. */
  readonly label: string;
  /**
   * Steps between checkpoints (default: the last step only). With `trainer.resume`, a run that
   * was stopped continues from its newest checkpoint, so a crash loses at most this many steps.
   */
  readonly checkpointEvery?: number;
}

/** The trained network and the reward at the start and the end of training. */
export interface GrpoRunOutcome {
  readonly network: PolicyNetwork;
  /** Mean batch reward of the first 3 steps. */
  readonly firstReward: number;
  /** Mean batch reward of the last 10 steps (what the tables call the final reward). */
  readonly finalReward: number;
  /** Training seconds the run's earlier, stopped part logged (0 unless it was resumed). */
  readonly earlierSeconds: number;
  /** The step it resumed after (0 for a run from the start). */
  readonly resumedAfter: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Trains with the trainer's defaults (the paper's where they carry over), checkpointing every
 * `checkpointEvery` steps and at the end, printing a line every 20 steps. Rewards are read back
 * from the run's `metrics.jsonl`, so a resumed run reports the same as an uninterrupted one.
 * The examples share it so every table row is trained the same way.
 */
export async function runGrpo(spec: GrpoRunSpec): Promise<GrpoRunOutcome> {
  // The trainer's warnings (a policy that stopped exploring) reach the example's log, named by the run.
  const trainer = new GrpoTrainer({ warn: (message) => console.log(`${spec.label} warning: ${message}`), ...spec.trainer });
  const config = resolveTrainConfig({
    tasks: spec.setting.tasks.map((t) => ({ id: t.id, options: t.options, weight: t.weight ?? 1 })),
    steps: spec.steps,
    batchSize: spec.batchSize,
    seed: spec.seed,
    backend: spec.backend,
    network: spec.network,
    optimizer: { learningRate: spec.learningRate },
    ...(spec.schedule === undefined ? {} : { schedule: spec.schedule }),
    ...(spec.groupSize === undefined ? {} : { groupSize: spec.groupSize }),
    ...(spec.entropyCoefficient === undefined ? {} : { entropyCoefficient: spec.entropyCoefficient }),
    checkpointEvery: Math.min(spec.checkpointEvery ?? spec.steps, spec.steps),
    keepCheckpoints: 1,
    saliencyEpisodes: spec.saliencyEpisodes,
  });
  let resumedAfter: number | undefined;
  for await (const report of trainer.train(config)) {
    resumedAfter ??= report.step - 1;
    if (report.step % 20 === 0 || report.step === spec.steps) {
      console.log(`${spec.label} step ${report.step}/${spec.steps} reward ${report.rewardMean.toFixed(3)} (${report.seconds.toFixed(2)} s/step)`);
    }
  }
  const logged = await readMetrics(spec.trainer.runDir);
  const rewards = logged.map((m) => m.rewardMean);
  const after = resumedAfter ?? spec.steps;
  return { network: trainer.policy!.network, firstReward: mean(rewards.slice(0, 3)), finalReward: mean(rewards.slice(-10)), earlierSeconds: secondsUpTo(logged, after), resumedAfter: after };
}
