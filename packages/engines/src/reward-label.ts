import { BadInputError } from "@ssl4rl/core";

/** A task id and its canonical answer: what one label of a remote reward request carries. */
export interface RewardLabel {
  readonly task: string;
  readonly answer: string;
}

/**
 * Reads a label of the remote reward protocol. Two forms are accepted, so one server scores
 * every task:
 * - `TASK_ID:ANSWER`, split at the first colon (task ids contain none; answers may), e.g.
 *   `vision/jigsaw:3,1,4,2`;
 * - a JSON object string `{"task": "...", "answer": "..."}` (it starts with `{`).
 *
 * @param field - where the label came from, for the error message (e.g. `labels[3]`)
 * @throws BadInputError naming the field when the label is neither form
 *
 * @example
 * ```ts
 * parseRewardLabel("vision/rotation:90"); // { task: "vision/rotation", answer: "90" }
 * parseRewardLabel('{"task":"vision/position","answer":"top-left"}');
 * ```
 */
export function parseRewardLabel(label: unknown, field = "label"): RewardLabel {
  if (typeof label !== "string") {
    throw new BadInputError({ field, expected: 'a string "TASK_ID:ANSWER" or a JSON object string {"task","answer"}', got: label });
  }
  if (label.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(label);
    } catch {
      throw new BadInputError({ field, expected: 'a JSON object string {"task": ..., "answer": ...}', got: label, hint: "The label starts with { but is not valid JSON" });
    }
    const record = parsed as { task?: unknown; answer?: unknown } | null;
    if (record === null || typeof record !== "object" || Array.isArray(record) || typeof record.task !== "string" || record.task === "" || typeof record.answer !== "string") {
      throw new BadInputError({ field, expected: 'a JSON object with string fields "task" and "answer"', got: label });
    }
    return { task: record.task, answer: record.answer };
  }
  const colon = label.indexOf(":");
  if (colon <= 0) {
    throw new BadInputError({ field, expected: 'a label "TASK_ID:ANSWER" (e.g. vision/rotation:90) or a JSON object string {"task","answer"}', got: label });
  }
  return { task: label.slice(0, colon), answer: label.slice(colon + 1) };
}

/**
 * The `TASK_ID:ANSWER` label for an episode's truth: what exports put in answer columns that
 * reach the reward server through an engine's scorer.
 */
export function formatRewardLabel(task: string, answer: string): string {
  if (task.includes(":")) {
    throw new BadInputError({ field: "task", expected: "a task id without a colon", got: task, hint: "Use the JSON label form for such ids" });
  }
  return `${task}:${answer}`;
}
