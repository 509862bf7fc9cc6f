import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { countingSource, createRegistry, defineTask, definePlugin, z } from "@ssl4rl/core";
import { GrpoTrainer, resolveTrainConfig } from "@ssl4rl/trainers";

it("the README example runs and learns the coin task", async () => {
  const runDir = mkdtempSync(join(tmpdir(), "readme-"));
  // --- the README's example, with runDir in a temp folder and the backend pinned ---
  const coin = defineTask({ id: "toy/coin", version: "1.0.0", modality: "vector", description: "say the shown side",
    rewardId: "exact-match", options: z.object({}), answerSpace: () => ["heads", "tails"],
    makeEpisode: ({ rng, seed, index }) => { const k = rng.int(2); return { id: `toy/coin:${seed}:${index}`, taskId: "toy/coin", taskVersion: "1.0.0",
      observation: { kind: "vector", values: Float32Array.of(k, 1 - k) }, prompt: { messages: [], images: [] }, answer: ["heads", "tails"][k]!, metadata: {} }; } });
  const registry = createRegistry([definePlugin({ name: "coin", version: "1.0.0", tasks: [coin] })]);
  const trainer = new GrpoTrainer({ registry, runDir, openSource: async () => countingSource() });
  const rewards: number[] = [];
  for await (const step of trainer.train(resolveTrainConfig({ tasks: [{ id: "toy/coin" }], steps: 30, batchSize: 16, optimizer: { learningRate: 0.01 }, backend: "wasm" }))) rewards.push(step.rewardMean);
  expect(rewards).toHaveLength(30);
  expect(rewards.slice(-3).every((r) => r > 0.8)).toBe(true);
});
