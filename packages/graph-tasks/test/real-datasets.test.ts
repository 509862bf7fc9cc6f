import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linearProbe, SkipCounter } from "@ssl4rl/core";
import { compactGraph, findLinqsFiles, graphStats, loadLinqs, loadNamedDataset, loadNpz, planetoidSplitFromPickles, planetoidSplitFromTestIndex } from "@ssl4rl/graph-tasks";

const DATA = join(import.meta.dirname, "..", "..", "..", "..", "shared", "datasets");
const CORA = join(DATA, "cora");
const CITESEER = join(DATA, "citeseer");
const haveCora = existsSync(join(CORA, "cora.npz"));
const haveCiteseer = existsSync(join(CITESEER, "citeseer.npz"));
if (!haveCora) console.log(`skipping Cora tests: ${CORA} not found (the shared datasets are not mounted)`);
if (!haveCiteseer) console.log(`skipping CiteSeer tests: ${CITESEER} not found (the shared datasets are not mounted)`);

describe.skipIf(!haveCora)("Cora (shared/datasets/cora)", () => {
  it("npz: 2,708 nodes, 5,429 links, 1,433 binary features, 7 classes", () => {
    const s = graphStats(loadNpz(join(CORA, "cora.npz")));
    expect(s).toMatchObject({ nodes: 2708, edges: 5429, undirectedEdges: 5278, features: 1433, binaryFeatures: true, classes: 7, selfLoops: 0, duplicateEdges: 0, isolatedNodes: 0 });
  });

  it("LINQS text (gzip content + cites) gives the same counts and class sizes", () => {
    const { content, cites } = findLinqsFiles(CORA);
    const skips = new SkipCounter();
    const d = loadLinqs(content, cites, { skips });
    expect(skips.total).toBe(0);
    expect(graphStats(d)).toMatchObject({ nodes: 2708, edges: 5429, undirectedEdges: 5278, features: 1433, classes: 7 });
    const g = compactGraph(d);
    const sizes = Object.fromEntries(g.classNames.map((c, k) => [c, g.labels.filter((l) => l === k).length]));
    expect(sizes).toEqual({ Case_Based: 298, Genetic_Algorithms: 418, Neural_Networks: 818, Probabilistic_Methods: 426, Reinforcement_Learning: 217, Rule_Learning: 180, Theory: 351 });
    let ones = 0;
    for (const v of g.features) ones += v;
    expect(ones).toBe(49216);
  });

  it("Planetoid split: 140 (20 per class) / 500 / 1000, disjoint", () => {
    const d = loadNamedDataset("cora", CORA);
    const split = d.split!;
    expect([split.train.length, split.val.length, split.test.length]).toEqual([140, 500, 1000]);
    const g = compactGraph(d);
    const perClass = new Array(7).fill(0);
    for (const u of split.train) perClass[g.labels[u]!]++;
    expect(perClass).toEqual(new Array(7).fill(20));
    expect(new Set([...split.train, ...split.val, ...split.test]).size).toBe(1640);
    const fromIndex = planetoidSplitFromTestIndex(join(CORA, "planetoid", "ind.cora.test.index"), 7);
    expect([fromIndex.train.length, fromIndex.val.length, fromIndex.test.length]).toEqual([140, 500, 1000]);
  });

  it("a linear probe on raw bag-of-words features scores in the known range (about 0.58)", () => {
    const d = loadNamedDataset("cora", CORA);
    const g = compactGraph(d);
    const r = linearProbe({ embeddings: g.features, dim: g.numFeatures, labels: g.labels, ...d.split!, standardise: false });
    // Logistic regression on Cora's raw features is reported near 57-60% on this split (0.595 here).
    expect(r.testAccuracy).toBeGreaterThan(0.55);
    expect(r.testAccuracy).toBeLessThan(0.65);
  });
});

describe.skipIf(!haveCiteseer)("CiteSeer (shared/datasets/citeseer)", () => {
  it("npz: 3,312 nodes, 3,703 features, 6 classes, 124 self-loops, 4,536 undirected edges", () => {
    const d = loadNamedDataset("citeseer", CITESEER);
    expect(graphStats(d)).toMatchObject({ nodes: 3312, edges: 4715, undirectedEdges: 4536, selfLoops: 124, features: 3703, classes: 6, split: { train: 120, val: 500, test: 1000 } });
    const g = compactGraph(d);
    const sizes = Object.fromEntries(g.classNames.map((c, k) => [c, g.labels.filter((l) => l === k).length]));
    expect(sizes).toEqual({ AI: 249, Agents: 596, DB: 701, HCI: 508, IR: 668, ML: 590 });
  });

  it("a linear probe on raw features scores in the known range (about 0.6)", () => {
    const d = loadNamedDataset("citeseer", CITESEER);
    const g = compactGraph(d);
    const r = linearProbe({ embeddings: g.features, dim: g.numFeatures, labels: g.labels, ...d.split!, standardise: false });
    expect(r.testAccuracy).toBeGreaterThan(0.56);
    expect(r.testAccuracy).toBeLessThan(0.66);
  });
});

describe.each([
  ["cora", CORA, 7, haveCora],
  ["citeseer", CITESEER, 6, haveCiteseer],
] as const)("Planetoid split from the original pickles (%s)", (name, dir, classes, have) => {
  it.skipIf(!have)("places exactly the split of the paper-id TSV on the npz nodes", () => {
    const reference = loadNamedDataset(name, dir);
    const g = compactGraph(reference);
    const fromPickles = planetoidSplitFromPickles(dir, name, g, classes);
    for (const part of ["train", "val", "test"] as const) {
      expect([...fromPickles[part]].sort((a, b) => a - b)).toEqual([...reference.split![part]].sort((a, b) => a - b));
    }
  });
});
