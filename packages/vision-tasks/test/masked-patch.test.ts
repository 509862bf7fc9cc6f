import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutTiles, renderSyntheticScene, resizeArea } from "../src/index.js";
import { decodePromptImage, makeEpisodes, tensorToRgb } from "./make-episodes.js";

describe("vision/masked-patch", () => {
  it("the right letter is the true patch; the hole is grey", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom("same-image", "other-image", "mixed"), async (seed, distractors) => {
        const { episodes } = await makeEpisodes("vision/masked-patch", { count: 2, seed, source: "synthetic?size=128&count=4", options: { distractors }, plugin: { promptImages: false } });
        for (const [i, e] of episodes.entries()) {
          const g = 3;
          const k = e.answer.charCodeAt(0) - 65;
          expect(e.answerIndex).toBe(k);
          expect(e.observation.images).toHaveLength(1 + 4);
          const main = await renderSyntheticScene(seed, 2 * i, 128);
          const cells = cutTiles(resizeArea(main.image, 32 * g, 32 * g, { left: 0, top: 0, width: 42 * g, height: 42 * g }), g);
          const masked = e.metadata.maskedCell as number;
          const candidates = e.observation.images.slice(1).map(tensorToRgb);
          expect(Buffer.from(candidates[k]!.data).equals(Buffer.from(cells[masked]!.data))).toBe(true);
          const sources = (e.metadata.candidates as { source: string; cell: number }[]).map((c) => `${c.source}#${c.cell}`);
          expect(new Set(sources).size).toBe(4);
          if (distractors === "same-image") expect(sources.every((s) => s.startsWith(`${main.id}#`))).toBe(true);
          if (distractors === "other-image") expect(sources.filter((s) => s.startsWith(`${main.id}#`))).toHaveLength(1);
        }
      }),
      { numRuns: 4 },
    );
    // The hole, checked on a prompt image at full size: one cell of exactly 128 grey.
    const { episodes } = await makeEpisodes("vision/masked-patch", { count: 1, seed: 5, plugin: { imageFormat: "png" } });
    const e = episodes[0]!;
    expect(e.prompt.images).toHaveLength(5);
    expect(e.prompt.images.slice(1).every((p) => p.width === 42 && p.height === 42)).toBe(true);
    const hole = await decodePromptImage(e.prompt.images[0]!.bytes);
    const cell = e.metadata.maskedCell as number;
    const [left, top] = [(cell % 3) * 42, Math.floor(cell / 3) * 42];
    for (let y = top; y < top + 42; y++) {
      for (let x = left; x < left + 42; x++) expect(hole.data[(y * hole.width + x) * 3]).toBe(128);
    }
  });

  it("rejects more candidates than cells with a clear config error", async () => {
    await expect(makeEpisodes("vision/masked-patch", { count: 1, options: { grid: 2, candidates: 5 } })).rejects.toThrow(/candidates.*at most grid×grid/);
  });

  it("skips images whose cells are under 28 px, counted", async () => {
    const { episodes, skips } = await makeEpisodes("vision/masked-patch", { count: 1, source: "synthetic?size=64&count=4" });
    expect(episodes).toHaveLength(0);
    expect(skips.byReason()).toEqual({ "masked-patch cell smaller than 28 px": 2 });
  });
});
