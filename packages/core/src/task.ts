import type { z } from "zod";
import type { Episode, Observation } from "./episode.js";
import { BadConfigError } from "./errors.js";
import type { Random } from "./random.js";

/** What kind of data a task works on; plugins may name others. */
export type Modality = "vision" | "graph" | "text" | "vector" | (string & {});

/** What a task gets to build one episode. */
export interface EpisodeInput<S> {
  /** `samplesPerEpisode` consecutive samples from the source; `samples[0]` is the main one. */
  readonly samples: readonly S[];
  /** The episode's own random stream (forked from the run seed by episode index). */
  readonly rng: Random;
  /** The run seed, recorded in metadata. */
  readonly seed: number | string;
  /** Position of this episode in the stream. */
  readonly index: number;
}

/**
 * A self-supervised pretext task whose answer is known by construction.
 *
 * `makeEpisode` must be a pure function of its input: the same samples, seed and index give
 * the same episode, byte for byte. It throws {@link SampleSkipped} when a sample cannot make
 * an episode (too small, say); the stream counts the reason and goes on.
 *
 * @typeParam S - the source sample type (a decoded image, a graph, ...)
 * @typeParam Schema - a zod schema of the task's options, with defaults
 */
export interface SSLTask<S = unknown, Schema extends z.ZodType = z.ZodType, O extends { readonly kind: string } = Observation> {
  /** Stable id, `modality/name`, e.g. `vision/rotation`. */
  readonly id: string;
  /** Semantic version of the episode format; bump when episodes change for the same seed. */
  readonly version: string;
  readonly modality: Modality;
  /** One sentence for `ssl4rl tasks`. */
  readonly description: string;
  /** Id of the reward that scores this task's answers (looked up in the registry). */
  readonly rewardId: string;
  /** Difficulty and format options, validated, with defaults. */
  readonly options: Schema;
  /** How many source samples one episode consumes (2 for contrastive negatives, say). Default 1. */
  readonly samplesPerEpisode?: number;
  /** The finite set of canonical answers for these options, or undefined where it is not finite. */
  answerSpace(options: z.output<Schema>): readonly string[] | undefined;
  /**
   * For answers too many to enumerate (jigsaw 3×3 has 362,880 orders): the answer as a
   * sequence of `steps` choices among `choicesPerStep`, and how choices become the official
   * answer string. Tensor policies then sample one choice per step and sum the log-probs.
   */
  factoredAnswer?(options: z.output<Schema>): FactoredAnswer | undefined;
  /** Builds one episode. */
  makeEpisode(input: EpisodeInput<S>, options: z.output<Schema>): Episode<O> | Promise<Episode<O>>;
}

/** An answer built from a sequence of choices (one per jigsaw slot, say). */
export interface FactoredAnswer {
  readonly steps: number;
  readonly choicesPerStep: number;
  /** The official answer string for these choices (0-based indices), e.g. `[2,0,3,1]` → `3,1,4,2`. */
  toAnswer(choices: readonly number[]): string;
  /** The choices that spell the canonical answer (inverse of `toAnswer` for valid answers). */
  toChoices(answer: string): number[] | undefined;
}

/** A task of any sample, option and observation type, as the registry stores it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask = SSLTask<any, z.ZodType, any>;

/**
 * Identity helper that infers a task's types from its fields.
 *
 * @example
 * ```ts
 * import { defineTask, z } from "@ssl4rl/core";
 * const coin = defineTask({
 *   id: "toy/coin", version: "1.0.0", modality: "vector", description: "Heads or tails?",
 *   rewardId: "exact-match", options: z.object({}),
 *   answerSpace: () => ["heads", "tails"],
 *   makeEpisode: ({ rng, seed, index }) => { const k = rng.int(2); return {
 *     id: `toy/coin:${seed}:${index}`, taskId: "toy/coin", taskVersion: "1.0.0",
 *     observation: { kind: "vector", values: new Float32Array([k]) },
 *     prompt: { messages: [{ role: "user", content: "heads or tails?" }], images: [] },
 *     answer: ["heads", "tails"][k]!, answerIndex: k, metadata: { seed, k } }; },
 * });
 * ```
 */
export function defineTask<S, Schema extends z.ZodType, O extends { readonly kind: string } = Observation>(
  task: SSLTask<S, Schema, O>,
): SSLTask<S, Schema, O> {
  return task;
}

/**
 * Validates raw options against a task's schema, filling defaults. Throws a
 * {@link BadConfigError} naming the task, the field and what was expected.
 */
export function resolveTaskOptions<Schema extends z.ZodType>(
  task: { readonly id: string; readonly options: Schema },
  raw: unknown,
  source?: string,
): z.output<Schema> {
  const parsed = task.options.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join(".") : "(options)";
  throw new BadConfigError({
    ...(source !== undefined ? { file: source } : {}),
    field: `${task.id} option ${field}`,
    expected: issue.message,
    hint: `Run "ssl4rl tasks" to see the task's options.`,
  });
}
