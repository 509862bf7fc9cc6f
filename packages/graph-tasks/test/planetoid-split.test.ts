import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { planetoidSplitFromTestIndex, readPlanetoidSplitTsv } from "@ssl4rl/graph-tasks";
import { tempFiles } from "./temp-files.js";

const HEADER = "planetoid_index\tpaper_id\tsplit\tclass_label\n";

describe("Planetoid split", () => {
  it("reads the TSV by paper id, skipping none rows and empty padding ids", () => {
    const dir = tempFiles({ "s.tsv": `${HEADER}0\tp2\ttrain\tAI\n1\tp0\tval\tDB\n2\tp1\ttest\tAI\n3\t\tnone\t\n4\tp3\tnone\tAI\n` });
    const ids = ["p0", "p1", "p2", "p3"];
    const split = readPlanetoidSplitTsv(join(dir, "s.tsv"), (id) => ids.indexOf(id));
    expect([...split.train]).toEqual([2]);
    expect([...split.val]).toEqual([0]);
    expect([...split.test]).toEqual([1]);
  });

  it.each([
    ["a missing header", "0\tp0\ttrain\tAI\n", /s\.tsv:1: expected a header with columns paper_id and split/],
    ["an unknown split name", `${HEADER}0\tp0\ttraining\tAI\n`, /s\.tsv:2, field "split": expected train, val, test or none, got "training"/],
    ["an unknown paper", `${HEADER}0\tzz\ttrain\tAI\n`, /s\.tsv:2, field "paper_id": expected the id of a node in the graph, got "zz"/],
    ["a paper in two rows", `${HEADER}0\tp0\ttrain\tAI\n1\tp0\ttest\tAI\n`, /s\.tsv:3.*each paper in at most one split row/],
  ])("rejects %s", (_name, text, message) => {
    const dir = tempFiles({ "s.tsv": text });
    const read = () => readPlanetoidSplitTsv(join(dir, "s.tsv"), (id) => (id === "p0" ? 0 : undefined));
    expect(read).toThrow(BadInputError);
    expect(read).toThrow(message);
  });

  it("builds 20 per class / 500 / listed test from a test.index file", () => {
    const dir = tempFiles({ "ind.toy.test.index": "700\n650\n999\n" });
    const split = planetoidSplitFromTestIndex(join(dir, "ind.toy.test.index"), 3);
    expect(split.train.length).toBe(60);
    expect(split.train[59]).toBe(59);
    expect(split.val.length).toBe(500);
    expect(split.val[0]).toBe(60);
    expect([...split.test]).toEqual([700, 650, 999]);
  });

  it.each([
    ["a non-integer line", "700\nabc\n", /ind\.toy\.test\.index:2: expected a non-negative integer node index, got "abc"/],
    ["a repeated index", "700\n700\n", /ind\.toy\.test\.index:2: expected each test index once/],
    ["an index inside train or validation", "12\n", /expected test indices at or above 560/],
  ])("rejects a test.index with %s", (_name, text, message) => {
    const dir = tempFiles({ "ind.toy.test.index": text });
    expect(() => planetoidSplitFromTestIndex(join(dir, "ind.toy.test.index"), 3)).toThrow(message);
  });
});
