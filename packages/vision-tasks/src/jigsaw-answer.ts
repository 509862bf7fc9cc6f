import type { FactoredAnswer } from "@ssl4rl/core";

/**
 * The official jigsaw answer for a shuffle: `shown[j]` is the grid slot (0-based, reading
 * order) of the j-th tile shown. For each slot in reading order the answer names the
 * 1-based position of the shown tile that belongs there.
 *
 * @example
 * ```ts
 * jigsawAnswer([1, 3, 0, 2]); // "3,1,4,2": slot 1 holds shown tile 3, slot 2 shown tile 1, ...
 * ```
 */
export function jigsawAnswer(shown: readonly number[]): string {
  const answer = new Array<number>(shown.length);
  shown.forEach((slot, j) => {
    answer[slot] = j + 1;
  });
  return answer.join(",");
}

/** Every answer of an n×n jigsaw in lexicographic order: the finite answer space (24 strings for 2×2). */
export function jigsawAnswerSpace(n: number): string[] {
  const size = n * n;
  const out: string[] = [];
  const current: number[] = [];
  const used = new Array<boolean>(size).fill(false);
  const walk = (): void => {
    if (current.length === size) {
      out.push(current.join(","));
      return;
    }
    for (let v = 1; v <= size; v++) {
      if (used[v - 1]) continue;
      used[v - 1] = true;
      current.push(v);
      walk();
      current.pop();
      used[v - 1] = false;
    }
  };
  walk();
  return out;
}

/**
 * The jigsaw answer as n² choices among n² (one per slot: which shown tile goes there),
 * for tensor policies that pick slot by slot.
 */
export function jigsawFactoredAnswer(n: number): FactoredAnswer {
  const size = n * n;
  return {
    steps: size,
    choicesPerStep: size,
    toAnswer: (choices) => choices.map((c) => c + 1).join(","),
    toChoices(answer) {
      const parts = answer.split(",");
      if (parts.length !== size) return undefined;
      const choices: number[] = [];
      const seen = new Set<number>();
      for (const part of parts) {
        if (!/^\s*\d+\s*$/.test(part)) return undefined;
        const value = Number(part) - 1;
        if (value < 0 || value >= size || seen.has(value)) return undefined;
        seen.add(value);
        choices.push(value);
      }
      return choices;
    },
  };
}
