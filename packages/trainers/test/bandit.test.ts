import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, useBackend } from "./backends.js";
import { toyRegistry, trainAll } from "./toy-tasks.js";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const backend of BACKENDS) {
  describe(`GRPO solves tasks with no images and no graphs, on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("a contextual bandit: reward goes from chance (0.25) to above 0.9", async () => {
      const dir = mkdtempSync(join(tmpdir(), "bandit-"));
      const reports = await trainAll(toyRegistry(), dir, {
        tasks: [{ id: "toy/bandit" }],
        backend: backend as "cpu",
        steps: 40,
        batchSize: 16,
        seed: 3,
        optimizer: { learningRate: 0.02 },
        saliencyEpisodes: 0,
      });
      expect(reports).toHaveLength(40);
      expect(mean(reports.slice(0, 3).map((r) => r.rewardMean))).toBeLessThan(0.5);
      expect(mean(reports.slice(-5).map((r) => r.rewardMean))).toBeGreaterThan(0.9);
      const lines = readFileSync(join(dir, "metrics.jsonl"), "utf8").trim().split("\n");
      expect(lines).toHaveLength(40);
      const last = JSON.parse(lines.at(-1)!);
      for (const key of ["rewardMean", "rewardStd", "accuracy", "kl", "clipFraction", "entropy", "degenerateFraction", "episodesPerSecond", "tasks"]) expect(last).toHaveProperty(key);
      expect(last.tasks["toy/bandit"].episodes).toBe(16);
    });

    it("a factorised three-slot answer with partial credit, mixed with the bandit by weight", async () => {
      const dir = mkdtempSync(join(tmpdir(), "bits-"));
      const reports = await trainAll(toyRegistry(), dir, {
        tasks: [{ id: "toy/copy-bits", weight: 3 }, { id: "toy/bandit", weight: 1 }],
        backend: backend as "cpu",
        steps: 40,
        batchSize: 16,
        seed: 5,
        epochs: 2,
        optimizer: { learningRate: 0.02 },
        lossAggregation: "seq-mean-token-mean",
        saliencyEpisodes: 0,
      });
      const bits = reports.map((r) => r.tasks["toy/copy-bits"]?.rewardMean ?? NaN).filter(Number.isFinite);
      expect(mean(bits.slice(0, 3))).toBeLessThan(0.7);
      expect(mean(bits.slice(-5))).toBeGreaterThan(0.9);
      // weights 3:1 over 40 × 16 episodes: about 480 vs 160
      const episodes = (id: string) => reports.reduce((a, r) => a + (r.tasks[id]?.episodes ?? 0), 0);
      expect(episodes("toy/copy-bits") / episodes("toy/bandit")).toBeGreaterThan(2);
      expect(episodes("toy/copy-bits") / episodes("toy/bandit")).toBeLessThan(4.5);
      // two epochs per batch: the second sees ratios away from 1, some clipped or not, but finite
      for (const r of reports) expect(Number.isFinite(r.clipFraction)).toBe(true);
    });
  });
}
