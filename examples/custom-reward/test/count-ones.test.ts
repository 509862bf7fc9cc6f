import { describe, expect, it } from "vitest";
import { countingSource, createRegistry, generateEpisodes, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import plugin, { countDistanceReward, countOnesTask } from "ssl4rl-plugin-count-ones";

describe("the count-ones example plugin", () => {
  const registry = createRegistry([plugin]);
  const space = countOnesTask.answerSpace(resolveTaskOptions(countOnesTask, {}));

  it("registers its task and reward", () => {
    expect(registry.task("toy/count-ones")).toBe(countOnesTask);
    expect(registry.rewardFor("toy/count-ones")).toBe(countDistanceReward);
  });

  it.each([
    ["<answer>3</answer>", "3", 1, true],
    ["<answer>5</answer>", "3", 0.75, true],
    ["<answer>8</answer>", "0", 0, true],
    ["<answer>three</answer>", "3", 0, false],
    ["3", "3", 0, false],
  ])("scores %j against %j as %d", (text, truth, score, valid) => {
    const r = countDistanceReward.score(text, { answer: truth, answerSpace: space });
    expect((r as { score: number }).score).toBeCloseTo(score, 10);
    expect((r as { valid: boolean }).valid).toBe(valid);
  });

  it("makes episodes whose answer is the number of ones shown", async () => {
    const options = resolveTaskOptions(countOnesTask, { bits: 12 });
    for await (const e of generateEpisodes(countOnesTask, countingSource(), { seed: 3, count: 50, options, skips: new SkipCounter() })) {
      const values = (e.observation as { values: Float32Array }).values;
      expect(values).toHaveLength(12);
      expect(e.answer).toBe(String(values.reduce((a, b) => a + b, 0)));
      expect(countDistanceReward.score({ action: e.answerIndex! }, { answer: e.answer, answerSpace: countOnesTask.answerSpace(options) })).toMatchObject({ score: 1 });
    }
  });
});
