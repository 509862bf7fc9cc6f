import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInputError, type Episode, generateEpisodes, type GraphObservation, Random, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { compactGraph, compactGraphFromArrays, type GraphSample, nodeContrastTask, repeatingGraphSource } from "@ssl4rl/graph-tasks";
import { smallGraph } from "./small-graphs.js";

async function episodes(seed: number | string, count: number, raw: object = {}, dataset = smallGraph()) {
  const options = resolveTaskOptions(nodeContrastTask, raw);
  const out: Episode<GraphObservation>[] = [];
  const skips = new SkipCounter();
  for await (const e of generateEpisodes(nodeContrastTask, repeatingGraphSource(dataset), { seed, count, options, skips })) out.push(e as unknown as Episode<GraphObservation>);
  return { out, skips, dataset };
}

/** Undirected edges of one copy of a stacked view, as "u-v" keys in source-graph numbering. */
function copyEdges(view: GraphObservation["view"], n: number, copy: 0 | 1): Set<string> {
  const out = new Set<string>();
  for (let e = 0; e < view.edgeSources.length; e++) {
    const s = view.edgeSources[e]!;
    const t = view.edgeTargets[e]!;
    if ((s >= n) !== (copy === 1)) continue;
    const [a, b] = [s - copy * n, t - copy * n].sort((x, y) => x - y);
    out.add(`${a}-${b}`);
  }
  return out;
}

