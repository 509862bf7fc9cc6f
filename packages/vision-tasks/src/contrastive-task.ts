import { defineTask, IMAGE_PLACEHOLDER, type JsonObject, SampleSkipped, z } from "@ssl4rl/core";
import { answerInstruction } from "./answer-instruction.js";
import { imageEpisode, type ViewTarget } from "./image-episode.js";
import type { ImageSample } from "./image-sample.js";
import { applyAugmentation, DEFAULT_VIEW_RECIPE, drawAugmentation, STRONG_VIEW_RECIPE } from "./view-augmentation.js";
import type { VisionSettings } from "./vision-settings.js";

const ID = "vision/contrastive";
const VERSION = "1.0.0";
const ANSWERS = ["positive", "negative"] as const;

/** Options of `vision/contrastive`. */
export const contrastiveOptions = z
  .object({
    /** `default`: the paper's SimCLR-style views; `strong`: crop 0.08-0.3 and heavy colour changes. */
    strength: z.enum(["default", "strong"]).default("default"),
    /** Side of each view in the prompt, in pixels (the tensor uses the plugin's tensorSize). */
    viewSize: z.number().int().min(8).max(1024).default(224),
    /** Images whose shorter side is below this are skipped. */
    minSize: z.number().int().min(1).default(28),
  })
  .strict();

/**
 * `vision/contrastive`: two augmented views; answer `positive` when both come from the same
 * image, `negative` when from two different images. Consumes two samples per episode: the
 * second is the other image of a negative pair (and unused for a positive one), so the two
 * labels are equally likely and the pair's sources never depend on the label's position.
 */
export function contrastiveTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "Two augmented views; answer positive if they show the same image, negative if not",
    rewardId: "exact-match",
    options: contrastiveOptions,
    samplesPerEpisode: 2,
    answerSpace: () => [...ANSWERS],
    async makeEpisode({ samples, rng, seed, index }, o) {
      const first = samples[0] as ImageSample;
      const positive = rng.bool(0.5);
      const second = positive ? first : (samples[1] as ImageSample);
      for (const s of [first, second]) {
        if (Math.min(s.image.width, s.image.height) < o.minSize) throw new SampleSkipped(`image smaller than ${o.minSize} px (contrastive)`);
      }
      const recipe = o.strength === "strong" ? STRONG_VIEW_RECIPE : DEFAULT_VIEW_RECIPE;
      const a = drawAugmentation(rng.fork("view-1"), first.image.width, first.image.height, recipe);
      const b = drawAugmentation(rng.fork("view-2"), second.image.width, second.image.height, recipe);

      const render = async (target: ViewTarget) => {
        const side = target === "tensor" ? settings.tensorSize : Math.min(o.viewSize, settings.maxImageSide);
        return Promise.all([applyAugmentation(first.image, a, side, side, target), applyAugmentation(second.image, b, side, side, target)]);
      };

      const question =
        `Were these two views made from the same photo? Each is a randomly cropped, flipped, recoloured or blurred version of a photo. ` +
        `Say positive if they come from the same photo, negative if they come from two different photos.\n` +
        `View 1: ${IMAGE_PLACEHOLDER}\nView 2: ${IMAGE_PLACEHOLDER}\n` +
        answerInstruction("exactly one word: positive or negative", "positive");
      const answer = positive ? "positive" : "negative";
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question,
          answer,
          answerIndex: positive ? 0 : 1,
          metadata: {
            seed,
            index,
            sources: [first.id, second.id],
            strength: o.strength,
            views: [a as unknown as JsonObject, b as unknown as JsonObject],
          },
        },
        render,
      );
    },
  });
}
