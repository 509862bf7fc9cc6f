import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { NO_ANSWER, OTHER_ANSWER, summarizeResults } from "../src/eval-summary.js";
import type { EvalResultRecord } from "../src/results-file.js";

const SPACE = ["0", "90", "180", "270"];

function record(truth: string, answer: string | null, i: number): EvalResultRecord {
  const score = answer === truth ? 1 : 0;
  return { type: "result", index: i, id: `e${i}`, truth, response: "", answer, valid: answer !== null, score, components: { accuracy: score }, attempts: 1, latencyMs: 1 };
}

const results = fc.array(fc.tuple(fc.constantFrom(...SPACE), fc.option(fc.constantFrom(...SPACE, "45", "90°"), { nil: null })), { maxLength: 60 }).map((pairs) => pairs.map(([t, a], i) => record(t, a, i)));

describe("summarizeResults", () => {
  test("the table counts every episode once, and its diagonal is the accuracy of an exact-match task", () => {
    fc.assert(
      fc.property(results, (rs) => {
        const s = summarizeResults(rs, 0, SPACE);
        const { truths, predictions, counts } = s.confusion;
        expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(rs.length);
        const diagonal = truths.reduce((n, t, i) => n + (predictions.includes(t) ? counts[i]![predictions.indexOf(t)]! : 0), 0);
        expect(s.accuracy).toBeCloseTo(rs.length === 0 ? 0 : diagonal / rs.length, 12);
        expect(s.validRate).toBeCloseTo(rs.length === 0 ? 0 : rs.filter((r) => r.answer !== null).length / rs.length, 12);
      }),
    );
  });

  test.each([
    ["an answer outside the space", [record("90", "45", 0)], "90", OTHER_ANSWER],
    ["no answer", [record("90", null, 0)], "90", NO_ANSWER],
    ["a right answer", [record("180", "180", 0)], "180", "180"],
  ])("%s lands in its column", (_, rs, truth, column) => {
    const { truths, predictions, counts } = summarizeResults(rs, 0, SPACE).confusion;
    expect(counts[truths.indexOf(truth)]![predictions.indexOf(column)]).toBe(1);
  });

  test("a large answer space keeps the most frequent answers and pools the rest", () => {
    const rs = Array.from({ length: 30 }, (_, i) => record(String(i % 15), String(i % 15), i));
    const s = summarizeResults(rs, 2, undefined, 5);
    expect(s.confusion.truths).toHaveLength(6);
    expect(s.confusion.truths.at(-1)).toBe(OTHER_ANSWER);
    expect(s.failed).toBe(2);
    expect(s.accuracy).toBe(1);
  });
});
