import type { Episode } from "./episode.js";
import type { Random } from "./random.js";
import type { Completion } from "./reward.js";

/**
 * One sampled action. A one-step action has a single choice (an index into the answer space);
 * a factorised action (jigsaw 3×3: one choice per slot) or a token sequence has several, and
 * its log-probability is the sum over steps.
 */
export interface ActionSample {
  readonly choices: readonly number[];
  /** log π(action | observation) under the policy that sampled it. */
  readonly logProb: number;
}

/**
 * A policy as the trainer and the evaluators see it: it turns a batch of episodes' observations
 * into sampled actions with their log-probabilities, and turns an action into what the task's
 * reward scores (an answer-space index, or text in the official answer format). Gradient
 * machinery lives in the trainer's implementations, not in this contract.
 */
export interface Policy<E extends Episode<{ readonly kind: string }> = Episode> {
  readonly id: string;
  /** Samples `groupSize` actions for each episode: result[i][g] is the g-th action for episodes[i]. */
  sample(episodes: readonly E[], groupSize: number, rng: Random): Promise<ActionSample[][]>;
  /** The most likely action for each episode (evaluation). */
  greedy(episodes: readonly E[]): Promise<ActionSample[]>;
  /** What the reward scores for this action of this episode. */
  toCompletion(action: ActionSample, episode: E): Completion;
}

/** Makes policies from options; plugins register these by id. */
export interface PolicyFactory<Options = unknown, P = unknown> {
  readonly id: string;
  readonly description: string;
  /** Observation kinds the policy handles, e.g. `["images"]`. */
  readonly observationKinds: readonly string[];
  create(options: Options): P | Promise<P>;
}
