import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRegistry, definePlugin, defineTask, z } from "@ssl4rl/core";
import { ExplorationWatch } from "@ssl4rl/trainers";
import { describe, expect, it } from "vitest";
import { toyRegistry, trainAll } from "./toy-tasks.js";

const step = (n: number, rewardMean: number, degenerateFraction: number) => ({ step: n, rewardMean, degenerateFraction, entropy: 0.05 });

describe("ExplorationWatch", () => {
  it("warns once, when a full window has mostly degenerate groups at a low reward", () => {
    const watch = new ExplorationWatch({ window: 3, degenerateAtLeast: 0.9, rewardBelow: 0.9 });
    expect(watch.observe(step(1, 0.4, 0.95))).toBeUndefined();
    expect(watch.observe(step(2, 0.4, 0.95))).toBeUndefined();
    const warning = watch.observe(step(3, 0.45, 0.92));
    expect(warning).toMatch(/^over steps 1-3, 94% of groups gave every sample the same reward at a mean reward of 0\.42 \(entropy 0\.05 nats\)/);
    expect(warning).toContain("entropyCoefficient");
    expect(watch.observe(step(4, 0.4, 0.95))).toBeUndefined();
  });

  it("stays quiet while the policy explores, and when the task is solved (every sample right is degenerate too)", () => {
    const exploring = new ExplorationWatch({ window: 2, degenerateAtLeast: 0.9, rewardBelow: 0.9 });
    for (let i = 1; i <= 10; i++) expect(exploring.observe(step(i, 0.4, 0.5))).toBeUndefined();
    const solved = new ExplorationWatch({ window: 2, degenerateAtLeast: 0.9, rewardBelow: 0.9 });
    for (let i = 1; i <= 10; i++) expect(solved.observe(step(i, 0.97, 0.99))).toBeUndefined();
  });

  it("judges the mean of the last window only: an early burst does not count once it has left the window", () => {
    const watch = new ExplorationWatch({ window: 2, degenerateAtLeast: 0.9, rewardBelow: 0.9 });
    expect(watch.observe(step(1, 0.3, 1))).toBeUndefined();
    expect(watch.observe(step(2, 0.3, 0.5))).toBeUndefined(); // mean 0.75
    expect(watch.observe(step(3, 0.3, 0.9))).toBeUndefined(); // mean 0.7
    expect(watch.observe(step(4, 0.3, 0.9))).toMatch(/^over steps 3-4, 90%/);
  });

  it("rejects a window under one step", () => {
    expect(() => new ExplorationWatch({ window: 0, degenerateAtLeast: 0.9, rewardBelow: 0.9 })).toThrow(/window must be at least 1 step, got 0/);
  });
});

// A task no policy can answer: its answer is never in what the policy may say, so every
// sample of every group scores 0 and every group is degenerate.
const unanswerable = defineTask({
  id: "toy/unanswerable",
  version: "1.0.0",
  modality: "vector",
  description: "no answer the policy can give is right",
  rewardId: "exact-match",
  options: z.object({}),
  answerSpace: () => ["a", "b"],
  makeEpisode: ({ seed, index }) => ({
    id: `toy/unanswerable:${seed}:${index}`,
    taskId: "toy/unanswerable",
    taskVersion: "1.0.0",
    observation: { kind: "vector" as const, values: new Float32Array([1, 0]) },
    prompt: { messages: [{ role: "user" as const, content: "?" }], images: [] },
    answer: "c",
    metadata: { seed },
  }),
});

describe("the GRPO trainer's exploration warning", () => {
  const run = async (registry: ReturnType<typeof toyRegistry>, taskId: string, steps: number) => {
    const warnings: string[] = [];
    const config = { tasks: [{ id: taskId }], backend: "cpu" as const, steps, batchSize: 8, seed: 3, optimizer: { learningRate: 0.02 }, saliencyEpisodes: 0 };
    await trainAll(registry, mkdtempSync(join(tmpdir(), "watch-")), config, false, (m) => warnings.push(m));
    return warnings;
  };

  it("is given once, after 50 steps, when no sample can ever be right", async () => {
    const registry = createRegistry([definePlugin({ name: "unanswerable", version: "1.0.0", tasks: [unanswerable] })]);
    const warnings = await run(registry, "toy/unanswerable", 60);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^over steps 1-50, 100% of groups gave every sample the same reward at a mean reward of 0\.00/);
  });

  it("is not given for a task the policy learns (the contextual bandit)", async () => {
    expect(await run(toyRegistry(), "toy/bandit", 80)).toEqual([]);
  });
});
