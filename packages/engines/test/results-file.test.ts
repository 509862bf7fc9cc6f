import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadConfigError, BadInputError } from "@ssl4rl/core";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { type EvalResultRecord, ResultsFile } from "../src/results-file.js";

const dir = mkdtempSync(join(tmpdir(), "ssl4rl-results-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `r${n++}.jsonl`);

const result = (id: string, index: number): EvalResultRecord => ({
  type: "result", index, id, truth: "1", response: `<answer>${id}</answer>`, answer: id, valid: true, score: 1, components: { accuracy: 1 }, attempts: 1, latencyMs: 3,
});

describe("ResultsFile", () => {
  test("whatever a crash tears off the last line, reopening keeps every whole record and drops the rest", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.stringMatching(/^[a-z0-9:]{1,8}$/), { minLength: 1, maxLength: 8 }), fc.nat(), async (ids, cut) => {
        const path = fresh();
        const file = await ResultsFile.open(path, { run: "x" });
        await Promise.all(ids.map((id, i) => file.append(result(id, i))));
        await file.close();
        // Simulate a crash in the middle of writing one more line.
        const extra = JSON.stringify(result("torn", 99));
        appendFileSync(path, extra.slice(0, cut % extra.length));
        const again = await ResultsFile.open(path, { run: "x" });
        expect([...again.done].sort()).toEqual([...ids].sort());
        await again.close();
        const text = readFileSync(path, "utf8");
        expect(text.endsWith("\n")).toBe(true);
        expect(text.trim().split("\n")).toHaveLength(ids.length + 1);
      }),
      { numRuns: 30 },
    );
  });

  test("concurrent appends never interleave lines", async () => {
    const path = fresh();
    const file = await ResultsFile.open(path, { run: "y" });
    await Promise.all(Array.from({ length: 200 }, (_, i) => file.append(result(`id${i}`, i))));
    await file.close();
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(201);
    expect(new Set(lines.slice(1).map((l) => l.id)).size).toBe(200);
  });

  test("an error record is not done, and a later result replaces it", async () => {
    const path = fresh();
    const file = await ResultsFile.open(path, { run: "z" });
    await file.append({ type: "error", index: 0, id: "a", error: "boom", attempts: 4 });
    await file.close();
    const second = await ResultsFile.open(path, { run: "z" });
    expect(second.done.has("a")).toBe(false);
    await second.append(result("a", 0));
    await second.close();
    const third = await ResultsFile.open(path, { run: "z" });
    expect(third.done.has("a")).toBe(true);
    await third.close();
  });

  test.each([
    ["another run's file", '{"type":"run","identity":{"run":"other"}}\n', BadConfigError],
    ["a file that is not a results file", "hello\n", BadInputError],
    ["a broken line in the middle", '{"type":"run","identity":{"run":"w"}}\n{broken\n{"type":"result"}\n', BadInputError],
  ])("refuses %s, naming the file", async (_, content, kind) => {
    const path = fresh();
    writeFileSync(path, content);
    await expect(ResultsFile.open(path, { run: "w" })).rejects.toThrow(kind);
    await expect(ResultsFile.open(path, { run: "w" })).rejects.toThrow(path);
  });
});
