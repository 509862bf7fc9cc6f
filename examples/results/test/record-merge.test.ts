import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeRunRecords, readRecordLines, type RunRecord, runIdentity } from "@ssl4rl/example-results";

const record = (over: Partial<RunRecord>): RunRecord => ({
  example: "graph-cora",
  dataset: "cora",
  task: "node-masking",
  method: "grpo",
  seed: 1,
  steps: 40,
  batchSize: 1024,
  episodesSeen: 40 * 1024,
  probeAccuracy: 80,
  wallSeconds: 100,
  backend: "wasm",
  command: "cmd",
  ...over,
});

describe("mergeRunRecords", () => {
  it("keeps every committed record when there are no local ones (a fresh clone)", () => {
    const committed = [record({ seed: 1 }), record({ seed: 2 }), record({ task: "edge-prediction" })];
    const { records, counts } = mergeRunRecords(committed, []);
    expect(records).toEqual(committed);
    expect(counts).toEqual({ committed: 3, local: 0, replaced: 0 });
  });

  it("replaces a committed run by its local rerun in place and appends new runs", () => {
    const committed = [record({ seed: 1, probeAccuracy: 79 }), record({ seed: 2, probeAccuracy: 81 })];
    const rerun = record({ seed: 1, probeAccuracy: 83, command: "new" });
    const added = record({ seed: 3, probeAccuracy: 82 });
    const { records, counts } = mergeRunRecords(committed, [added, rerun]);
    expect(records.map((r) => [r.seed, r.probeAccuracy])).toEqual([
      [1, 83],
      [2, 81],
      [3, 82],
    ]);
    expect(counts).toEqual({ committed: 2, local: 2, replaced: 1 });
  });

  it("treats a different step budget, batch or task label as a different run", () => {
    const base = record({});
    for (const other of [record({ steps: 80 }), record({ batchSize: 256 }), record({ task: "node-masking [GCN 512]" }), record({ dataset: "citeseer" }), record({ method: "random-init" })]) {
      expect(runIdentity(other)).not.toBe(runIdentity(base));
      expect(mergeRunRecords([base], [other]).records).toHaveLength(2);
    }
  });
});

describe("readRecordLines", () => {
  const dir = mkdtempSync(join(tmpdir(), "records-"));

  it("reads one record per line and ignores blank lines", async () => {
    const path = join(dir, "ok.jsonl");
    writeFileSync(path, `${JSON.stringify(record({ seed: 1 }))}\n\n${JSON.stringify(record({ seed: 2 }))}\n`);
    expect((await readRecordLines(path)).map((r) => r.seed)).toEqual([1, 2]);
  });

  it("gives no records for an absent file", async () => {
    expect(await readRecordLines(join(dir, "absent.jsonl"))).toEqual([]);
  });

  it("names the file, the line and the field of a bad line", async () => {
    const notJson = join(dir, "bad.jsonl");
    writeFileSync(notJson, `${JSON.stringify(record({}))}\n{oops\n`);
    await expect(readRecordLines(notJson)).rejects.toThrow(/bad\.jsonl:2: not JSON/);
    const missing = join(dir, "missing.jsonl");
    writeFileSync(missing, `${JSON.stringify({ ...record({}), seed: "one" })}\n`);
    await expect(readRecordLines(missing)).rejects.toThrow(/missing\.jsonl:1: field "seed" must be a number/);
  });
});
