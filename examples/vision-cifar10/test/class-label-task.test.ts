import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRegistry, type Episode, generateEpisodes, type ImageObservation, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { encodePromptImage, resolveVisionSettings, rgbImage, visionTasks } from "@ssl4rl/vision-tasks";
import { describe, expect, it } from "vitest";
import { CIFAR10_CLASSES, classLabelPlugin } from "../src/class-label-task.js";
import { VISION_SETTINGS } from "../src/vision-grid.js";

const SETTINGS = { tensorSize: 8, promptImages: true, imageFormat: "png", jpegQuality: 90, maxImageSide: 64, tensorImages: true } as const;

/** An image folder with one flat-coloured image per class subfolder, each colour telling its class. */
async function classFolder(classes: readonly string[]): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "class-label-"));
  for (const [i, name] of classes.entries()) {
    mkdirSync(join(root, name));
    const image = rgbImage(new Uint8Array(12 * 10 * 3).fill(20 * (i + 1)), 12, 10);
    writeFileSync(join(root, name, `${name}.png`), (await encodePromptImage(image, SETTINGS)).bytes);
  }
  return root;
}

async function episodesOf(folder: string, options: Record<string, unknown> = {}): Promise<{ episodes: Episode<ImageObservation>[]; skips: SkipCounter }> {
  const registry = createRegistry([visionTasks({ tensorSize: 8 }), classLabelPlugin(resolveVisionSettings({ tensorSize: 8 }))]);
  const task = registry.task("reference/class-label");
  const skips = new SkipCounter();
  const source = await registry.openSource(`folder:${folder}`, "vision", { seed: 1, skips });
  const episodes: Episode<ImageObservation>[] = [];
  for await (const e of generateEpisodes(task, source, { seed: 1, count: 10, options: resolveTaskOptions(task, options), skips })) episodes.push(e as Episode<ImageObservation>);
  return { episodes, skips };
}

describe("reference/class-label (the supervised reference of the vision example)", () => {
  it("answers each image's class folder, its index in the class list, one view in tensor and prompt", async () => {
    const folder = await classFolder(["cat", "dog", "ship"]);
    const { episodes, skips } = await episodesOf(folder);
    expect(skips.total).toBe(0);
    expect(episodes.map((e) => e.answer).sort()).toEqual(["cat", "dog", "ship"]);
    for (const e of episodes) {
      expect(e.answerIndex).toBe(CIFAR10_CLASSES.indexOf(e.answer as (typeof CIFAR10_CLASSES)[number]));
      expect(e.observation.images).toHaveLength(1);
      expect([e.observation.images[0]!.width, e.observation.images[0]!.height]).toEqual([8, 8]);
      // The prompt keeps the picture's shape; the tensor is the square the CNN reads.
      expect([e.prompt.images[0]!.width, e.prompt.images[0]!.height]).toEqual([12, 10]);
      // The flat colour says which folder the image came from, so the answer is that image's own class.
      const shade = Math.round(e.observation.images[0]!.data[0]! * 255);
      expect(shade).toBe(20 * (["cat", "dog", "ship"].indexOf(e.answer) + 1));
    }
  });

  it("skips and counts an image whose class is not among the task's classes", async () => {
    const folder = await classFolder(["cat", "unicorn"]);
    const { episodes, skips } = await episodesOf(folder);
    expect(episodes.map((e) => e.answer)).toEqual(["cat"]);
    expect(skips.byReason()).toEqual({ "class unicorn not among the task's classes": 1 });
  });

  it("takes another class list, answers indexed in it", async () => {
    const folder = await classFolder(["unicorn", "cat"]);
    const { episodes } = await episodesOf(folder, { classes: ["unicorn", "cat"] });
    expect(Object.fromEntries(episodes.map((e) => [e.answer, e.answerIndex]))).toEqual({ unicorn: 0, cat: 1 });
  });

  it("is the class-labels setting of the grid, chance 1/10", () => {
    const setting = VISION_SETTINGS.get("class-labels");
    expect(setting?.tasks.map((t) => t.id)).toEqual(["reference/class-label"]);
    expect(setting?.chance).toBeCloseTo(0.1, 12);
  });
});
