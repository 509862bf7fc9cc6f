import { describe, expect, it } from "vitest";
import { exactMatchReward, exactMatchScore, slotMatchReward, slotMatchScore } from "@ssl4rl/core";

describe("exactMatchScore", () => {
  it.each([
    ["90", "90", 1],
    ["90°", "90", 0],
    ["180", "90", 0],
    ["left", "left,right", 1],
    ["right", "left, right", 1],
    ["", "90", 0],
    ["Positive", "positive", 0],
  ])("answer %j vs truth %j -> %d", (answer, truth, expected) => {
    expect(exactMatchScore(answer, truth)).toBe(expected);
  });
});

describe("slotMatchScore", () => {
  it.each([
    ["3,1,4,2", "3,1,4,2", 1],
    ["3,1,2,4", "3,1,4,2", 0.5],
    [" 3 , 1 ,4,2", "3,1,4,2", 1],
    ["3,1", "3,1,4,2", 0.5],
    ["3,1,4,2,5,6", "3,1,4,2", 1],
    ["a,b,c,d", "3,1,4,2", 0],
    ["3,x,4,2", "3,1,4,2", 0.75],
    ["", "3,1,4,2", 0],
  ])("answer %j vs truth %j -> %d", (answer, truth, expected) => {
    expect(slotMatchScore(answer, truth)).toBeCloseTo(expected, 10);
  });
});

describe("standard rewards", () => {
  it("reads the answer block and ignores the think block", () => {
    const r = exactMatchReward().score("<think>it looks turned</think>\n<answer> 90 </answer>", { answer: "90" });
    expect(r).toEqual({ score: 1, components: { accuracy: 1 }, valid: true, answer: "90" });
  });
  it("is invalid with no answer block", () => {
    const r = exactMatchReward().score("the answer is 90", { answer: "90" });
    expect(r.valid).toBe(false);
    expect(r.score).toBe(0);
  });
  it("scores a structured action through the answer space", () => {
    const space = ["0", "90", "180", "270"];
    expect(exactMatchReward().score({ action: 1 }, { answer: "90", answerSpace: space }).score).toBe(1);
    expect(exactMatchReward().score({ action: 2 }, { answer: "90", answerSpace: space }).score).toBe(0);
    expect(exactMatchReward().score({ action: 9 }, { answer: "90", answerSpace: space }).valid).toBe(false);
  });
  it("gives jigsaw partial credit", () => {
    expect(slotMatchReward().score("<answer>3,1,2,4</answer>", { answer: "3,1,4,2" }).score).toBeCloseTo(0.5, 10);
  });
  it("adds a weighted format component only when asked", () => {
    const reward = exactMatchReward({ formatWeight: 0.2 });
    const good = reward.score("<think>x</think> <answer>90</answer>", { answer: "90" });
    expect(good.score).toBeCloseTo(1, 10);
    expect(good.components).toEqual({ accuracy: 1, format: 1 });
    const noThink = reward.score("<answer>90</answer>", { answer: "90" });
    expect(noThink.score).toBeCloseTo(0.8, 10);
    const wrongButFormatted = reward.score("<think>x</think><answer>0</answer>", { answer: "90" });
    expect(wrongButFormatted.score).toBeCloseTo(0.2, 10);
  });
  it("rejects a format weight outside [0, 1]", () => {
    expect(() => exactMatchReward({ formatWeight: 2 })).toThrow(/formatWeight.*between 0 and 1/);
  });
});
