import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInputError, type Episode, generateEpisodes, type GraphObservation, Random, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { compactGraph, compactGraphFromArrays, corruptionDetectionTask, type GraphSample, graphTasks, repeatingGraphSource } from "@ssl4rl/graph-tasks";
import { createRegistry } from "@ssl4rl/core";
import { smallGraph } from "./small-graphs.js";

async function episodes(seed: number | string, count: number, raw: object = {}, dataset = smallGraph()) {
  const options = resolveTaskOptions(corruptionDetectionTask, raw);
  const out: Episode<GraphObservation>[] = [];
  const skips = new SkipCounter();
  for await (const e of generateEpisodes(corruptionDetectionTask, repeatingGraphSource(dataset), { seed, count, options, skips })) out.push(e as unknown as Episode<GraphObservation>);
  return { out, skips };
}

/** Row `v` of the stacked view's features. */
function row(view: GraphObservation["view"], v: number): Float32Array {
  return view.features.subarray(v * view.numFeatures, (v + 1) * view.numFeatures);
}

describe("graph/corruption-detection", () => {
  it("stacks the intact graph and a copy with the same edges whose rows are a permutation of the intact ones", async () => {
    const dataset = smallGraph(150, 3, { features: 12 });
    const g = compactGraph(dataset);
    const n = g.numNodes;
    const { out } = await episodes(1, 1, {}, dataset);
    const { view } = out[0]!.observation;
    expect(view.numNodes).toBe(2 * n);
    for (let v = 0; v < n; v++) expect(Array.from(row(view, v))).toEqual(Array.from(g.features.subarray(v * g.numFeatures, (v + 1) * g.numFeatures)));
    // Same edges in both copies, none between them.
    const edges = (copy: 0 | 1) => {
      const keys: string[] = [];
      for (let e = 0; e < view.edgeSources.length; e++) {
        const [s, t] = [view.edgeSources[e]!, view.edgeTargets[e]!];
        expect(s >= n).toBe(t >= n);
        if ((s >= n) === (copy === 1)) keys.push(`${s - copy * n}-${t - copy * n}`);
      }
      return keys.sort();
    };
    expect(edges(1)).toEqual(edges(0));
    expect(edges(0).length).toBe(g.adjacency.neighbours.length);
    // The shuffled copy's rows are the intact rows, each used once, mostly moved.
    const key = (r: Float32Array) => Array.from(r).join(",");
    const intact = new Map<string, number>();
    for (let v = 0; v < n; v++) intact.set(key(row(view, v)), (intact.get(key(row(view, v))) ?? 0) + 1);
    let moved = 0;
    for (let v = 0; v < n; v++) {
      const k = key(row(view, n + v));
      expect(intact.get(k)).toBeGreaterThan(0);
      intact.set(k, intact.get(k)! - 1);
      if (k !== key(row(view, v))) moved++;
    }
    expect(moved / n).toBeGreaterThan(0.9);
  });

  it("offers one intact node and K − 1 shuffled ones whose row is not their own, the letter naming the intact one", async () => {
    const dataset = smallGraph(120, 5);
    const n = compactGraph(dataset).numNodes;
    const { out } = await episodes(2, 80, { candidates: 5, summaryNodes: 7 }, dataset);
    for (const e of out) {
      const { view, query, candidates } = e.observation;
      expect(candidates).toHaveLength(5);
      expect(new Set(candidates).size).toBe(5);
      const intact = candidates.filter((c) => c < n);
      expect(intact).toEqual([candidates[e.answerIndex!]]);
      expect(e.answer).toBe("ABCDE"[e.answerIndex!]);
      for (const c of candidates) if (c >= n) expect(Array.from(row(view, c))).not.toEqual(Array.from(row(view, c - n)));
      expect(query).toHaveLength(7);
      expect(new Set(query).size).toBe(7);
      for (const q of query) expect(q).toBeLessThan(n);
      expect(query).not.toContain(intact[0]);
    }
  });

  it("spreads the answer over the letters (no position bias)", async () => {
    const { out } = await episodes(3, 400);
    const counts = [0, 0, 0, 0];
    for (const e of out) counts[e.answerIndex!]!++;
    for (const c of counts) expect(c).toBeGreaterThan(70); // 100 expected each
  });

  it("never offers an isolated node: shuffled or not, it would look the same", async () => {
    // Nodes 0..9 are a path; 10..29 have no edges.
    const sources = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const targets = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const features = Float32Array.from({ length: 30 * 4 }, (_, i) => (i * 7919) % 13);
    const g = compactGraphFromArrays({ name: "path", numNodes: 30, sources, targets, numFeatures: 4, features });
    const options = resolveTaskOptions(corruptionDetectionTask, { candidates: 3 });
    for (let index = 0; index < 50; index++) {
      const e = await corruptionDetectionTask.makeEpisode({ samples: [g], rng: Random.fromSeed(4).fork(index), seed: 4, index }, options);
      for (const c of e.observation.candidates) expect(c % 30).toBeLessThan(10);
    }
  });

  it("gives the same episodes for the same seed and a new shuffle for another seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), async (seed) => {
        const one = await episodes(seed, 3);
        const two = await episodes(seed, 3);
        expect(two.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates, e.observation.query])).toEqual(
          one.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates, e.observation.query]),
        );
        expect(one.out[0]!.observation.view).toBe(one.out[2]!.observation.view);
        const other = await episodes(`${String(seed)}x`, 1);
        expect(other.out[0]!.observation.view.id).not.toBe(one.out[0]!.observation.view.id);
        expect(Array.from(other.out[0]!.observation.view.features)).not.toEqual(Array.from(one.out[0]!.observation.view.features));
      }),
      { numRuns: 8 },
    );
  });

  it("describes each candidate by its copy's features and its neighbours', naming no node", async () => {
    const { out } = await episodes(6, 20, { candidates: 4, maxNeighbours: 2 });
    for (const e of out) {
      const text = e.prompt.messages[0]!.content;
      const lines = text.split("\n").filter((line) => /^[A-D]: /.test(line));
      expect(lines).toHaveLength(4);
      for (const line of lines) {
        expect(line).not.toMatch(/\bn\d+\b/);
        expect(line).toMatch(/\d+ neighbours?/);
        expect((line.match(/\(\[/g) ?? []).length).toBeLessThanOrEqual(2);
      }
      expect(text).toContain("<answer>");
    }
  });

  it("is registered by the graph plugin and rejects a graph without features or with too few connected nodes, naming the field", () => {
    expect(createRegistry([graphTasks()]).task("graph/corruption-detection").id).toBe("graph/corruption-detection");
    const make = (sample: GraphSample, raw: object) => corruptionDetectionTask.makeEpisode({ samples: [sample], rng: Random.fromSeed(1), seed: 1, index: 0 }, resolveTaskOptions(corruptionDetectionTask, raw));
    const bare = compactGraphFromArrays({ name: "bare", numNodes: 30, sources: [0, 1, 2], targets: [1, 2, 3], numFeatures: 0, features: new Float32Array(0) });
    expect(() => make(bare, {})).toThrow(BadInputError);
    expect(() => make(bare, {})).toThrow(/node features/);
    const sparse = compactGraphFromArrays({ name: "sparse", numNodes: 30, sources: [0], targets: [1], numFeatures: 2, features: Float32Array.from({ length: 60 }, (_, i) => i) });
    expect(() => make(sparse, { candidates: 3 })).toThrow(/edges.*at least 3 nodes with a neighbour/s);
  });
});
