import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countingSource } from "@ssl4rl/core";
import { GrpoTrainer, readMetrics, resolveTrainConfig } from "@ssl4rl/trainers";
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