describe("graph/node-contrast", () => {
  it("offers K nodes of the second copy, the lettered answer being the query node's twin", async () => {
    const { out, dataset } = await episodes(1, 60, { candidates: 6 });
    const n = compactGraph(dataset).numNodes;
    for (const e of out) {
      const { query, candidates, view } = e.observation;
      expect(view.numNodes).toBe(2 * n);
      expect(query).toHaveLength(1);
      expect(query[0]!).toBeLessThan(n);
      expect(candidates).toHaveLength(6);
      expect(new Set(candidates).size).toBe(6);
      for (const c of candidates) expect(c).toBeGreaterThanOrEqual(n);
      expect(candidates[e.answerIndex!]! - n).toBe(query[0]);
      expect(e.answer).toBe("ABCDEF"[e.answerIndex!]);
    }
    expect(nodeContrastTask.answerSpace(resolveTaskOptions(nodeContrastTask, { candidates: 6 }))).toEqual(["A", "B", "C", "D", "E", "F"]);
  });

  it("corrupts the two copies apart: each drops about the asked share of edges and feature columns, and no edge joins them", async () => {
    const dataset = smallGraph(300, 11, { features: 40 });
    const { out } = await episodes(2, 1, { edgeDropRate: 0.4, featureDropRate: 0.25 }, dataset);
    const g = compactGraph(dataset);
    const n = g.numNodes;
    const f = g.numFeatures;
    const { view } = out[0]!.observation;
    const full = new Set<string>();
    for (let u = 0; u < n; u++) for (let k = g.adjacency.offsets[u]!; k < g.adjacency.offsets[u + 1]!; k++) if (g.adjacency.neighbours[k]! > u) full.add(`${u}-${g.adjacency.neighbours[k]}`);
    for (let e = 0; e < view.edgeSources.length; e++) expect(view.edgeSources[e]! >= n).toBe(view.edgeTargets[e]! >= n);
    const [first, second] = [copyEdges(view, n, 0), copyEdges(view, n, 1)];
    for (const copy of [first, second]) {
      for (const key of copy) expect(full.has(key)).toBe(true);
      expect(copy.size / full.size).toBeGreaterThan(0.5);
      expect(copy.size / full.size).toBeLessThan(0.7);
    }
    expect([...first].sort()).not.toEqual([...second].sort());
    // A dropped column is zero for every node of its copy; a kept one is the source's.
    const dropped = (copy: 0 | 1) => {
      const cols: number[] = [];
      for (let j = 0; j < f; j++) {
        let same = true;
        let zero = true;
        for (let u = 0; u < n; u++) {
          const v = view.features[(copy * n + u) * f + j]!;
          if (v !== g.features[u * f + j]) same = false;
          if (v !== 0) zero = false;
        }
        expect(same || zero).toBe(true);
        if (!same) cols.push(j);
      }
      return cols;
    };
    const [a, b] = [dropped(0), dropped(1)];
    expect(a.length + b.length).toBeGreaterThan(0.1 * 2 * f);
    expect(a.length + b.length).toBeLessThan(0.45 * 2 * f);
    expect(a).not.toEqual(b);
  });

  it("spreads the answer over the letters (no position bias)", async () => {
    const { out } = await episodes(3, 400, { candidates: 4 });
    const counts = [0, 0, 0, 0];
    for (const e of out) counts[e.answerIndex!]!++;
    for (const c of counts) expect(c).toBeGreaterThan(70); // 100 expected each
  });

  it("never offers a wrong node whose feature row equals the query's", async () => {
    const dataset = smallGraph(80, 5, { features: 8 });
    // Give nodes 0..9 one shared row: none of them may be a wrong candidate for another.
    const shared = Float32Array.from({ length: 8 }, (_, j) => j / 8);
    dataset.graph.updateEachNodeAttributes((node, a) => (Number(node) < 10 ? { ...a, features: shared.slice() } : a));
    const g = compactGraph(dataset);
    const twins = new Set(g.nodeIds.flatMap((id, i) => (Number(id) < 10 ? [i] : [])));
    const { out } = await episodes(4, 300, { candidates: 5 }, dataset);
    for (const e of out) {
      const u = e.observation.query[0]!;
      if (!twins.has(u)) continue;
      const wrong = e.observation.candidates.filter((_, k) => k !== e.answerIndex).map((c) => c - g.numNodes);
      for (const w of wrong) expect(twins.has(w)).toBe(false);
    }
  });

  it("gives the same episodes for the same seed, and a new view for another seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), fc.boolean(), async (seed, hardNegatives) => {
        const one = await episodes(seed, 4, { hardNegatives });
        const two = await episodes(seed, 4, { hardNegatives });
        expect(two.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates])).toEqual(one.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates]));
        expect(one.out[0]!.observation.view).toBe(one.out[3]!.observation.view);
        const other = await episodes(`${String(seed)}x`, 1, { hardNegatives });
        expect(other.out[0]!.observation.view.id).not.toBe(one.out[0]!.observation.view.id);
      }),
      { numRuns: 10 },
    );
  });

  it("draws hard negatives from the query's neighbourhood", async () => {
    const dataset = smallGraph(400, 9);
    const g = compactGraph(dataset);
    const near = (u: number, v: number) => {
      const { offsets, neighbours } = g.adjacency;
      const one = new Set(Array.from(neighbours.subarray(offsets[u]!, offsets[u + 1]!)));
      if (one.has(v)) return true;
      for (const w of one) for (let k = offsets[w]!; k < offsets[w + 1]!; k++) if (neighbours[k] === v) return true;
      return false;
    };
    const share = async (hardNegatives: boolean) => {
      const { out } = await episodes(5, 100, { hardNegatives, candidates: 4 }, dataset);
      let close = 0;
      let total = 0;
      for (const e of out) {
        const u = e.observation.query[0]!;
        for (const [k, c] of e.observation.candidates.entries()) {
          if (k === e.answerIndex) continue;
          total++;
          if (near(u, c - g.numNodes)) close++;
        }
      }
      return close / total;
    };
    expect(await share(true)).toBeGreaterThan(0.8);
    expect(await share(false)).toBeLessThan(0.3);
  });

  it("names no second-copy node in the text, so the prompt cannot give the twin away", async () => {
    const { out } = await episodes(6, 20);
    for (const e of out) {
      const text = e.prompt.messages[0]!.content;
      const options = text.slice(text.indexOf("Which of these nodes"));
      expect(options).not.toMatch(/\bn\d+\b.*:/);
      expect(options.split("\n").filter((line) => /^[A-H]: \d+ neighbours; /.test(line))).toHaveLength(8);
      expect(text).toContain(`<answer>`);
    }
  });

  it("rejects a graph without features, or with fewer nodes than candidates, naming the field", async () => {
    const bare = compactGraphFromArrays({ name: "bare", numNodes: 30, sources: [0, 1, 2], targets: [1, 2, 3], numFeatures: 0, features: new Float32Array(0) });
    const make = (sample: GraphSample, raw: object) => nodeContrastTask.makeEpisode({ samples: [sample], rng: Random.fromSeed(1), seed: 1, index: 0 }, resolveTaskOptions(nodeContrastTask, raw));
    expect(() => make(bare, {})).toThrow(BadInputError);
    expect(() => make(bare, {})).toThrow(/node features/);
    expect(() => make(smallGraph(20, 1), { candidates: 26 })).toThrow(/nodes.*at least 26/s);
  });
});
