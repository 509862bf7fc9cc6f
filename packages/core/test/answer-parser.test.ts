import { describe, expect, it } from "vitest";
import { assistantReply, extractAnswer, hasThinkAnswerFormat } from "@ssl4rl/core";

describe("extractAnswer", () => {
  it.each([
    ["<answer>90</answer>", "90"],
    ["<answer> 90 </answer>", "90"],
    ["<answer>\n90\n</answer>", "90"],
    ["<think>a</think><answer>90°</answer>", "90°"],
    ["no tags at all", undefined],
    ["<answer>90", undefined],
    ["90</answer>", undefined],
    ["<answer>first</answer> <answer>second</answer>", "first"],
    ["<answer>a <answer>b</answer>", "a <answer>b"],
    ["user\n<answer>0</answer>\nassistant\n<answer>180</answer>", "180"],
    ["assistant\n<answer>1</answer> more assistant\nno answer here", undefined],
    ["<answer></answer>", ""],
  ])("%j -> %j", (text, expected) => {
    expect(extractAnswer(text)).toBe(expected);
  });

  it("keeps the text after the last assistant marker", () => {
    expect(assistantReply("system\nx\nassistant\nA\nassistant\nB")).toBe("B");
    expect(assistantReply("plain")).toBe("plain");
  });

  // A quadratic scan of this input takes minutes and hits the timeout; a linear one takes milliseconds.
  it("handles a megabyte of unclosed tags", { timeout: 10_000 }, () => {
    const hostile = "<answer>".repeat(131_072); // 1 MiB
    expect(extractAnswer(hostile)).toBeUndefined();
    expect(hasThinkAnswerFormat(`<think>${hostile}`)).toBe(false);
    expect(extractAnswer(`${"<answer>".repeat(100_000)}</answer>`)).toBe("<answer>".repeat(99_999));
  });
});

describe("hasThinkAnswerFormat", () => {
  it.each([
    ["<think>x</think> <answer>1</answer>", true],
    ["  <think>x\ny</think>\n<answer>1</answer>\n", true],
    ["<answer>1</answer>", false],
    ["<think>x</think> words <answer>1</answer>", false],
    ["<think>x</think><answer>1</answer> trailing", false],
    ["<think>x</think><answer>1", false],
    ["<think>x</think><answer><answer>1</answer>", false],
  ])("%j -> %s", (text, expected) => {
    expect(hasThinkAnswerFormat(text)).toBe(expected);
  });
});
