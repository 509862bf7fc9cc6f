import { defineTask, IMAGE_PLACEHOLDER, SampleSkipped, z } from "@ssl4rl/core";
import { answerInstruction } from "./answer-instruction.js";
import { imageEpisode, type ViewTarget } from "./image-episode.js";
import { rgbImage, type ImageSample, type RgbImage } from "./image-sample.js";
import { fitInside } from "./resize-raw.js";
import { resizeView } from "./resize-view.js";
import { cropRaw } from "./crop-raw.js";
import type { VisionSettings } from "./vision-settings.js";

const ID = "vision/masked-patch";
const VERSION = "1.0.0";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Mid grey: the hole shows no colour that could match one candidate better than another. */
const MASK_VALUE = 128;

/** Options of `vision/masked-patch`. */
export const maskedPatchOptions = z
  .object({
    /** The image is cut into grid×grid cells; one of them is masked. */
    grid: z.number().int().min(2).max(8).default(3),
    /** How many candidate patches (the true one and candidates-1 distractors), labelled A, B, ... */
    candidates: z.number().int().min(2).max(26).default(4),
    /**
     * Where distractors come from: other cells of the same image (`same-image`, the harder
     * default: same colours, only continuity tells), cells of the episode's second image
     * (`other-image`), or either at random (`mixed`).
     */
    distractors: z.enum(["same-image", "other-image", "mixed"]).default("same-image"),
    /** Images whose cells would be under this many pixels on a side are skipped. */
    minCell: z.number().int().min(1).default(28),
  })
  .strict()
  .refine((o) => o.candidates <= o.grid * o.grid, { message: "at most grid×grid candidates (each distractor is a distinct cell)", path: ["candidates"] });

/**
 * `vision/masked-patch` (named in the SSL4RL abstract, never released; this design is ours):
 * one grid cell of an image is filled with grey; the policy sees the masked image and K
 * candidate patches labelled A, B, ...; the answer is the letter of the true patch. Consumes
 * two samples per episode (the second feeds `other-image` and `mixed` distractors).
 */
export function maskedPatchTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "An image with one grid cell masked and K candidate patches; answer the letter of the missing patch",
    rewardId: "exact-match",
    options: maskedPatchOptions,
    samplesPerEpisode: 2,
    answerSpace: (o) => LETTERS.slice(0, o.candidates).split(""),
    async makeEpisode({ samples, rng, seed, index }, o) {
      const main = samples[0] as ImageSample;
      const other = (samples[1] as ImageSample | undefined) ?? main;
      const g = o.grid;
      const cw = Math.floor(main.image.width / g);
      const ch = Math.floor(main.image.height / g);
      if (Math.min(cw, ch) < o.minCell) throw new SampleSkipped(`masked-patch cell smaller than ${o.minCell} px`);
      const cells = g * g;
      const masked = rng.int(cells);
      // Distractors as (image, cell) pairs, distinct, never the masked cell of the main image.
      const pool: { image: 0 | 1; cell: number }[] = [];
      for (let c = 0; c < cells; c++) {
        if (o.distractors !== "other-image" && c !== masked) pool.push({ image: 0, cell: c });
        if (o.distractors !== "same-image") pool.push({ image: 1, cell: c });
      }
      const distractors = rng.sampleDistinct(pool.length, o.candidates - 1).map((i) => pool[i]!);
      const truthAt = rng.int(o.candidates);
      const order = [...distractors];
      order.splice(truthAt, 0, { image: 0, cell: masked });

      const render = async (target: ViewTarget): Promise<RgbImage[]> => {
        const cell = target === "tensor" ? { width: settings.tensorSize, height: settings.tensorSize } : fitInside(cw, ch, settings.maxImageSide);
        const grid = await resizeView(target, main.image, cell.width * g, cell.height * g, { left: 0, top: 0, width: cw * g, height: ch * g });
        let otherGrid = grid;
        if (order.some((p) => p.image === 1)) {
          // The other image's cells are brought to the same size, so size gives nothing away.
          const ow = Math.floor(other.image.width / g) * g;
          const oh = Math.floor(other.image.height / g) * g;
          otherGrid = await resizeView(target, other.image, cell.width * g, cell.height * g, { left: 0, top: 0, width: ow, height: oh });
        }
        const hole = maskCell(grid, g, masked);
        // Only the candidates' cells are cut (the cells cutTiles would give, in reading order).
        return [hole, ...order.map((p) => gridCell(p.image === 0 ? grid : otherGrid, g, p.cell))];
      };

      const letters = LETTERS.slice(0, o.candidates).split("");
      const question =
        `The image was split into a ${g}×${g} grid and one cell was painted grey. ` +
        `Which candidate patch is the missing cell?\n` +
        `Image with a grey hole: ${IMAGE_PLACEHOLDER}\n` +
        letters.map((l) => `Candidate ${l}: ${IMAGE_PLACEHOLDER}`).join("\n") +
        `\n` +
        answerInstruction(`a single capital letter, one of ${letters.join(", ")}`, letters[Math.min(1, letters.length - 1)]!);
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question,
          answer: letters[truthAt]!,
          answerIndex: truthAt,
          metadata: {
            seed,
            index,
            source: main.id,
            ...(main.label !== undefined ? { label: main.label } : {}),
            grid: g,
            maskedCell: masked,
            candidates: order.map((p) => ({ source: p.image === 0 ? main.id : other.id, cell: p.cell })),
            distractors: o.distractors,
          },
        },
        render,
      );
    },
  });
}

/** Cell `cell` (reading order) of a g×g grid over the image, exactly as `cutTiles(image, g)[cell]`. */
function gridCell(image: RgbImage, g: number, cell: number): RgbImage {
  const cw = Math.floor(image.width / g);
  const ch = Math.floor(image.height / g);
  return cropRaw(image, { left: (cell % g) * cw, top: Math.floor(cell / g) * ch, width: cw, height: ch });
}

/** A copy of the image with one grid cell (reading order) filled with {@link MASK_VALUE}. */
function maskCell(image: RgbImage, g: number, cell: number): RgbImage {
  const out = new Uint8Array(image.data);
  const cw = Math.floor(image.width / g);
  const ch = Math.floor(image.height / g);
  const left = (cell % g) * cw;
  const top = Math.floor(cell / g) * ch;
  for (let y = top; y < top + ch; y++) out.fill(MASK_VALUE, (y * image.width + left) * 3, (y * image.width + left + cw) * 3);
  return rgbImage(out, image.width, image.height);
}
