import { extraInfo, imageName, messagesWithPlaceholders, type RowContext } from "./engine-row.js";
import { bytesField, int64Field, listOfStructField, type SchemaField, stringField, structField } from "./parquet-schema.js";
import { formatRewardLabel } from "./reward-label.js";

/** The file formats `ssl4rl export` writes. */
export const EXPORT_FORMATS = ["verl", "easyr1", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How one engine's parquet rows look: the columns and one row per episode. */
export interface ParquetLayout {
  readonly format: ExportFormat;
  /** Columns in file order; the image column only when the task shows images. */
  fields(withImages: boolean): SchemaField[];
  /** One row, keyed by column name (nested values as objects and arrays, INT64 as bigint). */
  row(ctx: RowContext, withImages: boolean): Record<string, unknown>;
}

const extraInfoField = structField("extra_info", [
  stringField("split"),
  int64Field("index"),
  stringField("episode_id"),
  stringField("task"),
  stringField("task_version"),
  stringField("seed"),
  stringField("answer"),
  int64Field("answer_index"),
  stringField("label"),
  stringField("metadata"),
]);

/** Hugging Face's image struct: the encoded bytes and a file name (what `datasets.Image` stores). */
const imagesField = listOfStructField("images", [bytesField("bytes"), stringField("path")]);

function imageStructs(ctx: RowContext): { bytes: Uint8Array; path: string }[] {
  return ctx.episode.prompt.images.map((image, k) => ({ bytes: image.bytes, path: imageName(ctx, k) }));
}

/**
 * verl's RLHF dataset rows: `data_source` (the task id, which verl hands to the scorer),
 * `prompt` as chat messages with `<image>` placeholders, `images`, `ability`,
 * `reward_model {style: "rule", ground_truth}` and `extra_info`.
 */
export const verlLayout: ParquetLayout = {
  format: "verl",
  fields: (withImages) => [
    stringField("data_source"),
    listOfStructField("prompt", [stringField("role"), stringField("content")]),
    ...(withImages ? [imagesField] : []),
    stringField("ability"),
    structField("reward_model", [stringField("style"), stringField("ground_truth")]),
    extraInfoField,
  ],
  row: (ctx, withImages) => ({
    data_source: ctx.episode.taskId,
    prompt: messagesWithPlaceholders(ctx.episode).map((m) => ({ role: m.role, content: m.content })),
    ...(withImages ? { images: imageStructs(ctx) } : {}),
    ability: ctx.modality,
    reward_model: { style: "rule", ground_truth: ctx.episode.answer },
    extra_info: extraInfo(ctx),
  }),
};

/**
 * EasyR1's rows, for its default keys `prompt_key=problem`, `answer_key=answer`,
 * `image_key=images`. `problem` is the prompt's text (messages joined by a blank line, with
 * `<image>` placeholders); `answer` is the label `TASK_ID:ANSWER`, because EasyR1 hands the
 * scorer only the response and this column, and the scorer needs the task to pick the reward.
 */
export const easyr1Layout: ParquetLayout = {
  format: "easyr1",
  fields: (withImages) => [
    stringField("problem"),
    stringField("answer"),
    ...(withImages ? [imagesField] : []),
    stringField("data_source"),
    extraInfoField,
  ],
  row: (ctx, withImages) => ({
    problem: messagesWithPlaceholders(ctx.episode)
      .filter((m) => m.role !== "assistant")
      .map((m) => m.content)
      .join("\n\n"),
    answer: formatRewardLabel(ctx.episode.taskId, ctx.episode.answer),
    ...(withImages ? { images: imageStructs(ctx) } : {}),
    data_source: ctx.episode.taskId,
    extra_info: extraInfo(ctx),
  }),
};

/**
 * A JSONL line: verl's row with the images as files (`images/<name>`, paths relative to the
 * JSONL file) instead of bytes, and integers as JSON numbers.
 */
export function jsonlRow(ctx: RowContext): Record<string, unknown> {
  const row = verlLayout.row(ctx, false);
  const info = row.extra_info as Record<string, unknown>;
  return {
    ...row,
    images: ctx.episode.prompt.images.map((_, k) => ({ path: `images/${imageName(ctx, k)}` })),
    extra_info: { ...info, index: ctx.index, answer_index: ctx.episode.answerIndex ?? null },
  };
}
