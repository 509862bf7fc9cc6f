/**
 * What a reward scores: a text completion (anything a language model wrote) or a structured
 * action (an index into the task's answer space, from a tensor policy).
 */
export type Completion = string | { readonly text: string } | { readonly action: number };

/** What a completion is scored against. An {@link Episode} satisfies it. */
export interface ScoringTarget {
  readonly taskId?: string;
  /** The canonical answer in the official format (alternatives comma-separated where the task allows). */
  readonly answer: string;
  /** The finite answer space, needed to turn an action index into an answer. */
  readonly answerSpace?: readonly string[];
}

/** A reward's verdict. */
export interface RewardResult {
  /** The scalar reward, in [0, 1] for the standard rewards. */
  readonly score: number;
  /** Named parts of the score, e.g. `accuracy` and `format`. */
  readonly components: Readonly<Record<string, number>>;
  /** False when no answer could be read from the completion. */
  readonly valid: boolean;
  /** The answer that was read, when one was. */
  readonly answer?: string;
}

/**
 * Scores completions against targets. May be async (a remote judge, a sandbox); `scoreBatch`
 * is an optional faster path for many at once.
 */
export interface Reward {
  /** Stable id that tasks name in `rewardId`. */
  readonly id: string;
  readonly description: string;
  score(completion: Completion, target: ScoringTarget): RewardResult | Promise<RewardResult>;
  scoreBatch?(items: readonly { completion: Completion; target: ScoringTarget }[]): Promise<RewardResult[]>;
}

/** A reward that answers at once (the standard rewards are). */
export interface SyncReward extends Reward {
  score(completion: Completion, target: ScoringTarget): RewardResult;
}

/** Scores many items with `scoreBatch` when the reward has one, else one by one. */
export async function scoreAll(
  reward: Reward,
  items: readonly { completion: Completion; target: ScoringTarget }[],
): Promise<RewardResult[]> {
  if (reward.scoreBatch) return reward.scoreBatch(items);
  const out: RewardResult[] = [];
  for (const item of items) out.push(await reward.score(item.completion, item.target));
  return out;
}
