import { describe, expect, it } from "vitest";
import { QUADRANTS, type RgbImage } from "../src/index.js";
import { decodePromptImage, makeEpisodes } from "./make-episodes.js";

/** Every place where `part` occurs exactly in `whole` (brute force with early exit). */
function findExact(whole: RgbImage, part: RgbImage): { x: number; y: number }[] {
  const hits: { x: number; y: number }[] = [];
  for (let y = 0; y + part.height <= whole.height; y++) {
    for (let x = 0; x + part.width <= whole.width; x++) {
      let same = true;
      for (let r = 0; r < part.height && same; r++) {
        const a = ((y + r) * whole.width + x) * 3;
        const b = r * part.width * 3;
        for (let k = 0; k < part.width * 3; k++) {
          if (whole.data[a + k] !== part.data[b + k]) {
            same = false;
            break;
          }
        }
      }
      if (same) hits.push({ x, y });
    }
  }
  return hits;
}

describe("vision/position", () => {
  it("the crop is found inside the quadrant the answer names", async () => {
    const { episodes } = await makeEpisodes("vision/position", { count: 24, seed: 21 });
    const seen = new Set<string>();
    for (const e of episodes) {
      const [full, crop] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
      const q = QUADRANTS.indexOf(e.answer as (typeof QUADRANTS)[number]);
      expect(e.answerIndex).toBe(q);
      seen.add(e.answer);
      const hits = findExact(full!, crop!);
      expect(hits.length).toBeGreaterThan(0);
      const hw = Math.floor(full!.width / 2);
      const hh = Math.floor(full!.height / 2);
      // At least one exact match lies wholly inside the named quadrant.
      const inside = hits.some(
        ({ x, y }) => x >= (q % 2) * hw && x + crop!.width <= (q % 2) * hw + hw && y >= Math.floor(q / 2) * hh && y + crop!.height <= Math.floor(q / 2) * hh + hh,
      );
      expect(inside, `${e.id}: ${JSON.stringify(hits.slice(0, 3))}`).toBe(true);
      const sides = [crop!.width / hw, crop!.height / hh];
      for (const f of sides) {
        expect(f).toBeGreaterThanOrEqual(0.19);
        expect(f).toBeLessThanOrEqual(0.81);
      }
    }
    expect(seen.size).toBe(4);
  });

  it("augment=true changes the crop's pixels so exact template matching fails for most episodes", async () => {
    const { episodes } = await makeEpisodes("vision/position", { count: 12, seed: 21, options: { augment: true } });
    let found = 0;
    for (const e of episodes) {
      const [full, crop] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
      if (findExact(full!, crop!).length > 0) found++;
    }
    expect(found).toBeLessThan(6);
  });

  it("skips images under 56 px, counted", async () => {
    const { episodes, skips } = await makeEpisodes("vision/position", { count: 1, source: "synthetic?size=50&count=2" });
    expect(episodes).toHaveLength(0);
    expect(skips.byReason()).toEqual({ "image smaller than 56 px (position)": 2 });
  });
});
