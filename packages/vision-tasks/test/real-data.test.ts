import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRegistry, SkipCounter } from "@ssl4rl/core";
import { describe, expect, it } from "vitest";
import { type ImageSample, rotateQuarterTurns, visionTasks } from "../src/index.js";
import { decodePromptImage, makeEpisodes } from "./make-episodes.js";

// Real data lives next to the repository, never inside it (see shared/datasets/README.md).
const DATA = join(import.meta.dirname, "..", "..", "..", "..", "shared", "datasets");
const PHOTOS = join(DATA, "photos");
const CIFAR_SAMPLE = join(DATA, "cifar10-jpeg", "sample", "test");
const CIFAR_CSV = join(DATA, "cifar10-jpeg", "test_labels.csv");
const MNIST = join(DATA, "mnist");

function present(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  console.log(`skipping ${what}: ${path} is absent (real data is optional; see shared/datasets/README.md)`);
  return false;
}

const registry = createRegistry([visionTasks()]);

describe.skipIf(!present(PHOTOS, "real photograph tests"))("on real photographs", () => {
  it.each(["vision/rotation", "vision/jigsaw", "vision/contrastive", "vision/position", "vision/masked-patch"])("%s makes episodes from the Kodak and scikit-image photos", async (taskId) => {
    const { episodes, skips } = await makeEpisodes(taskId, { count: 3, seed: 1, source: `folder:${PHOTOS}?shuffle=1&limit=8` });
    expect(skips.total).toBe(0);
    expect(episodes).toHaveLength(3);
    for (const e of episodes) {
      for (const p of e.prompt.images) expect(Math.max(p.width, p.height)).toBeLessThanOrEqual(512);
      expect(e.observation.images.every((t) => t.width === 32 && t.height === 32)).toBe(true);
    }
  });

  it("rotation answers undo exactly on photographs (PNG prompt images)", async () => {
    const { episodes } = await makeEpisodes("vision/rotation", { count: 4, seed: 2, source: `folder:${PHOTOS}?limit=4` });
    for (const e of episodes) {
      const [a, b] = await Promise.all(e.prompt.images.map((i) => decodePromptImage(i.bytes)));
      expect(Buffer.from(rotateQuarterTurns(b!, -Number(e.answer) / 90).data).equals(Buffer.from(a!.data))).toBe(true);
    }
  });
});

describe.skipIf(!present(CIFAR_SAMPLE, "CIFAR-10 sample tests"))("on the CIFAR-10 JPEG sample", () => {
  it("reads 100 images in 10 classes from the class folders; 32 px images skip 2×2 jigsaw at the released 28 px threshold", async () => {
    const skips = new SkipCounter();
    const source = await registry.openSource(CIFAR_SAMPLE, "vision", { seed: 1, skips });
    const labels = new Map<string, number>();
    let n = 0;
    for await (const s of source.samples() as AsyncIterable<ImageSample>) {
      n++;
      labels.set(s.className!, s.label!);
      expect([s.image.width, s.image.height]).toEqual([32, 32]);
    }
    expect(n).toBe(100);
    expect(labels.get("airplane")).toBe(0);
    expect(labels.get("truck")).toBe(9);
    const jig = await makeEpisodes("vision/jigsaw", { count: 1, source: `${CIFAR_SAMPLE}?limit=5` });
    expect(jig.skips.byReason()).toEqual({ "jigsaw tile smaller than 28 px": 5 });
    const small = await makeEpisodes("vision/jigsaw", { count: 5, source: CIFAR_SAMPLE, options: { minTile: 16 } });
    expect(small.episodes).toHaveLength(5);
    const rot = await makeEpisodes("vision/rotation", { count: 5, source: CIFAR_SAMPLE });
    expect(rot.episodes).toHaveLength(5);
  });

  it("csv: the label file finds the 100 unpacked images and counts the rest as missing", async () => {
    if (!present(CIFAR_CSV, "CIFAR-10 CSV test")) return;
    const skips = new SkipCounter();
    const source = await registry.openSource(`csv:${CIFAR_CSV}?root=${join(CIFAR_SAMPLE, "..")}&readAhead=16`, "vision", { seed: 1, skips });
    const found: ImageSample[] = [];
    for await (const s of source.samples() as AsyncIterable<ImageSample>) found.push(s);
    expect(found).toHaveLength(100);
    expect(found[0]).toMatchObject({ id: "test/airplane/0000.jpg", label: 0, className: "airplane" });
    expect(skips.byReason()).toEqual({ "file not found": 9900 });
  });
});

describe.skipIf(!present(MNIST, "MNIST tests"))("on the MNIST test set", () => {
  it("reads 10,000 digits with the published first labels 7, 2, 1, 0, 4", async () => {
    const skips = new SkipCounter();
    const source = await registry.openSource(`mnist:${MNIST}`, "vision", { seed: 1, skips });
    const labels: number[] = [];
    let n = 0;
    for await (const s of source.samples() as AsyncIterable<ImageSample>) {
      if (n < 5) labels.push(s.label!);
      n++;
    }
    expect(n).toBe(10_000);
    expect(labels).toEqual([7, 2, 1, 0, 4]);
    expect(skips.total).toBe(0);
  });
});
