import { createRegistry } from "@ssl4rl/core";
import { describe, expect, it } from "vitest";
import { visionTasks } from "../src/index.js";

const registry = createRegistry([visionTasks()]);
const score = (taskId: string, response: string, truth: string) => {
  const result = registry.rewardFor(taskId).score(response, { taskId, answer: truth });
  if (result instanceof Promise) throw new Error("standard rewards are synchronous");
  return result.score;
};

describe("scoring vision answers in the official format", () => {
  it.each([
    ["<answer>90</answer>", "90", 1],
    ["<think>turned left</think> <answer> 90 </answer>", "90", 1],
    ["<answer>\n90\n</answer>", "90", 1],
    ["<answer>90°</answer>", "90", 0],
    ["<answer>90 degrees</answer>", "90", 0],
    ["<answer>090</answer>", "90", 0],
    ["90", "90", 0],
    ["<answer>90", "90", 0],
    ["<answer>180</answer> <answer>90</answer>", "90", 0],
    ["<answer>90</answer> <answer>180</answer>", "90", 1],
    ["user\n<answer>90</answer>\nassistant\n<answer>180</answer>", "90", 0],
    ["user\n<answer>180</answer>\nassistant\n<think>x</think><answer>90</answer>", "90", 1],
    ["<answer>0</answer>", "0", 1],
  ])("rotation: %j against %s scores %d", (response, truth, expected) => {
    expect(score("vision/rotation", response, truth)).toBe(expected);
  });

  it.each([
    ["<answer>3,1,4,2</answer>", "3,1,4,2", 1],
    ["<answer> 3,1,4,2 </answer>", "3,1,4,2", 1],
    ["<answer>3, 1, 4, 2</answer>", "3,1,4,2", 1],
    ["<answer>3,1,2,4</answer>", "3,1,4,2", 0.5],
    ["<answer>1,2,3,4</answer>", "3,1,4,2", 0],
    ["<answer>3,1</answer>", "3,1,4,2", 0.5],
    ["<answer>3,1,4,2,5</answer>", "3,1,4,2", 1],
    ["<answer>3,x,4,2</answer>", "3,1,4,2", 0.75],
    ["<answer>3;1;4;2</answer>", "3,1,4,2", 0],
    ["<answer>three,1,4,2</answer>", "3,1,4,2", 0.75],
    ["<answer>3.0,1,4,2</answer>", "3,1,4,2", 0.75],
    ["<answer></answer>", "3,1,4,2", 0],
    ["no tags at all 3,1,4,2", "3,1,4,2", 0],
    ["<answer>1,2,3,4,5,6,7,8,9</answer>", "1,2,3,4,5,6,7,8,9", 1],
    ["<answer>1,2,3,4,5,6,7,9,8</answer>", "1,2,3,4,5,6,7,8,9", 7 / 9],
  ])("jigsaw: %j against %s scores %d", (response, truth, expected) => {
    expect(score("vision/jigsaw", response, truth)).toBeCloseTo(expected, 10);
  });

  it.each([
    ["vision/contrastive", "<answer>positive</answer>", "positive", 1],
    ["vision/contrastive", "<answer>Positive</answer>", "positive", 0],
    ["vision/contrastive", "<answer>negative.</answer>", "negative", 0],
    ["vision/position", "<answer>top-left</answer>", "top-left", 1],
    ["vision/position", "<answer>top left</answer>", "top-left", 0],
    ["vision/position", "<answer> bottom-right\n</answer>", "bottom-right", 1],
    ["vision/masked-patch", "<answer>B</answer>", "B", 1],
    ["vision/masked-patch", "<answer>b</answer>", "B", 0],
    ["vision/masked-patch", "<answer>(B)</answer>", "B", 0],
  ])("%s: %j against %s scores %d", (taskId, response, truth, expected) => {
    expect(score(taskId, response, truth)).toBe(expected);
  });

  it("tensor policies are scored by action index into the answer space", () => {
    const space = registry.task("vision/position").answerSpace({});
    const result = registry.rewardFor("vision/position").score({ action: 2 }, { taskId: "vision/position", answer: "bottom-left", answerSpace: space });
    expect((result as { score: number }).score).toBe(1);
  });
});
