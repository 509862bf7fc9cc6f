/**
 * Reading a model's answer out of its completion, as the released SSL4RL scorer does:
 * 1. keep the text after the last `assistant\n` marker, if any;
 * 2. take the first `<answer>...</answer>` block (it may span lines), trimmed.
 *
 * Only `indexOf`/`lastIndexOf` scans are used, so the cost is linear in the response length
 * even on hostile input (a megabyte of unclosed `<answer>` tags).
 */

const ASSISTANT_MARKER = "assistant\n";
const OPEN_TAG = "<answer>";
const CLOSE_TAG = "</answer>";

/** The part of a completion after the last `assistant\n` marker (the whole text if there is none). */
export function assistantReply(completion: string): string {
  const at = completion.lastIndexOf(ASSISTANT_MARKER);
  return at === -1 ? completion : completion.slice(at + ASSISTANT_MARKER.length);
}

/**
 * The trimmed content of the first `<answer>...</answer>` block, or `undefined` when there is
 * none. A block counts only if a closing tag follows its opening tag; as in a lazy regex
 * search, the match runs from the first opening tag to the first closing tag after it.
 *
 * @example
 * ```ts
 * extractAnswer("<think>hm</think> <answer> 90 </answer>"); // "90"
 * ```
 */
export function extractAnswer(completion: string): string | undefined {
  const reply = assistantReply(completion);
  const open = reply.indexOf(OPEN_TAG);
  if (open === -1) return undefined;
  const start = open + OPEN_TAG.length;
  const close = reply.indexOf(CLOSE_TAG, start);
  if (close === -1) return undefined;
  return reply.slice(start, close).trim();
}

/**
 * Whether a completion has the requested shape: optional white space, `<think>…</think>`,
 * optional white space, `<answer>…</answer>`, optional white space, nothing else. Checked on
 * the reply after the last `assistant\n` marker, in linear time.
 */
export function hasThinkAnswerFormat(completion: string): boolean {
  const reply = assistantReply(completion);
  let i = skipSpace(reply, 0);
  if (!reply.startsWith("<think>", i)) return false;
  const thinkEnd = reply.indexOf("</think>", i + 7);
  if (thinkEnd === -1) return false;
  i = skipSpace(reply, thinkEnd + 8);
  if (!reply.startsWith(OPEN_TAG, i)) return false;
  const answerEnd = reply.indexOf(CLOSE_TAG, i + OPEN_TAG.length);
  if (answerEnd === -1) return false;
  // A second <answer> before the close would make the block ambiguous.
  const inner = reply.slice(i + OPEN_TAG.length, answerEnd);
  if (inner.includes(OPEN_TAG) || inner.includes("<think>")) return false;
  return skipSpace(reply, answerEnd + CLOSE_TAG.length) === reply.length;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
