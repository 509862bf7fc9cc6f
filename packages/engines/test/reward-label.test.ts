import { BadInputError } from "@ssl4rl/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatRewardLabel, parseRewardLabel } from "../src/reward-label.js";

describe("parseRewardLabel", () => {
  test.each([
    ["vision/rotation:90", "vision/rotation", "90"],
    ["vision/jigsaw:3,1,4,2", "vision/jigsaw", "3,1,4,2"],
    ["graph/link:yes:maybe", "graph/link", "yes:maybe"],
    ["toy/count-ones:", "toy/count-ones", ""],
    ['{"task":"vision/position","answer":"top-left"}', "vision/position", "top-left"],
    ['  {"task":"a:b","answer":"x"}', "a:b", "x"],
  ])("%s", (label, task, answer) => {
    expect(parseRewardLabel(label)).toEqual({ task, answer });
  });

  test.each([
    ["no colon", "vision/rotation"],
    ["empty task", ":90"],
    ["broken json", '{"task": "x"'],
    ["json without answer", '{"task":"x"}'],
    ["json array", "[1,2]"],
    ["not a string", 42],
    ["null", null],
  ])("rejects %s", (_, label) => {
    expect(() => parseRewardLabel(label, "labels[3]")).toThrow(BadInputError);
    expect(() => parseRewardLabel(label, "labels[3]")).toThrow(/labels\[3\]/);
  });

  test("format then parse gives the task and answer back", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]+\/[a-z-]+$/), fc.string(), (task, answer) => {
        expect(parseRewardLabel(formatRewardLabel(task, answer))).toEqual({ task, answer });
      }),
    );
  });
});
