import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BadInputError, countingSource } from "@ssl4rl/core";
import { type CompanionState, GrpoTrainer, type PolicyNetwork, readMetrics, resolveTrainConfig, type RunCompanion } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";
import { toyRegistry, trainAll } from "./toy-tasks.js";

/** Metrics without wall-clock fields, which differ between any two runs. */
export function comparable(m: object): object {
  const { seconds: _s, episodesPerSecond: _e, ...rest } = m as Record<string, unknown>;
  return rest;
}

for (const backend of BACKENDS) {
  describe(`resume on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("a run stopped after a checkpoint and resumed ends with the same metrics as an uninterrupted one", async () => {
      const config = {
        tasks: [{ id: "toy/copy-bits", weight: 2 }, { id: "toy/bandit" }],
        backend: backend as "cpu",
        steps: 12,
        batchSize: 8,
        epochs: 2,
        checkpointEvery: 4,
        seed: 11,
        saliencyEpisodes: 0,
      };
      const whole = mkdtempSync(join(tmpdir(), "whole-"));
      await trainAll(toyRegistry(), whole, config);

      // Stop mid-way: steps 9 and 10 are logged after the step-8 checkpoint, then the run dies.
      const cut = mkdtempSync(join(tmpdir(), "cut-"));
      const trainer = new GrpoTrainer({ registry: toyRegistry(), runDir: cut, openSource: async () => countingSource() });
      for await (const r of trainer.train(resolveTrainConfig(config))) if (r.step === 10) break;
      expect((await readMetrics(cut)).map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

      const resumed = await trainAll(toyRegistry(), cut, config, true);
      expect(resumed.map((r) => r.step)).toEqual([9, 10, 11, 12]);
      const a = (await readMetrics(whole)).map(comparable);
      const b = (await readMetrics(cut)).map(comparable);
      expect(b).toEqual(a);
    });
  });
}

/** A companion that keeps, per step, the sum of the network's first weight tensor: a record of every step's weights. */
class WeightTrail implements RunCompanion {
  trail: { step: number; sum: number }[] = [];
  restoredFrom: number | undefined;
  afterStep(step: number, network: PolicyNetwork): void {
    const [, first] = [...network.store.variables].sort(([a], [b]) => a.localeCompare(b))[0]!;
    this.trail.push({ step, sum: first.sum().dataSync()[0]! });
  }
  save(): CompanionState {
    return { tensors: { sums: Float32Array.from(this.trail.map((t) => t.sum)) }, json: this.trail.map((t) => t.step) };
  }
  restore(state: CompanionState): void {
    const steps = state.json as number[];
    this.trail = steps.map((step, i) => ({ step, sum: state.tensors.sums![i]! }));
    this.restoredFrom = steps.at(-1);
  }
}

describe("a run's companion (cpu)", () => {
  beforeAll(() => useBackend("cpu"));
  const config = { tasks: [{ id: "toy/bandit" }], backend: "cpu" as const, steps: 9, batchSize: 4, checkpointEvery: 3, seed: 8, saliencyEpisodes: 0 };
  const train = async (runDir: string, companion: RunCompanion, resume: boolean, stopAt?: number) => {
    const trainer = new GrpoTrainer({ registry: toyRegistry(), runDir, resume, companion, openSource: async () => countingSource() });
    for await (const r of trainer.train(resolveTrainConfig(config))) if (r.step === stopAt) break;
  };

  it("is saved with each checkpoint and restored on resume, so its state matches an uninterrupted run's", async () => {
    const whole = new WeightTrail();
    await train(mkdtempSync(join(tmpdir(), "trail-whole-")), whole, false);
    expect(whole.trail.map((t) => t.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const cutDir = mkdtempSync(join(tmpdir(), "trail-cut-"));
    // Stopped after step 7: the step-6 checkpoint holds the trail up to 6, step 7 is lost.
    await train(cutDir, new WeightTrail(), false, 7);
    const resumed = new WeightTrail();
    await train(cutDir, resumed, true);
    expect(resumed.restoredFrom).toBe(6);
    expect(resumed.trail.map((t) => t.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    resumed.trail.forEach((t, i) => expect(t.sum, `step ${t.step}`).toBeCloseTo(whole.trail[i]!.sum, 5));
  });

  it("cannot continue from a checkpoint written without one: an error naming the checkpoint file", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "trail-none-"));
    await trainAll(toyRegistry(), runDir, { ...config, steps: 3 });
    const error = await train(runDir, new WeightTrail(), true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details.file).toBe(join(runDir, "checkpoints", "step-0000003.ckpt"));
    expect((error as BadInputError).details.field).toBe("companion");
  });
});

describe("resume guards (cpu)", () => {
  beforeAll(() => useBackend("cpu"));
  const config = { tasks: [{ id: "toy/bandit" }], backend: "cpu" as const, steps: 4, batchSize: 4, checkpointEvery: 2, seed: 3, saliencyEpisodes: 0 };

  it("refuses to continue a folder whose config.json is another run's, naming the file and the field", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "other-"));
    await trainAll(toyRegistry(), runDir, config);
    const error = await trainAll(toyRegistry(), runDir, { ...config, seed: 4 }, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details.file).toBe(join(runDir, "config.json"));
    expect((error as BadInputError).details.field).toBe("seed");
    // A longer budget is the same run extended: it goes on from step 4.
    const more = await trainAll(toyRegistry(), runDir, { ...config, steps: 6 }, true);
    expect(more.map((r) => r.step)).toEqual([5, 6]);
  });

  it("steps at a cosine schedule's rate, and refuses a longer budget for such a run (its rate decays over the budget), naming steps", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "cosine-"));
    const cosine = { ...config, schedule: { kind: "cosine" as const, finalFraction: 0 } };
    await trainAll(toyRegistry(), runDir, cosine);
    // Each step's update used the half-cosine's rate, from the default 1e-3 down to 0 over 4 steps.
    const rates = (await readMetrics(runDir)).map((m) => m.learningRate / 1e-3);
    [1, 0.853553, 0.5, 0.146447].forEach((r, i) => expect(rates[i]).toBeCloseTo(r, 5));
    const error = await trainAll(toyRegistry(), runDir, { ...cosine, steps: 6 }, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details.field).toBe("steps");
  });

  it("asked to resume with no checkpoint yet, starts afresh and writes the run's config.json", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "empty-"));
    const reports = await trainAll(toyRegistry(), runDir, config, true);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(existsSync(join(runDir, "config.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(runDir, "config.json"), "utf8")).seed).toBe(3);
    expect((await readMetrics(runDir)).map((m) => m.step)).toEqual([1, 2, 3, 4]);
  });
});
