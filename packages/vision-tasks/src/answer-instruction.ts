/**
 * The closing lines every vision prompt shares: think first, then the answer alone inside
 * `<answer>` tags, in the exact format the scorer compares (no units, no extra words).
 *
 * @example
 * ```ts
 * answerInstruction("the angle in degrees as a bare integer, one of 0, 90, 180, 270", "90");
 * ```
 */
export function answerInstruction(format: string, example: string): string {
  return (
    `Reason step by step inside <think> </think> first, then give the final answer inside <answer> </answer>.\n` +
    `The answer must be ${format}, with nothing else inside the tags.\n` +
    `Example of the reply format: <think> ... </think> <answer>${example}</answer>`
  );
}
