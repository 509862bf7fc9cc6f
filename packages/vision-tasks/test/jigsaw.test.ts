import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleTiles, cutTiles, jigsawAnswer, jigsawAnswerSpace, jigsawFactoredAnswer, renderSyntheticScene, resizeArea } from "../src/index.js";
import { decodePromptImage, makeEpisodes, tensorToRgb } from "./make-episodes.js";

describe("jigsaw answers", () => {
  it.each([
    [[0, 1, 2, 3], "1,2,3,4"],
    [[1, 3, 0, 2], "3,1,4,2"],
    [[3, 2, 1, 0], "4,3,2,1"],
    [[2, 0, 1], "2,3,1"],
  ])("shown slots %j give the official answer %s", (shown, answer) => {
    expect(jigsawAnswer(shown)).toBe(answer);
  });

  it("lists the 24 orders of a 2×2 grid, each once", () => {
    const space = jigsawAnswerSpace(2);
    expect(space).toHaveLength(24);
    expect(new Set(space).size).toBe(24);
    expect(space[0]).toBe("1,2,3,4");
    expect(space[23]).toBe("4,3,2,1");
  });

  it("factored answer: n² steps of n² choices, round trip on valid answers, undefined on invalid", () => {
    const f = jigsawFactoredAnswer(3);
    expect([f.steps, f.choicesPerStep]).toEqual([9, 9]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n * n).keys()], { minLength: n * n }))), ([n, perm]) => {
        const g = jigsawFactoredAnswer(n);
        const answer = g.toAnswer(perm);
        expect(g.toChoices(answer)).toEqual(perm);
      }),
    );
    for (const bad of ["1,2,3", "1,1,2,3", "0,1,2,3", "a,b,c,d", "1,2,3,5", "1,2,3,4,5"]) expect(jigsawFactoredAnswer(2).toChoices(bad), bad).toBeUndefined();
  });
});

describe("vision/jigsaw", () => {
  it("reassembling the shown tiles by the answer restores the image (tensor and PNG prompt)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 4 }), async (seed, grid) => {
        const { episodes } = await makeEpisodes("vision/jigsaw", { count: 2, seed, source: "synthetic?size=128&count=2", options: { grid } });
        for (const [i, e] of episodes.entries()) {
          const n = grid;
          expect(e.observation.images).toHaveLength(n * n);
          expect(e.prompt.images).toHaveLength(n * n);
          const order = e.answer.split(",").map((s) => Number(s) - 1);
          const sample = await renderSyntheticScene(seed, i, 128);
          const tile = Math.floor(128 / n);
          const ts = 32;
          const shownTensor = e.observation.images.map(tensorToRgb);
          const expectedTensor = resizeArea(sample.image, ts * n, ts * n, { left: 0, top: 0, width: tile * n, height: tile * n });
          expect(Buffer.from(assembleTiles(order.map((j) => shownTensor[j]!), n).data).equals(Buffer.from(expectedTensor.data))).toBe(true);
          const shownPrompt = await Promise.all(e.prompt.images.map((p) => decodePromptImage(p.bytes)));
          const expectedPrompt = assembleTiles(cutTiles(sample.image, n), n);
          expect(Buffer.from(assembleTiles(order.map((j) => shownPrompt[j]!), n).data).equals(Buffer.from(expectedPrompt.data))).toBe(true);
        }
      }),
      { numRuns: 4 },
    );
  });

  it("2×2 episodes carry answerIndex into the 24-answer space; 3×3 has no finite space", async () => {
    const space = jigsawAnswerSpace(2);
    const { episodes } = await makeEpisodes("vision/jigsaw", { count: 5, seed: 9, plugin: { promptImages: false } });
    for (const e of episodes) expect(space[e.answerIndex!]).toBe(e.answer);
    const three = await makeEpisodes("vision/jigsaw", { count: 2, seed: 9, options: { grid: 3 }, plugin: { promptImages: false } });
    for (const e of three.episodes) {
      expect(e.answerIndex).toBeUndefined();
      expect(e.observation.images).toHaveLength(9);
    }
  });

  it("skips images whose tiles would be under 28 px, counted", async () => {
    const { episodes, skips } = await makeEpisodes("vision/jigsaw", { count: 1, source: "synthetic?size=128&count=4", options: { grid: 5 } });
    expect(episodes).toHaveLength(0);
    expect(skips.byReason()).toEqual({ "jigsaw tile smaller than 28 px": 4 });
  });
});
