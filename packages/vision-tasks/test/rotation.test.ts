import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createRegistry, type Episode, generateEpisodes, type ImageObservation, repeatSamples, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { flipHorizontal, type ImageSample, resizeArea, rgbImage, rotateQuarterTurns, rotationAngles, visionTasks } from "../src/index.js";
import { decodePromptImage, makeEpisodes, meanAbsDiff, tensorToRgb } from "./make-episodes.js";

describe("vision/rotation", () => {
  it("undoing the turn by the answer restores the original, exactly (tensor and PNG prompt)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), async (seed) => {
        const { episodes } = await makeEpisodes("vision/rotation", { count: 3, seed, source: "synthetic?size=96" });
        for (const e of episodes) {
          const turns = Number(e.answer) / 90;
          const [t0, t1] = e.observation.images.map(tensorToRgb);
          expect(Buffer.from(rotateQuarterTurns(t1!, -turns).data).equals(Buffer.from(t0!.data))).toBe(true);
          const [p0, p1] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
          expect(Buffer.from(rotateQuarterTurns(p1!, -turns).data).equals(Buffer.from(p0!.data))).toBe(true);
          expect(e.answerIndex).toBe(turns);
        }
      }),
      { numRuns: 5 },
    );
  });

  it("a turn by 0 shows the same PNG bytes twice, each image with its own buffer", async () => {
    const { episodes } = await makeEpisodes("vision/rotation", { count: 16, seed: 9, source: "synthetic?size=64" });
    const unturned = episodes.filter((e) => e.answer === "0");
    expect(unturned.length).toBeGreaterThan(0);
    for (const e of unturned) {
      const [a, b] = e.prompt.images;
      expect(Buffer.from(a!.bytes).equals(Buffer.from(b!.bytes))).toBe(true);
      expect(a!.bytes.buffer).not.toBe(b!.bytes.buffer);
      expect([b!.width, b!.height, b!.mimeType]).toEqual([a!.width, a!.height, a!.mimeType]);
    }
  });

  it("within JPEG tolerance when prompt images are JPEG", async () => {
    const { episodes } = await makeEpisodes("vision/rotation", { count: 6, seed: 4, plugin: { imageFormat: "jpeg" } });
    for (const e of episodes) {
      expect(e.prompt.images[0]!.mimeType).toBe("image/jpeg");
      const [p0, p1] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
      expect(meanAbsDiff(rotateQuarterTurns(p1!, -Number(e.answer) / 90), p0!)).toBeLessThan(4);
    }
  });

  it.each([45, 30])("granularity %i: answers are multiples, turning back matches the original closely", async (granularity) => {
    const { episodes } = await makeEpisodes("vision/rotation", { count: 8, seed: 2, options: { granularity } });
    const space = rotationAngles(granularity);
    expect(space).toHaveLength(360 / granularity);
    for (const e of episodes) {
      expect(space[e.answerIndex!]).toBe(e.answer);
      const [p0, p1] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
      // Shortcut-free: both views have the same size whatever the angle.
      expect([p1!.width, p1!.height]).toEqual([p0!.width, p0!.height]);
      const back = await sharp(p1!.data, { raw: { width: p1!.width, height: p1!.height, channels: 3 } }).rotate(Number(e.answer)).raw().toBuffer({ resolveWithObject: true });
      // Compare the central half, which stays inside the picture at any angle.
      const side = Math.floor(p0!.width / 2);
      const centre = (img: { data: Uint8Array; width: number; height: number }) => {
        const l = Math.floor((img.width - side) / 2);
        const t = Math.floor((img.height - side) / 2);
        const out = new Uint8Array(side * side * 3);
        for (let y = 0; y < side; y++) out.set(img.data.subarray(((t + y) * img.width + l) * 3, ((t + y) * img.width + l + side) * 3), y * side * 3);
        return rgbImage(out, side, side);
      };
      const turned = centre({ data: new Uint8Array(back.data), width: back.info.width, height: back.info.height });
      expect(meanAbsDiff(turned, centre(p0!))).toBeLessThan(12);
    }
  });

  it("crop=inscribed keeps the released builder's shape leak: a quarter turn swaps width and height", async () => {
    const { episodes } = await makeEpisodes("vision/rotation", { count: 12, seed: 5, source: "synthetic?size=96", options: { crop: "inscribed" } });
    let quarter = 0;
    for (const e of episodes) {
      const [a, b] = e.prompt.images;
      if (e.answer === "90" || e.answer === "270") {
        quarter++;
        expect([b!.width, b!.height]).toEqual([a!.height, a!.width]);
      }
    }
    expect(quarter).toBeGreaterThan(0);
  });

  it.each([90, 45])("original=hidden (granularity %i) shows only the turned view: the shown form's second image, same angle", async (granularity) => {
    const shown = await makeEpisodes("vision/rotation", { count: 8, seed: 6, options: { granularity } });
    const hidden = await makeEpisodes("vision/rotation", { count: 8, seed: 6, options: { granularity, original: "hidden" } });
    expect(hidden.episodes.map((e) => e.answer)).toEqual(shown.episodes.map((e) => e.answer));
    expect(new Set(hidden.episodes.map((e) => e.answer)).size).toBeGreaterThan(1);
    hidden.episodes.forEach((e, i) => {
      const twin = shown.episodes[i]!;
      expect(e.observation.images).toHaveLength(1);
      expect(e.prompt.images).toHaveLength(1);
      expect(e.prompt.messages[0]!.content.split("<image>")).toHaveLength(2);
      expect(Buffer.from(tensorToRgb(e.observation.images[0]!).data).equals(Buffer.from(tensorToRgb(twin.observation.images[1]!).data))).toBe(true);
      expect(Buffer.from(e.prompt.images[0]!.bytes).equals(Buffer.from(twin.prompt.images[1]!.bytes))).toBe(true);
      expect(e.metadata.original).toBe("hidden");
      expect(twin.metadata.original).toBeUndefined();
    });
  });

  it("turns=cycle over a source repeating each image four times gives every turn of each image in a row, each undoing to the same picture", async () => {
    const registry = createRegistry([visionTasks()]);
    const task = registry.task("vision/rotation");
    const skips = new SkipCounter();
    const source = repeatSamples(await registry.openSource("synthetic?size=64", "vision", { seed: 3, skips }), 4);
    const episodes: Episode<ImageObservation>[] = [];
    const options = resolveTaskOptions(task, { original: "hidden", turns: "cycle" });
    for await (const e of generateEpisodes(task, source, { seed: 3, count: 12, options, skips })) episodes.push(e as Episode<ImageObservation>);
    expect(episodes.map((e) => e.answer)).toEqual(["0", "90", "180", "270", "0", "90", "180", "270", "0", "90", "180", "270"]);
    for (let image = 0; image < 3; image++) {
      const upright = episodes.slice(4 * image, 4 * image + 4).map((e) => rotateQuarterTurns(tensorToRgb(e.observation.images[0]!), -Number(e.answer) / 90));
      for (const u of upright.slice(1)) expect(Buffer.from(u.data).equals(Buffer.from(upright[0]!.data))).toBe(true);
    }
    // Different images in each group of four; the default draws its turns instead.
    expect(Buffer.from(episodes[0]!.observation.images[0]!.data).equals(Buffer.from(episodes[4]!.observation.images[0]!.data))).toBe(false);
    const drawn = await makeEpisodes("vision/rotation", { count: 12, seed: 3, options: { original: "hidden" } });
    expect(drawn.episodes.map((e) => e.answer)).not.toEqual(episodes.map((e) => e.answer));
  });

  it("augment: the upright view is a 75-100% square of the picture, anywhere in it, mirrored about half the time; the answer still undoes the turn", async () => {
    const spec = "synthetic?size=64&count=40";
    const pictures = await sourcePictures(spec, 8);
    const { episodes } = await makeEpisodes("vision/rotation", { count: 40, seed: 8, source: spec, options: { augment: true } });
    expect(episodes).toHaveLength(40);
    const sides = new Set<number>();
    let flipped = 0;
    episodes.forEach((e, i) => {
      const { crop, flip } = e.metadata.augment as { crop: { left: number; top: number; width: number; height: number }; flip: boolean };
      expect(crop.width).toBe(crop.height);
      expect(crop.width).toBeGreaterThanOrEqual(48);
      expect(crop.width).toBeLessThanOrEqual(64);
      expect(crop.left + crop.width).toBeLessThanOrEqual(64);
      expect(crop.top + crop.height).toBeLessThanOrEqual(64);
      sides.add(crop.width);
      if (flip) flipped++;
      const cut = resizeArea(pictures[i]!.image, 32, 32, crop);
      const expected = flip ? flipHorizontal(cut) : cut;
      const [t0, t1] = e.observation.images.map(tensorToRgb);
      expect(Buffer.from(t0!.data).equals(Buffer.from(expected.data))).toBe(true);
      expect(Buffer.from(rotateQuarterTurns(t1!, -Number(e.answer) / 90).data).equals(Buffer.from(t0!.data))).toBe(true);
    });
    expect(sides.size).toBeGreaterThan(3);
    expect(flipped).toBeGreaterThan(8);
    expect(flipped).toBeLessThan(32);
    // Without the option no view is cropped or mirrored, and the same seed draws the same turns.
    const plain = await makeEpisodes("vision/rotation", { count: 40, seed: 8, source: spec });
    expect(plain.episodes.map((e) => e.answer)).toEqual(episodes.map((e) => e.answer));
    expect(plain.episodes.every((e) => e.metadata.augment === undefined)).toBe(true);
  });

  it("augment with crop=inscribed mirrors the whole picture (no square is cut) and names no crop", async () => {
    const spec = "synthetic?size=64&count=12";
    const pictures = await sourcePictures(spec, 4);
    const { episodes } = await makeEpisodes("vision/rotation", { count: 12, seed: 4, source: spec, options: { augment: true, crop: "inscribed" } });
    expect(episodes).toHaveLength(12);
    const flips = episodes.map((e, i) => {
      const { crop, flip } = e.metadata.augment as { crop: unknown; flip: boolean };
      expect(crop).toBeNull();
      const whole = resizeArea(pictures[i]!.image, 32, 32);
      const original = tensorToRgb(e.observation.images[0]!);
      expect(Buffer.from(original.data).equals(Buffer.from((flip ? flipHorizontal(whole) : whole).data))).toBe(true);
      return flip;
    });
    expect(new Set(flips).size).toBe(2);
  });

  it("rejects an unknown original mode, naming the field", async () => {
    await expect(makeEpisodes("vision/rotation", { count: 1, options: { original: "both" } })).rejects.toThrow(/original/);
  });

  it("skips images under the 28 px threshold, counted", async () => {
    const { episodes, skips } = await makeEpisodes("vision/rotation", { count: 2, source: "synthetic?size=20&count=3" });
    expect(episodes).toHaveLength(0);
    expect(skips.byReason()).toEqual({ "image smaller than 28 px (rotation)": 3 });
  });
});

/** The pictures a source spec yields for a seed, in the order episodes take them. */
async function sourcePictures(spec: string, seed: number): Promise<ImageSample[]> {
  const registry = createRegistry([visionTasks()]);
  const pictures: ImageSample[] = [];
  for await (const s of (await registry.openSource(spec, "vision", { seed, skips: new SkipCounter() })).samples()) pictures.push(s as ImageSample);
  return pictures;
}
