/**
 * The two standard accuracy scorers of the released SSL4RL method. Both compare an extracted
 * answer with the ground truth as plain strings: no normalisation (`90°` does not match `90`).
 */

/**
 * 1 when `answer` equals the truth or one of its comma-separated alternatives, else 0.
 *
 * @example
 * ```ts
 * exactMatchScore("90", "90");          // 1
 * exactMatchScore("left", "left,right"); // 1
 * exactMatchScore("90°", "90");         // 0
 * ```
 */
export function exactMatchScore(answer: string, truth: string): number {
  if (answer === truth) return 1;
  for (const alternative of truth.split(",")) {
    if (alternative.trim() === answer) return 1;
  }
  return 0;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Parses a slot the way Python's int() accepts it (surrounding white space, a sign), else undefined. */
function parseSlot(text: string | undefined): number | undefined {
  if (text === undefined || !INTEGER.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

/**
 * Jigsaw partial credit: split both on commas; each slot of the truth earns 1/slots when the
 * answer has an integer equal to it in the same position. Extra answer slots earn nothing.
 *
 * @example
 * ```ts
 * slotMatchScore("3,1,4,2", "3,1,4,2"); // 1
 * slotMatchScore("3,1,2,4", "3,1,4,2"); // 0.5
 * ```
 */
export function slotMatchScore(answer: string, truth: string): number {
  const truthSlots = truth.split(",");
  const answerSlots = answer.split(",");
  let right = 0;
  for (let i = 0; i < truthSlots.length; i++) {
    const expected = parseSlot(truthSlots[i]);
    const given = parseSlot(answerSlots[i]);
    if (expected !== undefined && given !== undefined && expected === given) right++;
  }
  return truthSlots.length === 0 ? 0 : right / truthSlots.length;
}
