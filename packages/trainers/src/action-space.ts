import { type AnyTask, BadConfigError } from "@ssl4rl/core";

/**
 * How a tensor policy answers one task: `steps` choices among `choices` each. A one-step space
 * indexes the task's finite answer space; a factorised one (jigsaw 3×3: 9 slots × 9 tiles)
 * makes one choice per slot and its log-probability is the sum over slots.
 */
export interface ActionSpace {
  readonly steps: number;
  readonly choices: number;
  /** The answer string in the task's official format for these choices. */
  toAnswer(choices: readonly number[]): string;
  /** The choices that spell `answer`, where it can be spelt (for greedy checks and tests). */
  toChoices(answer: string): number[] | undefined;
}

/**
 * The action space of a task with resolved options: its factored answer when it has one,
 * else its finite answer space. A task with neither cannot be answered by a tensor policy.
 *
 * @example
 * ```ts
 * const space = actionSpaceFor(rotationTask, { granularity: 90 });
 * space.toAnswer([1]); // "90"
 * ```
 */
export function actionSpaceFor(task: AnyTask, options: unknown): ActionSpace {
  const factored = task.factoredAnswer?.(options);
  if (factored) {
    return {
      steps: factored.steps,
      choices: factored.choicesPerStep,
      toAnswer: (c) => factored.toAnswer(c),
      toChoices: (a) => factored.toChoices(a),
    };
  }
  const space = task.answerSpace(options);
  if (space === undefined || space.length === 0) {
    throw new BadConfigError({
      field: `task ${task.id}`,
      expected: "a task with a finite answer space or a factored answer",
      hint: "A tensor policy picks among choices; train this task with a text policy instead",
    });
  }
  const index = new Map(space.map((a, i) => [a, i] as const));
  return {
    steps: 1,
    choices: space.length,
    toAnswer: (c) => space[c[0] ?? -1] ?? "",
    toChoices: (a) => {
      const i = index.get(a);
      return i === undefined ? undefined : [i];
    },
  };
}
