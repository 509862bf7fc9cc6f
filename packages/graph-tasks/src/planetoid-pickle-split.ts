import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BadInputError } from "@ssl4rl/core";
import type { CompactGraph } from "./compact-graph.js";
import type { NodeSplit } from "./node-split.js";
import { planetoidSplitFromTestIndex } from "./planetoid-split.js";
import { type PickledCsr, readPlanetoidPickle } from "./python-pickle.js";

/** The Planetoid files this needs, under `dir` (or `dir/planetoid`). */
export function planetoidPickleFiles(dir: string, name: string): { allx: string; tx: string; graph: string; testIndex: string } | undefined {
  for (const base of [join(dir, "planetoid"), dir]) {
    const files = {
      allx: join(base, `ind.${name}.allx`),
      tx: join(base, `ind.${name}.tx`),
      graph: join(base, `ind.${name}.graph`),
      testIndex: join(base, `ind.${name}.test.index`),
    };
    if (Object.values(files).every((f) => existsSync(f))) return files;
  }
  return undefined;
}

function rowKeys(indptr: Int32Array, indices: Int32Array, rows: number): string[] {
  const keys: string[] = [];
  for (let r = 0; r < rows; r++) keys.push([...indices.subarray(indptr[r]!, indptr[r + 1]!)].sort((a, b) => a - b).join(","));
  return keys;
}

/**
 * The Planetoid public split placed on a graph loaded in another node order (the
 * gnn-benchmark `.npz`), from the original `ind.NAME.allx`, `tx`, `graph` and `test.index`:
 * each Planetoid node is matched to the graph node with the same bag of words; where several
 * share one, to the candidate whose neighbours best agree with the Planetoid node's already
 * matched neighbours, and remaining ties (exact duplicates: same words, same neighbours) in
 * ascending order on both sides. Planetoid's loader pairs line j of `test.index` with row j of
 * `tx`, and train/validation are the first rows of `allx`. Nodes that match nothing (CiteSeer's
 * featureless padding nodes) are left out of the split.
 *
 * Cross-checked against the paper-id split TSVs in `shared/datasets` (see the tests).
 */
export function planetoidSplitFromPickles(dir: string, name: string, graph: CompactGraph, numClasses: number): NodeSplit {
  const files = planetoidPickleFiles(dir, name);
  if (files === undefined) {
    throw new BadInputError({ file: dir, expected: `the Planetoid files ind.${name}.allx, .tx, .graph and .test.index`, hint: `Run "ssl4rl download ${name}"` });
  }
  const publicSplit = planetoidSplitFromTestIndex(files.testIndex, numClasses);
  const allx = readPlanetoidPickle(readFileSync(files.allx), files.allx) as PickledCsr;
  const tx = readPlanetoidPickle(readFileSync(files.tx), files.tx) as PickledCsr;
  const adjacency = readPlanetoidPickle(readFileSync(files.graph), files.graph);
  if (allx?.kind !== "csr" || tx?.kind !== "csr" || !(adjacency instanceof Map)) {
    throw new BadInputError({ file: dir, expected: "allx and tx as csr_matrix and graph as a dict of lists" });
  }
  if (tx.shape[0] !== publicSplit.test.length) {
    throw new BadInputError({ file: files.tx, expected: `${publicSplit.test.length} rows, one per test.index line`, got: tx.shape[0] });
  }
  // Bag of words of every Planetoid node that has one.
  const planetoidKey = new Map<number, string>();
  rowKeys(allx.indptr, allx.indices, allx.shape[0]).forEach((k, p) => planetoidKey.set(p, k));
  rowKeys(tx.indptr, tx.indices, tx.shape[0]).forEach((k, j) => planetoidKey.set(publicSplit.test[j]!, k));

  const f = graph.numFeatures;
  const byKey = new Map<string, number[]>();
  for (let u = 0; u < graph.numNodes; u++) {
    const ones: number[] = [];
    for (let j = 0; j < f; j++) if (graph.features[u * f + j] !== 0) ones.push(j);
    const key = ones.join(",");
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [u]);
    else list.push(u);
  }
  const groups = new Map<string, number[]>();
  for (const [p, key] of planetoidKey) {
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [p]);
    else list.push(p);
  }

  const toGraph = new Map<number, number>();
  const ambiguous: { planetoid: number[]; nodes: number[] }[] = [];
  for (const [key, planetoidNodes] of groups) {
    const nodes = byKey.get(key);
    if (nodes === undefined) continue;
    if (nodes.length === 1 && planetoidNodes.length === 1) toGraph.set(planetoidNodes[0]!, nodes[0]!);
    else ambiguous.push({ planetoid: [...planetoidNodes].sort((a, b) => a - b), nodes: [...nodes] });
  }
  const { offsets, neighbours } = graph.adjacency;
  const agreement = (p: number, u: number): number => {
    const row = neighbours.subarray(offsets[u]!, offsets[u + 1]!);
    let score = 0;
    for (const q of (adjacency.get(p) as number[] | undefined) ?? []) {
      const v = toGraph.get(q);
      if (v !== undefined && row.includes(v)) score++;
    }
    return score;
  };
  // Two passes: matches made in the first can settle neighbours in the second.
  for (let pass = 0; pass < 2; pass++) {
    for (const group of ambiguous) {
      const free = group.nodes.filter((u) => ![...toGraph.values()].includes(u)).sort((a, b) => a - b);
      for (const p of group.planetoid) {
        if (toGraph.has(p) || free.length === 0) continue;
        let best = 0;
        let bestScore = -1;
        for (let i = 0; i < free.length; i++) {
          const s = agreement(p, free[i]!);
          if (s > bestScore) {
            bestScore = s;
            best = i;
          }
        }
        if (pass === 1 || bestScore > 0 || free.length === 1) toGraph.set(p, free.splice(best, 1)[0]!);
      }
    }
  }
  const place = (part: Int32Array) => Int32Array.from([...part].map((p) => toGraph.get(p)).filter((u): u is number => u !== undefined));
  return { train: place(publicSplit.train), val: place(publicSplit.val), test: place(publicSplit.test) };
}
