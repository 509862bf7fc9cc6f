import { BadInputError, type ChatMessage, type Episode, IMAGE_PLACEHOLDER } from "@ssl4rl/core";
import { formatRewardLabel } from "./reward-label.js";

/** Which split a row belongs to. */
export type Split = "train" | "test";

/** What every export format knows about one episode. */
export interface RowContext {
  readonly episode: Episode<{ readonly kind: string }>;
  readonly split: Split;
  /** Position of the row within its split's file. */
  readonly index: number;
  readonly seed: number | string;
  /** The task's modality (verl's `ability` column). */
  readonly modality: string;
}

const EXTENSION: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** File extension of an encoded image. */
export function imageExtension(mimeType: string): string {
  return EXTENSION[mimeType] ?? "bin";
}

function countPlaceholders(text: string): number {
  let n = 0;
  for (let at = text.indexOf(IMAGE_PLACEHOLDER); at !== -1; at = text.indexOf(IMAGE_PLACEHOLDER, at + IMAGE_PLACEHOLDER.length)) n++;
  return n;
}

/**
 * The episode's messages with exactly one `<image>` per image, in order, as verl and EasyR1
 * require. A prompt with no placeholders gets them in front of its first user message; a
 * prompt with some, but not one per image, is an error in the task.
 */
export function messagesWithPlaceholders(episode: Episode<{ readonly kind: string }>): ChatMessage[] {
  const images = episode.prompt.images.length;
  const messages = [...episode.prompt.messages];
  const found = messages.reduce((n, m) => n + countPlaceholders(m.content), 0);
  if (found === images) return messages;
  if (found === 0) {
    const first = messages.findIndex((m) => m.role === "user");
    const at = first === -1 ? messages.length : first;
    const head = IMAGE_PLACEHOLDER.repeat(images);
    if (first === -1) messages.push({ role: "user", content: head });
    else messages[at] = { ...messages[at]!, content: `${head}${messages[at]!.content}` };
    return messages;
  }
  throw new BadInputError({
    field: `episode ${episode.id} prompt`,
    expected: `one ${IMAGE_PLACEHOLDER} placeholder per image (${images})`,
    got: `${found} placeholders`,
    hint: `Fix task ${episode.taskId}: its prompt text and its images disagree`,
  });
}

/** The `extra_info` struct shared by the formats: provenance for the row, and the label. */
export function extraInfo(ctx: RowContext): Record<string, unknown> {
  const { episode } = ctx;
  return {
    split: ctx.split,
    index: BigInt(ctx.index),
    episode_id: episode.id,
    task: episode.taskId,
    task_version: episode.taskVersion,
    seed: String(ctx.seed),
    answer: episode.answer,
    answer_index: episode.answerIndex !== undefined ? BigInt(episode.answerIndex) : null,
    label: formatRewardLabel(episode.taskId, episode.answer),
    // Metadata differs between tasks, and a parquet file has one schema: it travels as JSON text.
    metadata: JSON.stringify(episode.metadata),
  };
}

/** A name for image k of a row, kept in the image struct's `path` (and as the file name in JSONL). */
export function imageName(ctx: RowContext, k: number): string {
  const mime = ctx.episode.prompt.images[k]!.mimeType;
  return `${ctx.split}-${String(ctx.index).padStart(6, "0")}-${k}.${imageExtension(mime)}`;
}
