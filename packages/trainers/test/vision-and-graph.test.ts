import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createRegistry, SkipCounter } from "@ssl4rl/core";
import { graphTasks } from "@ssl4rl/graph-tasks";
import { GrpoTrainer, type GrpoStepReport, resolveTrainConfig, type TrainConfigInput } from "@ssl4rl/trainers";
import { visionTasks } from "@ssl4rl/vision-tasks";
import { BACKENDS, FAST_BACKENDS, useBackend } from "./backends.js";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The trainer's own sources never import these plugins; only its tests do.
const registry = createRegistry([visionTasks({ promptImages: false, tensorSize: 32 }), graphTasks()]);

async function run(dir: string, config: TrainConfigInput): Promise<GrpoStepReport[]> {
  const trainer = new GrpoTrainer({
    registry,
    runDir: dir,
    openSource: (task, spec, seed) => registry.openSource(spec ?? "synthetic", task.modality, { seed, skips: new SkipCounter() }),
  });
  const out: GrpoStepReport[] = [];
  for await (const r of trainer.train(resolveTrainConfig(config))) out.push(r);
  return out;
}

for (const backend of FAST_BACKENDS) {
  describe(`CNN and GCN policies on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("rotation on synthetic images: reward rises from chance (0.25) to above 0.8, report with saliency maps", async () => {
      const dir = mkdtempSync(join(tmpdir(), "rotation-"));
      const reports = await run(dir, { tasks: [{ id: "vision/rotation" }], backend: backend as "wasm", steps: 30, batchSize: 32, seed: 1, saliencyEpisodes: 2 });
      expect(mean(reports.slice(0, 3).map((r) => r.rewardMean))).toBeLessThan(0.4);
      expect(mean(reports.slice(-5).map((r) => r.rewardMean))).toBeGreaterThan(0.8);
      const html = readFileSync(join(dir, "report.html"), "utf8");
      expect(html).toContain("<svg");
      expect(html).toContain("data:image/png;base64,");
      const png = readFileSync(join(dir, "saliency/vision_rotation-0.png"));
      expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect(existsSync(join(dir, "config.json"))).toBe(true);
    });

    it("jigsaw: the factorised slot head trains through the same GRPO code (partial credit rises)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "jigsaw-"));
      const reports = await run(dir, { tasks: [{ id: "vision/jigsaw" }], backend: backend as "wasm", steps: 25, batchSize: 32, seed: 2, saliencyEpisodes: 1 });
      expect(mean(reports.slice(-5).map((r) => r.rewardMean))).toBeGreaterThan(mean(reports.slice(0, 3).map((r) => r.rewardMean)) + 0.1);
    });

    // Each graph task learns through the same GRPO code: the reward of the first steps stays near
    // chance, that of the last steps ends clearly above it.
    it.each([
      { what: "node masking: the GCN's candidate head beats chance (0.25)", task: "graph/node-masking", source: undefined, steps: 40, network: {}, early: 0.35, late: 0.4 },
      {
        what: "node contrast: the GCN finds a node's twin in the other corrupted copy above chance (0.125), with no activation",
        task: "graph/node-contrast",
        source: "synthetic?nodes=400",
        steps: 30,
        network: { graphActivation: "linear" as const },
        early: 0.25,
        late: 0.3,
      },
      { what: "node masking with GAT layers (2 heads): the attention encoder beats chance (0.25)", task: "graph/node-masking", source: undefined, steps: 40, network: { graphHidden: [32, 32], graphAttentionHeads: 2 }, early: 0.35, late: 0.4 },
      { what: "corruption detection: the GCN tells the intact node from feature-shuffled ones above chance (0.25)", task: "graph/corruption-detection", source: "synthetic?nodes=400", steps: 30, network: {}, early: 0.4, late: 0.45 },
      { what: "attribute masking: the candidate head scores one-hot feature columns above chance (0.25)", task: "graph/attribute-masking", source: "synthetic?nodes=400&signal=3", steps: 40, network: {}, early: 0.35, late: 0.4 },
    ])("on a synthetic graph, $what", async ({ task, source, steps, network, early, late }) => {
      const dir = mkdtempSync(join(tmpdir(), "gcn-"));
      const reports = await run(dir, {
        tasks: [{ id: task, ...(source ? { source } : {}) }],
        backend: backend as "wasm",
        steps,
        batchSize: 32,
        seed: 1,
        kl: { coefficient: 0 },
        optimizer: { learningRate: 0.003 },
        network,
      });
      expect(mean(reports.slice(0, 3).map((r) => r.rewardMean))).toBeLessThan(early);
      expect(mean(reports.slice(-8).map((r) => r.rewardMean))).toBeGreaterThan(late);
    });
  });
}

for (const backend of BACKENDS.filter((b) => !FAST_BACKENDS.includes(b))) {
  describe(`CNN and GCN policies on ${backend} (tiny: this backend is ~100× slower)`, () => {
    beforeAll(() => useBackend(backend));
    it("one rotation step and one graph step run and log finite metrics", async () => {
      const dir = mkdtempSync(join(tmpdir(), "tiny-"));
      const reports = await run(dir, {
        // A small graph: the cpu backend's segment sum costs nodes × edges.
        tasks: [{ id: "vision/rotation" }, { id: "graph/node-masking", source: "synthetic?nodes=80&degree=4&features=8" }],
        backend: backend as "cpu",
        steps: 1,
        batchSize: 4,
        groupSize: 2,
        network: { channels: [4, 4], embedding: 8, headHidden: 8, graphHidden: [8] },
        saliencyEpisodes: 1,
      });
      expect(reports).toHaveLength(1);
      expect(Number.isFinite(reports[0]!.loss)).toBe(true);
    });
  });
}
