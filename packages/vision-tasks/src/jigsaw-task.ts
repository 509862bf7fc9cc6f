import { defineTask, IMAGE_PLACEHOLDER, SampleSkipped, z } from "@ssl4rl/core";
import { answerInstruction } from "./answer-instruction.js";
import { imageEpisode, type ViewTarget } from "./image-episode.js";
import type { ImageSample, RgbImage } from "./image-sample.js";
import { jigsawAnswer, jigsawAnswerSpace, jigsawFactoredAnswer } from "./jigsaw-answer.js";
import { fitInside } from "./resize-raw.js";
import { resizeView } from "./resize-view.js";
import { cutTiles } from "./tile-grid.js";
import type { VisionSettings } from "./vision-settings.js";

const ID = "vision/jigsaw";
const VERSION = "1.0.0";

/** Options of `vision/jigsaw`. */
export const jigsawOptions = z
  .object({
    /** Tiles per side (n×n tiles); the paper studies 2 to 6. */
    grid: z.number().int().min(2).max(6).default(2),
    /** Images whose tiles would be under this many pixels on a side are skipped (released: 28). */
    minTile: z.number().int().min(1).default(28),
  })
  .strict();

// The answer space is listed only where it is small: 2×2 has 24 orders, 3×3 already 362,880.
const SPACE_2X2 = jigsawAnswerSpace(2);
const INDEX_2X2 = new Map(SPACE_2X2.map((a, i) => [a, i]));

/**
 * `vision/jigsaw`: the n×n tiles of an image in a uniformly random order, as n² images; the
 * answer is, for each grid slot in reading order, the 1-based number of the shown tile that
 * belongs there (`3,1,4,2`). Scored with per-slot partial credit. Tiles are cut on the raw
 * buffer after one sharp resize.
 */
export function jigsawTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "The n×n tiles of an image shuffled; answer which shown tile goes in each slot (e.g. 3,1,4,2)",
    rewardId: "slot-match",
    options: jigsawOptions,
    answerSpace: (o) => (o.grid === 2 ? SPACE_2X2 : undefined),
    factoredAnswer: (o) => jigsawFactoredAnswer(o.grid),
    async makeEpisode({ samples, rng, seed, index }, o) {
      const sample = samples[0] as ImageSample;
      const n = o.grid;
      const tw = Math.floor(sample.image.width / n);
      const th = Math.floor(sample.image.height / n);
      if (Math.min(tw, th) < o.minTile) throw new SampleSkipped(`jigsaw tile smaller than ${o.minTile} px`);
      const shown = rng.permutation(n * n);
      const answer = jigsawAnswer(shown);
      const area = { left: 0, top: 0, width: tw * n, height: th * n };

      const render = async (target: ViewTarget): Promise<RgbImage[]> => {
        const tile = target === "tensor" ? { width: settings.tensorSize, height: settings.tensorSize } : fitInside(tw, th, settings.maxImageSide);
        const grid = await resizeView(target, sample.image, tile.width * n, tile.height * n, area);
        const tiles = cutTiles(grid, n);
        return shown.map((slot) => tiles[slot]!);
      };

      const count = n * n;
      const lines = shown.map((_, j) => `Tile ${j + 1}: ${IMAGE_PLACEHOLDER}`).join("\n");
      const example = Array.from({ length: count }, (_, i) => String(((i + 1) % count) + 1)).join(",");
      const question =
        `These ${count} tiles were cut from one image along a ${n}×${n} grid and are shown in a random order. ` +
        `Put them back: for each grid position in reading order (left to right, then top to bottom), ` +
        `say which tile belongs there.\n` +
        `${lines}\n` +
        answerInstruction(`${count} tile numbers (1 to ${count}) separated by commas, without spaces, one per grid position in reading order`, example);
      const answerIndex = n === 2 ? INDEX_2X2.get(answer) : undefined;
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question,
          answer,
          ...(answerIndex !== undefined ? { answerIndex } : {}),
          metadata: { seed, index, source: sample.id, ...(sample.label !== undefined ? { label: sample.label } : {}), grid: n, shownSlots: shown },
        },
        render,
      );
    },
  });
}
