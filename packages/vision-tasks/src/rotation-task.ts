import { defineTask, IMAGE_PLACEHOLDER, type Random, SampleSkipped, z } from "@ssl4rl/core";
import sharp from "sharp";
import { answerInstruction } from "./answer-instruction.js";
import { cropRaw, type PixelRect } from "./crop-raw.js";
import { flipHorizontal } from "./flip-horizontal.js";
import { imageEpisode, type ViewTarget } from "./image-episode.js";
import { rgbImage, type ImageSample, type RgbImage } from "./image-sample.js";
import { inscribedRectangle } from "./inscribed-rectangle.js";
import { fitInside } from "./resize-raw.js";
import { resizeView } from "./resize-view.js";
import { rotateQuarterTurns } from "./rotate-quarter-turns.js";
import type { VisionSettings } from "./vision-settings.js";

const ID = "vision/rotation";
const VERSION = "1.2.0";

/** Options of `vision/rotation`. */
export const rotationOptions = z
  .object({
    /** Angle step in degrees; the answers are 0, g, 2g, ... below 360. */
    granularity: z
      .number()
      .int()
      .min(1)
      .max(180)
      .refine((g) => 360 % g === 0, "a whole divisor of 360 such as 90, 45 or 30")
      .default(90),
    /**
     * `square`: a centre square is cut before rotating, so the shape of the rotated image
     * says nothing about the angle (shortcut-free, the default). `inscribed`: the whole image
     * is rotated and the largest axis-aligned rectangle inside it is kept, as the released
     * builder does (a 90° turn of a non-square image then swaps width and height).
     */
    crop: z.enum(["square", "inscribed"]).default("square"),
    /**
     * `shown` (the released form): the original and the turned copy, so the angle can be read
     * by matching the two. `hidden`: the turned copy alone, so the angle must be read from what
     * upright images look like (sky above, faces the right way up), as in rotation-prediction
     * pretraining of CNNs.
     */
    original: z.enum(["shown", "hidden"]).default("shown"),
    /**
     * `random`: each episode draws its turn. `cycle`: episode i of a pass takes turn
     * i mod (360 / granularity), so a source that yields each image that many times in a row
     * (core's `repeatSamples`) puts every turn of an image side by side in one batch, as
     * rotation-prediction pretraining feeds them.
     */
    turns: z.enum(["random", "cycle"]).default("random"),
    /**
     * Augments the picture before it is turned, the way rotation-prediction pretraining of CNNs
     * does: a random square of 75 to 100% of the shorter side, anywhere in the image (with
     * `crop: "square"`; `inscribed` keeps the whole image), mirrored left to right half the time.
     * Neither changes which way is up, so the answer stays the angle.
     */
    augment: z.boolean().default(false),
    /** Images whose shorter side is below this are skipped (released threshold: 28 px). */
    minSize: z.number().int().min(1).default(28),
  })
  .strict();

/** Angles as answer strings for a granularity: `["0", "90", "180", "270"]` for 90. */
export function rotationAngles(granularity: number): string[] {
  return Array.from({ length: 360 / granularity }, (_, k) => String(k * granularity));
}

