import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createRegistry, defineTask, definePlugin, z } from "@ssl4rl/core";
import { latestCheckpoint, readCheckpoint, readMetrics, TrainingDivergedError } from "@ssl4rl/trainers";
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
  });
}
