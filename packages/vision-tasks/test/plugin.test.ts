import { BadConfigError, createRegistry, IMAGE_PLACEHOLDER, isPlugin } from "@ssl4rl/core";
import { describe, expect, it } from "vitest";
import visionTasksDefault, { type ImageSample, renderSyntheticScene, sampleToTensor, visionTasks } from "../src/index.js";
import { makeEpisodes } from "./make-episodes.js";

const TASKS: readonly [string, number][] = [
  ["vision/rotation", 2],
  ["vision/jigsaw", 4],
  ["vision/contrastive", 2],
  ["vision/position", 2],
  ["vision/masked-patch", 5],
];

describe("visionTasks plugin", () => {
  it("is the default and a named export; registers five tasks and six image sources", () => {
    expect(visionTasksDefault).toBe(visionTasks);
    const plugin = visionTasks();
    expect(isPlugin(plugin)).toBe(true);
    expect(plugin.name).toBe("@ssl4rl/vision-tasks");
    const registry = createRegistry([plugin]);
    expect(registry.tasks().map((t) => t.item.id)).toEqual(["vision/contrastive", "vision/jigsaw", "vision/masked-patch", "vision/position", "vision/rotation"]);
    expect(registry.sources().map((s) => s.item.kind).sort()).toEqual(["cifar10", "cifar100", "csv", "folder", "mnist", "synthetic"]);
    expect(registry.rewardFor("vision/jigsaw").id).toBe("slot-match");
    expect(registry.rewardFor("vision/rotation").id).toBe("exact-match");
  });

  it("rejects bad plugin options with a BadConfigError naming the field", () => {
    expect(() => visionTasks({ tensorSize: 0 })).toThrow(BadConfigError);
    expect(() => visionTasks({ tensorSize: 0 })).toThrow(/tensorSize/);
    expect(() => visionTasks({ imageFormat: "gif" as "png" })).toThrow(/imageFormat/);
  });

  it.each(TASKS)("%s keeps the tensor contract: %i float32 HWC RGB images in [0,1] at tensorSize, answerIndex set", async (taskId, images) => {
    const { episodes } = await makeEpisodes(taskId, { count: 3, seed: 7, plugin: { tensorSize: 24 } });
    expect(episodes).toHaveLength(3);
    const space = createRegistry([visionTasks()]).task(taskId).answerSpace(createRegistry([visionTasks()]).task(taskId).options.parse({}));
    for (const e of episodes) {
      expect(e.observation.kind).toBe("images");
      expect(e.observation.images).toHaveLength(images);
      for (const img of e.observation.images) {
        expect(img.data).toBeInstanceOf(Float32Array);
        expect([img.width, img.height, img.channels]).toEqual([24, 24, 3]);
        expect(img.data.length).toBe(24 * 24 * 3);
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of img.data) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
      }
      expect(space![e.answerIndex!]).toBe(e.answer);
      const text = e.prompt.messages.map((m) => m.content).join("\n");
      expect(text.split(IMAGE_PLACEHOLDER).length - 1).toBe(images);
      expect(e.prompt.images).toHaveLength(images);
      expect(text).toMatch(/<think>/);
      expect(text).toMatch(/<answer>/);
      for (const p of e.prompt.images) expect(Math.max(p.width, p.height)).toBeLessThanOrEqual(512);
    }
  });

  it.each(TASKS)("%s: promptImages=false skips encoding, keeps messages and the same episode", async (taskId) => {
    const full = await makeEpisodes(taskId, { count: 2, seed: 3 });
    const lean = await makeEpisodes(taskId, { count: 2, seed: 3, plugin: { promptImages: false } });
    for (const [i, e] of lean.episodes.entries()) {
      expect(e.prompt.images).toHaveLength(0);
      expect(e.prompt.messages).toEqual(full.episodes[i]!.prompt.messages);
      expect(e.answer).toBe(full.episodes[i]!.answer);
      expect(Buffer.from(e.observation.images[0]!.data.buffer).equals(Buffer.from(full.episodes[i]!.observation.images[0]!.data.buffer))).toBe(true);
    }
    const text = await makeEpisodes(taskId, { count: 1, seed: 3, plugin: { tensorImages: false } });
    expect(text.episodes[0]!.observation.images).toHaveLength(0);
    expect(text.episodes[0]!.prompt.images.length).toBeGreaterThan(0);
  });

  it.each(TASKS)("%s is deterministic: the same seed gives the same bytes", async (taskId) => {
    const a = await makeEpisodes(taskId, { count: 2, seed: "same" });
    const b = await makeEpisodes(taskId, { count: 2, seed: "same" });
    for (const [i, e] of a.episodes.entries()) {
      const f = b.episodes[i]!;
      expect(f.id).toBe(e.id);
      expect(f.answer).toBe(e.answer);
      expect(f.metadata).toEqual(e.metadata);
      e.prompt.images.forEach((img, k) => expect(Buffer.from(img.bytes).equals(Buffer.from(f.prompt.images[k]!.bytes))).toBe(true));
    }
  });

  it("sampleToTensor gives the same tensor layout as the observations", async () => {
    const sample: ImageSample = await renderSyntheticScene(1, 0, 64);
    const t = await sampleToTensor(sample, 32);
    expect([t.width, t.height, t.channels, t.data.length]).toEqual([32, 32, 3, 32 * 32 * 3]);
    expect(t.data).toBeInstanceOf(Float32Array);
  });
});