/** Rotates counter-clockwise by any angle through sharp (the canvas grows to hold the result; corners black). */
async function rotateAnyAngle(image: RgbImage, degrees: number): Promise<RgbImage> {
  // sharp turns clockwise for positive angles; the task's answers are counter-clockwise.
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(360 - degrees, { background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rgbImage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
}

function centred(image: RgbImage, width: number, height: number): RgbImage {
  const w = Math.max(1, Math.min(image.width, Math.floor(width)));
  const h = Math.max(1, Math.min(image.height, Math.floor(height)));
  return cropRaw(image, { left: Math.floor((image.width - w) / 2), top: Math.floor((image.height - h) / 2), width: w, height: h });
}

/**
 * `vision/rotation`: the original image and a copy turned counter-clockwise by a multiple of
 * the granularity (with `original: "hidden"`, the copy alone); the answer is the angle (`0`, `90`, ...). Quarter turns run on the raw
 * buffer; other angles go through sharp.
 */
export function rotationTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "Original image and a copy rotated counter-clockwise (or the copy alone); answer the angle (0, 90, 180, 270 by default)",
    rewardId: "exact-match",
    options: rotationOptions,
    answerSpace: (o) => rotationAngles(o.granularity),
    async makeEpisode({ samples, rng, seed, index }, o) {
      const sample = samples[0] as ImageSample;
      const { width: w, height: h } = sample.image;
      if (Math.min(w, h) < o.minSize) throw new SampleSkipped(`image smaller than ${o.minSize} px (rotation)`);
      const steps = 360 / o.granularity;
      const drawn = rng.int(steps);
      const k = o.turns === "cycle" ? index % steps : drawn;
      const angle = k * o.granularity;
      // With only quarter turns possible, the whole square (or image) can be shown; with finer
      // steps every view is cut from the disc that any rotation keeps, so scale leaks nothing.
      const quarterOnly = o.granularity % 90 === 0;
      const ts = settings.tensorSize;
      const { rect, flip } = o.augment ? augmentation(w, h, rng) : { rect: centreSquare(w, h), flip: false };
      const mirrored = (image: RgbImage): RgbImage => (flip ? flipHorizontal(image) : image);

      const render = async (target: ViewTarget): Promise<RgbImage[]> => {
        const views = await renderBoth(target);
        return o.original === "shown" ? views : views.slice(1);
      };
      const renderBoth = async (target: ViewTarget): Promise<RgbImage[]> => {
        if (o.crop === "square") {
          const s = rect.width;
          if (quarterOnly) {
            const side = target === "tensor" ? ts : Math.min(s, settings.maxImageSide);
            const square = mirrored(await resizeView(target, sample.image, side, side, rect));
            return [square, rotateQuarterTurns(square, angle / 90)];
          }
          const side = target === "tensor" ? Math.min(s, 2 * ts) : Math.min(s, Math.ceil(settings.maxImageSide * Math.SQRT2));
          const square = mirrored(await resizeView(target, sample.image, side, side, rect));
          const inner = Math.floor(side / Math.SQRT2);
          const rotated = angle % 90 === 0 ? rotateQuarterTurns(square, angle / 90) : await rotateAnyAngle(square, angle);
          return [centred(square, inner, inner), centred(rotated, inner, inner)];
        }
        const fit = target === "tensor" ? { width: ts, height: ts } : fitInside(w, h, settings.maxImageSide);
        const original = mirrored(await resizeView(target, sample.image, fit.width, fit.height));
        if (angle % 90 === 0) return [original, rotateQuarterTurns(original, angle / 90)];
        // Rotate at a working size above the tensor size, so the crop still has detail.
        const work = target === "tensor" ? mirrored(await resizeView(target, sample.image, ...sizePair(fitInside(w, h, 4 * ts)))) : original;
        const rotated = await rotateAnyAngle(work, angle);
        const keep = inscribedRectangle(work.width, work.height, angle);
        return [original, centred(rotated, keep.width, keep.height)];
      };

      const list = rotationAngles(o.granularity).join(", ");
      const ask =
        o.original === "shown"
          ? `Image 2 is image 1 turned counter-clockwise by one of these angles in degrees: ${list} (0 means not turned). ` +
            `Which angle turns image 1 into image 2?\n` +
            `Image 1: ${IMAGE_PLACEHOLDER}\nImage 2: ${IMAGE_PLACEHOLDER}\n`
          : `This picture was turned counter-clockwise from its upright position by one of these angles in degrees: ${list} ` +
            `(0 means it is upright). By which angle was it turned?\n${IMAGE_PLACEHOLDER}\n`;
      const question =
        ask +
        answerInstruction(`the angle in degrees as a bare integer, one of ${list} (no degree sign, no words)`, String(o.granularity));
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question,
          answer: String(angle),
          answerIndex: k,
          metadata: {
            seed,
            index,
            source: sample.id,
            ...(sample.label !== undefined ? { label: sample.label } : {}),
            angle,
            granularity: o.granularity,
            crop: o.crop,
            ...(o.original === "hidden" ? { original: "hidden" } : {}),
            ...(o.augment ? { augment: { crop: o.crop === "square" ? { ...rect } : null, flip } } : {}),
          },
        },
        render,
      );
    },
  });
}

/** The centre square of a w × h image (the view without augmentation). */
function centreSquare(w: number, h: number): PixelRect {
  const s = Math.min(w, h);
  return { left: Math.floor((w - s) / 2), top: Math.floor((h - s) / 2), width: s, height: s };
}

/** A random square of 75 to 100% of the shorter side at a random place, and whether to mirror it. */
function augmentation(w: number, h: number, rng: Random): { rect: PixelRect; flip: boolean } {
  const s = Math.min(w, h);
  const smallest = Math.max(1, Math.ceil(0.75 * s));
  const side = smallest + rng.int(s - smallest + 1);
  const rect = { left: rng.int(w - side + 1), top: rng.int(h - side + 1), width: side, height: side };
  return { rect, flip: rng.bool(0.5) };
}

function sizePair(size: { width: number; height: number }): [number, number] {
  return [size.width, size.height];
}
