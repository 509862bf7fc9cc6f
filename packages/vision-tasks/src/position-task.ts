import { defineTask, IMAGE_PLACEHOLDER, type JsonObject, SampleSkipped, z } from "@ssl4rl/core";
import { answerInstruction } from "./answer-instruction.js";
import { cropRaw } from "./crop-raw.js";
import { imageEpisode, type ViewTarget } from "./image-episode.js";
import type { ImageSample, RgbImage } from "./image-sample.js";
import { fitInside } from "./resize-raw.js";
import { resizeView } from "./resize-view.js";
import { applyAugmentation, drawAugmentation, POSITION_CROP_RECIPE } from "./view-augmentation.js";
import type { VisionSettings } from "./vision-settings.js";

const ID = "vision/position";
const VERSION = "1.0.0";

/** The four answers, in answer-index order (reading order of the quadrants). */
export const QUADRANTS = ["top-left", "top-right", "bottom-left", "bottom-right"] as const;

/** Options of `vision/position`. */
export const positionOptions = z
  .object({
    /**
     * Recolour, blur, solarize or equalize the crop so that exact template matching cannot
     * find it (the shortcut-free variant). Geometry is never changed: no flip, no re-crop.
     */
    augment: z.boolean().default(false),
    /** Smallest crop fraction of the quadrant's width and height. */
    minFraction: z.number().gt(0).max(1).default(0.2),
    /** Largest crop fraction of the quadrant's width and height. */
    maxFraction: z.number().gt(0).max(1).default(0.8),
    /** Images whose shorter side is below this are skipped (released threshold: 56 px). */
    minSize: z.number().int().min(2).default(56),
  })
  .strict()
  .refine((o) => o.minFraction <= o.maxFraction, { message: "minFraction at most maxFraction", path: ["minFraction"] });

/**
 * `vision/position`: the full image and a crop (20-80% of a quadrant's width and height, at a
 * random offset inside that quadrant); answer the quadrant: `top-left`, `top-right`,
 * `bottom-left` or `bottom-right`.
 */
export function positionTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "A full image and a crop from one of its quadrants; answer top-left, top-right, bottom-left or bottom-right",
    rewardId: "exact-match",
    options: positionOptions,
    answerSpace: () => [...QUADRANTS],
    async makeEpisode({ samples, rng, seed, index }, o) {
      const sample = samples[0] as ImageSample;
      const { width: w, height: h } = sample.image;
      if (Math.min(w, h) < o.minSize) throw new SampleSkipped(`image smaller than ${o.minSize} px (position)`);
      const q = rng.int(4);
      const qw = Math.floor(w / 2);
      const qh = Math.floor(h / 2);
      const cw = Math.max(1, Math.round(qw * rng.uniform(o.minFraction, o.maxFraction)));
      const ch = Math.max(1, Math.round(qh * rng.uniform(o.minFraction, o.maxFraction)));
      const crop = {
        left: (q % 2) * qw + rng.int(qw - cw + 1),
        top: Math.floor(q / 2) * qh + rng.int(qh - ch + 1),
        width: cw,
        height: ch,
      };
      const colour = o.augment ? drawAugmentation(rng.fork("crop-colour"), cw, ch, POSITION_CROP_RECIPE) : undefined;

      const render = async (target: ViewTarget): Promise<RgbImage[]> => {
        const fullSize = target === "tensor" ? { width: settings.tensorSize, height: settings.tensorSize } : fitInside(w, h, settings.maxImageSide);
        const cropSize = target === "tensor" ? { width: settings.tensorSize, height: settings.tensorSize } : fitInside(cw, ch, settings.maxImageSide);
        const full = await resizeView(target, sample.image, fullSize.width, fullSize.height);
        let part: RgbImage;
        if (colour) {
          // The drawn crop rectangle replaces the recipe's whole-image "crop".
          part = await applyAugmentation(sample.image, { ...colour, crop }, cropSize.width, cropSize.height, target);
        } else if (cropSize.width === cw && cropSize.height === ch) {
          part = cropRaw(sample.image, crop);
        } else {
          part = await resizeView(target, sample.image, cropSize.width, cropSize.height, crop);
        }
        return [full, part];
      };

      const question =
        `The crop was cut from inside one quarter of the full image (split in half across and down). ` +
        `Which quarter does it come from?\n` +
        `Full image: ${IMAGE_PLACEHOLDER}\nCrop: ${IMAGE_PLACEHOLDER}\n` +
        answerInstruction("exactly one of: top-left, top-right, bottom-left, bottom-right", "bottom-left");
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question,
          answer: QUADRANTS[q]!,
          answerIndex: q,
          metadata: {
            seed,
            index,
            source: sample.id,
            ...(sample.label !== undefined ? { label: sample.label } : {}),
            crop: { ...crop },
            augment: o.augment,
            ...(colour ? { colour: colour as unknown as JsonObject } : {}),
          },
        },
        render,
      );
    },
  });
}
