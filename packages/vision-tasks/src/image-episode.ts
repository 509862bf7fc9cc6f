import { BadConfigError, type EncodedImage, type Episode, IMAGE_PLACEHOLDER, type ImageObservation, type JsonObject } from "@ssl4rl/core";
import { encodePromptImage } from "./encode-prompt-image.js";
import type { RgbImage } from "./image-sample.js";
import { resizeArea } from "./resize-area.js";
import { toFloatImage } from "./tensor-image.js";
import type { VisionSettings } from "./vision-settings.js";

/** Which images a task is asked to draw: small squares for the tensor, full size for the prompt. */
export type ViewTarget = "tensor" | "prompt";

/** Everything of an episode except its images. */
export interface ImageEpisodeParts {
  readonly taskId: string;
  readonly taskVersion: string;
  readonly seed: number | string;
  readonly index: number;
  /** The user message; holds one {@link IMAGE_PLACEHOLDER} per image, in image order. */
  readonly question: string;
  readonly answer: string;
  readonly answerIndex?: number;
  readonly metadata: JsonObject;
}

/**
 * Builds a vision episode from a task's view renderer. All random choices are made before
 * this call, so both targets show the same episode: `render("tensor")` draws the views at
 * (or near) `tensorSize` and `render("prompt")` at display size. Only the targets the
 * settings ask for are drawn, so a tensor-only run spends nothing on encoding.
 */
export async function imageEpisode(
  settings: VisionSettings,
  parts: ImageEpisodeParts,
  render: (target: ViewTarget) => Promise<readonly RgbImage[]>,
): Promise<Episode<ImageObservation>> {
  const placeholders = parts.question.split(IMAGE_PLACEHOLDER).length - 1;
  let tensors: ImageObservation["images"] = [];
  if (settings.tensorImages) {
    const views = await render("tensor");
    checkCount(parts.taskId, views.length, placeholders);
    const size = settings.tensorSize;
    tensors = views.map((v) => toFloatImage(resizeArea(v, size, size)));
  }
  let images: Episode["prompt"]["images"] = [];
  if (settings.promptImages) {
    const views = await render("prompt");
    checkCount(parts.taskId, views.length, placeholders);
    // A view shown twice (a rotation by 0 returns the image itself) is encoded once: the same
    // pixels give the same bytes. The repeat gets its own copy of them, so every image stays
    // independent of the others.
    const encoded = new Map<RgbImage, Promise<EncodedImage>>();
    images = await Promise.all(
      views.map(async (v) => {
        const first = encoded.get(v);
        if (first !== undefined) {
          const image = await first;
          return { ...image, bytes: image.bytes.slice() };
        }
        const pending = encodePromptImage(v, settings);
        encoded.set(v, pending);
        return pending;
      }),
    );
  }
  return {
    id: `${parts.taskId}:${parts.seed}:${parts.index}`,
    taskId: parts.taskId,
    taskVersion: parts.taskVersion,
    observation: { kind: "images", images: tensors },
    prompt: { messages: [{ role: "user", content: parts.question }], images },
    answer: parts.answer,
    ...(parts.answerIndex !== undefined ? { answerIndex: parts.answerIndex } : {}),
    metadata: parts.metadata,
  };
}

function checkCount(taskId: string, views: number, placeholders: number): void {
  // A mismatch is a bug in the task, but say which task and what to fix.
  if (views !== placeholders) {
    throw new BadConfigError({ field: `${taskId} prompt`, expected: `${views} image placeholders, one per view`, got: placeholders });
  }
}
