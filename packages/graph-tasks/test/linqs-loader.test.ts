import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BadInputError, SkipCounter } from "@ssl4rl/core";
import { compactGraph, graphStats, loadLinqs } from "@ssl4rl/graph-tasks";
import { tempFiles } from "./temp-files.js";

const CONTENT = "p1\t1\t0\t1\tAI\np2\t0\t1\t0\tDB\np3\t0\t0\t1\tAI\n";
const CITES = "p1\tp2\np2\tp3\np1\tp2\np3\tp3\n";

describe("loadLinqs", () => {
  it("reads papers, words, labels and links (citing → cited), merging repeats", () => {
    const dir = tempFiles({ "toy.content": CONTENT, "toy.cites": CITES });
    const d = loadLinqs(join(dir, "toy.content"), join(dir, "toy.cites"));
    expect(d.name).toBe("toy");
    expect(d.graph.order).toBe(3);
    expect(d.graph.hasDirectedEdge("p2", "p1")).toBe(true);
    expect(d.graph.hasDirectedEdge("p3", "p2")).toBe(true);
    expect(d.duplicateEdges).toBe(1);
    const s = graphStats(d);
    expect(s).toMatchObject({ nodes: 3, edges: 3, undirectedEdges: 2, features: 3, binaryFeatures: true, classes: 2, selfLoops: 1, isolatedNodes: 0 });
    const g = compactGraph(d);
    expect([...g.features.subarray(0, 3)]).toEqual([1, 0, 1]);
    expect(g.classNames).toEqual(["AI", "DB"]);
  });

  it("reads gzip files", () => {
    const dir = tempFiles({ "toy.content.gz": gzipSync(CONTENT), "toy.cites": CITES });
    expect(loadLinqs(join(dir, "toy.content.gz"), join(dir, "toy.cites")).graph.order).toBe(3);
  });

  it("skips and counts links to unknown papers", () => {
    const dir = tempFiles({ "toy.content": CONTENT, "toy.cites": "p1\tp2\nghost\tp1\n" });
    const skips = new SkipCounter();
    const d = loadLinqs(join(dir, "toy.content"), join(dir, "toy.cites"), { skips });
    expect(d.graph.size).toBe(1);
    expect(skips.byReason()).toEqual({ "link to a paper missing from .content": 1 });
  });

  it.each([
    ["a short line", "p1\t1\t0\t1\tAI\np2\tDB\n", CITES, /toy\.content:2.*expected <paper id>, feature values and a class label/],
    ["a ragged line", "p1\t1\t0\t1\tAI\np2\t1\t0\tDB\n", CITES, /toy\.content:2.*expected 5 tab-separated fields/],
    ["a non-number", "p1\t1\tx\t1\tAI\n", CITES, /toy\.content:1, field "feature 1": expected a number, got "x"/],
    ["a repeated paper", "p1\t1\t0\t1\tAI\np1\t1\t0\t1\tAI\n", CITES, /toy\.content:2.*each paper once/],
    ["an empty content file", "", CITES, /expected at least one paper line/],
    ["a cites line with three ids", CONTENT, "p1\tp2\tp3\n", /toy\.cites:1.*expected <cited paper id> <citing paper id>/],
  ])("rejects %s with BadInputError naming file and line", (_name, content, cites, message) => {
    const dir = tempFiles({ "toy.content": content, "toy.cites": cites });
    const load = () => loadLinqs(join(dir, "toy.content"), join(dir, "toy.cites"));
    expect(load).toThrow(BadInputError);
    expect(load).toThrow(message);
  });
});
