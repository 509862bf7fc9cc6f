import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { compactGraph, graphStats, loadEdgeList } from "@ssl4rl/graph-tasks";
import { tempFiles } from "./temp-files.js";

describe("loadEdgeList", () => {
  it.each([
    ["CSV with a header", "edges.csv", "source,target\na,b\nb,c\n"],
    ["TSV without a header", "edges.tsv", "a\tb\nb\tc\n"],
    ["space separated with comments", "edges.txt", "# toy\na b\nb  c\n"],
    ["extra columns ignored", "edges.csv", "src,dst,weight\na,b,0.5\nb,c,2\n"],
  ])("reads %s", (_name, file, text) => {
    const dir = tempFiles({ [file]: text });
    const d = loadEdgeList(join(dir, file));
    expect(d.graph.order).toBe(3);
    expect(d.graph.size).toBe(2);
    expect(d.graph.hasEdge("a", "b")).toBe(true);
  });

  it("merges repeats (either order when undirected) and counts them", () => {
    const dir = tempFiles({ "e.csv": "a,b\nb,a\na,b\nc,c\n" });
    const d = loadEdgeList(join(dir, "e.csv"));
    expect(graphStats(d)).toMatchObject({ edges: 2, duplicateEdges: 2, selfLoops: 1, undirectedEdges: 1, isolatedNodes: 1, directed: false });
    const directed = loadEdgeList(join(dir, "e.csv"), { directed: true });
    expect(graphStats(directed)).toMatchObject({ edges: 3, duplicateEdges: 1, directed: true });
  });

  it("takes features and classes from a node CSV; nodes only listed there stay isolated", () => {
    const dir = tempFiles({ "e.csv": "a,b\n", "n.csv": "id,class,w1,w0\na,x,1,0.5\nb,y,0,2\nc,x,3,1\n" });
    const d = loadEdgeList(join(dir, "e.csv"), { nodesFile: join(dir, "n.csv") });
    const g = compactGraph(d);
    expect(g.numFeatures).toBe(2);
    expect(g.featureNames).toEqual(["w0", "w1"]);
    expect([...g.features]).toEqual([0.5, 1, 2, 0, 1, 3]);
    expect(g.classNames).toEqual(["x", "y"]);
    expect(graphStats(d).isolatedNodes).toBe(1);
  });

  it.each([
    ["a line with one id", { "e.csv": "a,b\nc\n" }, {}, /e\.csv:2: expected two node ids separated by a comma/],
    ["an edge to a node missing from the node file", { "e.csv": "a,zz\n", "n.csv": "id,w\na,1\n" }, { nodes: true }, /e\.csv:1: expected node ids listed in .*n\.csv, got "zz"/],
    ["a node row of the wrong width", { "e.csv": "a,b\n", "n.csv": "id,w\na,1\nb\n" }, { nodes: true }, /n\.csv:3: expected 2 fields, as in the header/],
    ["a node listed twice", { "e.csv": "a,b\n", "n.csv": "id,w\na,1\na,2\n" }, { nodes: true }, /n\.csv:3, field "id": expected each node once/],
    ["a non-numeric value in a numeric column", { "e.csv": "a,b\n", "n.csv": "id,w\na,1\nb,oops\n" }, { nodes: true }, /node b attribute w.*expected a number/],
  ])("rejects %s with BadInputError", (_name, files, opts, message) => {
    const dir = tempFiles(files);
    const load = () => loadEdgeList(join(dir, "e.csv"), "nodes" in opts ? { nodesFile: join(dir, "n.csv") } : {});
    expect(load).toThrow(BadInputError);
    expect(load).toThrow(message);
  });
});
