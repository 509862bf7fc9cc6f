import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countingSource, createRegistry, defineTask, definePlugin, z } from "@ssl4rl/core";
import { type CrossEntropyStepReport, latestCheckpoint, nonFiniteTensors, readCheckpoint, readMetrics, readStepLog, tf, TrainingDivergedError, trainCrossEntropy } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";
import { trainAll } from "./toy-tasks.js";

/** A bandit whose observations turn to NaN from episode 64 on (step 9 at 8 episodes a step). */
const poisoned = defineTask({
  id: "toy/poisoned",
  version: "1.0.0",
  modality: "vector",
  description: "a bandit whose inputs go bad",
  rewardId: "exact-match",
  options: z.object({}),
  answerSpace: () => ["a", "b"],
  makeEpisode: ({ rng, seed, index }) => {
    const k = rng.int(2);
    const values = Float32Array.from([k, 1 - k]);
    if (index >= 64) values[0] = Number.NaN;
    return {
      id: `toy/poisoned:${seed}:${index}`, taskId: "toy/poisoned", taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values },
      prompt: { messages: [], images: [] }, answer: ["a", "b"][k]!, answerIndex: k, metadata: { seed },
    };
  },
});

for (const backend of BACKENDS) {
  describe(`a NaN loss on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("stops the step with a clear error and keeps the last good checkpoint", async () => {
      const dir = mkdtempSync(join(tmpdir(), "nan-"));
      const registry = createRegistry([definePlugin({ name: "poison", version: "1.0.0", tasks: [poisoned] })]);
      const error = await trainAll(registry, dir, { tasks: [{ id: "toy/poisoned" }], backend: backend as "cpu", steps: 20, batchSize: 8, checkpointEvery: 5, saliencyEpisodes: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingDivergedError);
      const message = (error as Error).message;
      expect(message).toMatch(/step 9: the loss is not finite/);
      expect(message).toContain("step-0000005.ckpt");
      expect((error as TrainingDivergedError).step).toBe(8);
      // The checkpoint after step 5 is the newest, and it holds finite weights.
      const path = latestCheckpoint(dir)!;
      expect(path).toMatch(/step-0000005\.ckpt$/);
      const saved = await readCheckpoint(path);
      for (const values of Object.values(saved.params)) expect(values.every(Number.isFinite)).toBe(true);
      // Steps 1-8 were logged; the failed step was not.
      expect((await readMetrics(dir)).map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(existsSync(join(dir, "report.html"))).toBe(false);
    });

    it("stops the cross-entropy twin the same way, before its update, so its checkpoint stays finite", async () => {
      const dir = mkdtempSync(join(tmpdir(), "nan-twin-"));
      const registry = createRegistry([definePlugin({ name: "poison", version: "1.0.0", tasks: [poisoned] })]);
      const network = { imageSize: 32, channels: [8], embedding: 16, headHidden: 16, graphHidden: [16], vectorHidden: 16 };
      const error = await trainCrossEntropy(registry, {
        tasks: [{ id: "toy/poisoned", options: {} }], steps: 20, batchSize: 8, learningRate: 1e-2, gradClip: 1, seed: 1, network,
        openSource: async () => countingSource(),
        checkpoints: { runDir: dir, every: 5 },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingDivergedError);
      expect((error as Error).message).toMatch(/step 9: the loss is not finite/);
      expect((error as Error).message).toContain("step-0000005.ckpt");
      const saved = await readCheckpoint(latestCheckpoint(dir)!);
      for (const values of Object.values(saved.params)) expect(values.every(Number.isFinite)).toBe(true);
      expect((await readStepLog<CrossEntropyStepReport>(join(dir, "metrics.jsonl"))).map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });
}

describe("the diverged-training error", () => {
  it("names the weights whose gradients hold NaN or Inf, five at most", () => {
    const grads = { "encoder/conv0/w": tf.tensor1d([1, 2]), "head/jigsaw/keys/w": tf.tensor1d([0, Number.NaN]), "head/jigsaw/out/b": tf.tensor1d([Number.POSITIVE_INFINITY]) };
    const bad = nonFiniteTensors(grads);
    expect(bad).toEqual(["head/jigsaw/keys/w", "head/jigsaw/out/b"]);
    const error = new TrainingDivergedError(2817, "gradient norm", "runs/x/step-0002500.ckpt", bad);
    expect(error.message).toContain("step 2818: the gradient norm is not finite");
    expect(error.message).toContain("Non-finite gradients in head/jigsaw/keys/w, head/jigsaw/out/b.");
    expect(error.message).toContain("runs/x/step-0002500.ckpt");
    const many = new TrainingDivergedError(0, "gradient norm", undefined, ["a", "b", "c", "d", "e", "f", "g"]);
    expect(many.message).toContain("in a, b, c, d, e and 2 more.");
    expect(new TrainingDivergedError(0, "loss", undefined).message).not.toContain("Non-finite gradients");
    Object.values(grads).forEach((t) => t.dispose());
  });
});
