import { describe, expect, it } from "vitest";
import { makeEpisodes } from "./make-episodes.js";

describe("vision/contrastive", () => {
  it("labels are balanced within 45-55% over 1,000 episodes; positives reuse one image, negatives two", async () => {
    const { episodes } = await makeEpisodes("vision/contrastive", {
      count: 1000,
      seed: 11,
      source: "synthetic?size=32&count=2000",
      options: { minSize: 8 },
      plugin: { promptImages: false, tensorSize: 8 },
    });
    expect(episodes).toHaveLength(1000);
    const positives = episodes.filter((e) => e.answer === "positive").length;
    expect(positives / 1000).toBeGreaterThanOrEqual(0.45);
    expect(positives / 1000).toBeLessThanOrEqual(0.55);
    for (const e of episodes) {
      const [a, b] = e.metadata.sources as string[];
      expect(e.answer === "positive").toBe(a === b);
      expect(e.answerIndex).toBe(e.answer === "positive" ? 0 : 1);
      expect(e.observation.images).toHaveLength(2);
    }
  });

  it("strong setting: smaller crops (area 8-30%) and the prompt views at viewSize", async () => {
    const { episodes } = await makeEpisodes("vision/contrastive", { count: 6, seed: 3, options: { strength: "strong", viewSize: 96 } });
    for (const e of episodes) {
      for (const view of e.metadata.views as { crop: { width: number; height: number } }[]) {
        const area = (view.crop.width * view.crop.height) / (128 * 128);
        expect(area).toBeGreaterThan(0.06);
        expect(area).toBeLessThan(0.33);
      }
      expect(e.prompt.images.map((i) => [i.width, i.height])).toEqual([[96, 96], [96, 96]]);
    }
  });
});
