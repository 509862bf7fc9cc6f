import { BadConfigError, z } from "@ssl4rl/core";
import { ADVANTAGE_ESTIMATORS } from "./advantages.js";
import { BACKEND_CHOICES } from "./backend.js";
import { KL_ESTIMATORS } from "./kl-estimators.js";
import { LOSS_AGGREGATIONS } from "./loss-aggregation.js";
import { LR_SCHEDULES, SCHEDULE_DEFAULTS } from "./lr-schedule.js";

const names = <T extends Record<string, unknown>>(record: T) => Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

const taskEntry = z
  .object({
    id: z.string().min(1),
    /** Share of each batch's episodes (normalised over tasks). */
    weight: z.number().positive().default(1),
    /** Task options (validated by the task's own schema). */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Source spec for this task (default: the run's `source`). */
    source: z.string().min(1).optional(),
  })
  .strict();

/**
 * Everything a GRPO run reads, validated, with defaults. Defaults follow the paper where they
 * carry over (G = 5, clip 0.2, KL k3 at 0.01, token-mean); the learning rate is a small CNN's
 * (1e-3), not a 3B model's (1e-6).
 */
export const trainConfigSchema = z
  .object({
    tasks: z.array(taskEntry).min(1),
    /** Default source spec for every task (default: the modality's synthetic source). */
    source: z.string().min(1).optional(),
    steps: z.number().int().min(1).default(60),
    seed: z.union([z.number().int(), z.string().min(1)]).default(1),
    backend: z.enum(BACKEND_CHOICES).default("auto"),
    /** Episodes per step (across tasks). */
    batchSize: z.number().int().min(1).default(32),
    /** Responses sampled per episode (G). */
    groupSize: z.number().int().min(2).default(5),
    /** Optimisation passes over each batch. */
    epochs: z.number().int().min(1).default(1),
    temperature: z.number().positive().default(1),
    advantage: z
      .object({ normalisation: z.enum(names(ADVANTAGE_ESTIMATORS)).default("group"), epsilon: z.number().nonnegative().default(1e-6) })
      .strict()
      .default({ normalisation: "group", epsilon: 1e-6 }),
    clip: z.object({ low: z.number().min(0).max(1).default(0.2), high: z.number().min(0).default(0.2) }).strict().default({ low: 0.2, high: 0.2 }),
    kl: z
      .object({ coefficient: z.number().nonnegative().default(0.01), estimator: z.enum(names(KL_ESTIMATORS)).default("k3") })
      .strict()
      .default({ coefficient: 0.01, estimator: "k3" }),
    lossAggregation: z.enum(names(LOSS_AGGREGATIONS)).default("token-mean"),
    entropyCoefficient: z.number().default(0),
    /** Maximum global gradient norm (0: no clipping). */
    gradClip: z.number().nonnegative().default(1),
    /** Drop groups whose rewards are all equal from the loss (DAPO's dynamic sampling). */
    filterDegenerateGroups: z.boolean().default(false),
    optimizer: z
      .object({
        kind: z.enum(["adam", "adamw"]).default("adam"),
        learningRate: z.number().positive().default(1e-3),
        beta1: z.number().min(0).max(1).default(0.9),
        beta2: z.number().min(0).max(1).default(0.999),
        epsilon: z.number().positive().default(1e-8),
        weightDecay: z.number().nonnegative().default(0),
      })
      .strict()
      .default({ kind: "adam", learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }),
    schedule: z
      .object({
        kind: z.enum(names(LR_SCHEDULES)).default("constant"),
        warmupSteps: z.number().int().nonnegative().default(SCHEDULE_DEFAULTS.warmupSteps),
        finalFraction: z.number().min(0).max(1).default(SCHEDULE_DEFAULTS.finalFraction),
      })
      .strict()
      .default({ kind: "constant", ...SCHEDULE_DEFAULTS }),
    network: z
      .object({
        imageSize: z.number().int().min(4).default(32),
        channels: z.array(z.number().int().positive()).min(1).default([16, 32, 32]),
        embedding: z.number().int().positive().default(64),
        headHidden: z.number().int().positive().default(64),
        graphHidden: z.array(z.number().int().positive()).min(1).default([64, 64]),
        // Absent means relu, so configs and checkpoints written before the option read unchanged.
        graphActivation: z.enum(["relu", "prelu", "linear"]).optional(),
        // Absent means GCN layers; a number makes them GAT layers with that many heads.
        graphAttentionHeads: z.number().int().positive().optional(),
        // Absent means one multiplication by Â per GCN layer.
        graphHops: z.number().int().positive().optional(),
        // Absent means the MLP; "inner-product" answers node-pair questions from the pair's inner product alone.
        pairHead: z.enum(["mlp", "inner-product"]).optional(),
        // Absent means "concat"; "match" adds the product and absolute difference of two image embeddings.
        imagePairHead: z.enum(["concat", "match"]).optional(),
        // Absent means no normalisation in the CNN; "group" normalises each block's output per image.
        imageNorm: z.enum(["group"]).optional(),
        vectorHidden: z.number().int().positive().default(64),
      })
      .strict()
      .default({ imageSize: 32, channels: [16, 32, 32], embedding: 64, headHidden: 64, graphHidden: [64, 64], vectorHidden: 64 }),
    /** Write a checkpoint every N steps (and at the end). */
    checkpointEvery: z.number().int().min(1).default(10),
    /** Checkpoints kept on disk (oldest deleted first). */
    keepCheckpoints: z.number().int().min(1).default(2),
    /** Episodes per image task shown with saliency maps in the report. */
    saliencyEpisodes: z.number().int().nonnegative().default(4),
  })
  .strict();

/** A resolved training configuration. */
export type TrainConfig = z.output<typeof trainConfigSchema>;
/** What a user writes (defaults optional). */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/**
 * Validates a raw configuration (from a file, flags or code). A bad field is a
 * {@link BadConfigError} naming the file, the field path and what was expected.
 *
 * @example
 * ```ts
 * const config = resolveTrainConfig({ tasks: [{ id: "vision/rotation" }], steps: 60 });
 * config.groupSize; // 5
 * ```
 */
export function resolveTrainConfig(raw: unknown, file?: string): TrainConfig {
  const parsed = trainConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BadConfigError({
    ...(file !== undefined ? { file } : {}),
    field: issue.path.length > 0 ? issue.path.join(".") : "(config)",
    expected: issue.message,
    hint: "See the trainer README for every option",
  });
}
