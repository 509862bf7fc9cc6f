import { extractAnswer, hasThinkAnswerFormat } from "./answer-parser.js";
import { BadConfigError } from "./errors.js";
import type { Completion, RewardResult, ScoringTarget, SyncReward } from "./reward.js";
import { exactMatchScore, slotMatchScore } from "./scorers.js";

/** Options shared by the standard rewards. */
export interface AnswerRewardOptions {
  /**
   * Weight of the optional format component (`<think>…</think>` then `<answer>…</answer>`).
   * 0 by default, which makes the score equal the released scorer's. With weight w the score
   * is `(1 - w) * accuracy + w * format`.
   */
  readonly formatWeight?: number;
}

/** How an answer string is compared with the truth. */
export type AnswerComparison = (answer: string, truth: string) => number;

/**
 * Builds a reward that reads the answer (from text, or from an action index into the answer
 * space) and compares it with the truth.
 */
export function answerReward(
  id: string,
  description: string,
  compare: AnswerComparison,
  options: AnswerRewardOptions = {},
): SyncReward {
  const weight = options.formatWeight ?? 0;
  if (!(weight >= 0 && weight <= 1)) {
    throw new BadConfigError({ field: `${id}.formatWeight`, expected: "a number between 0 and 1", got: weight });
  }
  const score = (completion: Completion, target: ScoringTarget): RewardResult => {
    let answer: string | undefined;
    let format = 1;
    if (typeof completion === "object" && "action" in completion) {
      const space = target.answerSpace;
      const i = completion.action;
      answer = space !== undefined && Number.isInteger(i) && i >= 0 && i < space.length ? space[i] : undefined;
    } else {
      const text = typeof completion === "string" ? completion : completion.text;
      answer = extractAnswer(text);
      if (weight > 0) format = hasThinkAnswerFormat(text) ? 1 : 0;
    }
    if (answer === undefined) {
      const components: Record<string, number> = { accuracy: 0 };
      if (weight > 0) components.format = format;
      return { score: weight * format, components, valid: false };
    }
    const accuracy = compare(answer, target.answer);
    const components: Record<string, number> = { accuracy };
    if (weight > 0) components.format = format;
    return { score: (1 - weight) * accuracy + weight * format, components, valid: true, answer };
  };
  return { id, description, score };
}

/** Id of the exact-match reward (rotation, contrastive, position, lettered choices). */
export const EXACT_MATCH = "exact-match";
/** Id of the per-slot partial-credit reward (jigsaw). */
export const SLOT_MATCH = "slot-match";

/**
 * 1 when the answer equals the truth (or one of its comma-separated alternatives), else 0.
 *
 * @example
 * ```ts
 * exactMatchReward().score("<answer>90</answer>", { answer: "90" }); // { score: 1, ... }
 * ```
 */
export function exactMatchReward(options: AnswerRewardOptions = {}): SyncReward {
  return answerReward(EXACT_MATCH, "1 if the answer equals the truth (or one of its comma-separated alternatives), else 0", exactMatchScore, options);
}

/**
 * Fraction of comma-separated slots answered right (jigsaw partial credit).
 *
 * @example
 * ```ts
 * slotMatchReward().score("<answer>3,1,2,4</answer>", { answer: "3,1,4,2" }); // score 0.5
 * ```
 */
export function slotMatchReward(options: AnswerRewardOptions = {}): SyncReward {
  return answerReward(SLOT_MATCH, "fraction of comma-separated slots equal to the truth (jigsaw partial credit)", slotMatchScore, options);
}
