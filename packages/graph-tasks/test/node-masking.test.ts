import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInputError, type Episode, generateEpisodes, Random, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { compactGraph, describeFeatures, type NodeMaskingObservation, nodeMaskingOptions, nodeMaskingTask, repeatingGraphSource } from "@ssl4rl/graph-tasks";
import { smallGraph } from "./small-graphs.js";

async function episodes(seed: number | string, count: number, raw: object = {}, dataset = smallGraph()) {
  const options = resolveTaskOptions(nodeMaskingTask, raw);
  const out: Episode<NodeMaskingObservation>[] = [];
  const skips = new SkipCounter();
  for await (const e of generateEpisodes(nodeMaskingTask, repeatingGraphSource(dataset), { seed, count, options, skips })) out.push(e as unknown as Episode<NodeMaskingObservation>);
  return { out, skips, dataset };
}

describe("graph/node-masking", () => {
  it("offers K candidates whose lettered answer is the masked node's true feature row", async () => {
    const { out, dataset } = await episodes(1, 40, { candidates: 5 });
    const g = compactGraph(dataset);
    const f = g.numFeatures;
    expect(out).toHaveLength(40);
    for (const e of out) {
      const [u] = e.observation.query;
      const { candidates, candidateFeatures, view } = e.observation;
      expect(candidates).toHaveLength(5);
      expect(new Set(candidates).size).toBe(5);
      expect(e.answer).toBe("ABCDE"[e.answerIndex!]);
      expect(candidates[e.answerIndex!]).toBe(u);
      expect([...candidateFeatures.subarray(e.answerIndex! * f, (e.answerIndex! + 1) * f)]).toEqual([...g.features.subarray(u! * f, (u! + 1) * f)]);
      // Every candidate is hidden in the view, so none can be ruled out by finding its row there.
      for (const c of candidates) expect(view.masked[c]).toBe(1);
      expect(nodeMaskingTask.answerSpace(resolveTaskOptions(nodeMaskingTask, { candidates: 5 }))).toEqual(["A", "B", "C", "D", "E"]);
    }
  });

  it("spreads the answer over the letters (no position bias)", async () => {
    const { out } = await episodes(2, 400);
    const counts = [0, 0, 0, 0];
    for (const e of out) counts[e.answerIndex!]!++;
    for (const c of counts) expect(c).toBeGreaterThan(70); // 100 expected each
  });

  it("all episodes of one seed share one view; another seed gets another view", async () => {
    const dataset = smallGraph();
    const a = await episodes(3, 10, {}, dataset);
    const b = await episodes(4, 3, {}, dataset);
    const view = a.out[0]!.observation.view;
    for (const e of a.out) expect(e.observation.view).toBe(view);
    expect(b.out[0]!.observation.view).not.toBe(view);
    expect(b.out[0]!.observation.view.id).not.toBe(view.id);
    const masked = view.masked.reduce((s, x) => s + x, 0);
    expect(masked).toBe(Math.round(0.5 * dataset.graph.order));
  });

  it("gives the same episodes for the same seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), fc.constantFrom("features", "label"), async (seed, form) => {
        const one = await episodes(seed, 5, { form });
        const two = await episodes(seed, 5, { form });
        expect(two.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates])).toEqual(one.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content, e.observation.candidates]));
      }),
      { numRuns: 15 },
    );
  });

  it("never leaks masked features into the view or the neighbourhood text (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.constantFrom("zero", "mean" as const), fc.boolean(), async (seed, maskRate, replacement, binary) => {
        const dataset = binary ? smallGraph(60, 3, { features: 24 }) : smallGraph(60, 5);
        if (binary) {
          // A bag-of-words variant: threshold the Gaussian features.
          dataset.graph.updateEachNodeAttributes((_n, a) => ({ ...a, features: Float32Array.from(a.features as Float32Array, (v) => (v > 0.5 ? 1 : 0)) }));
        }
        const { out } = await episodes(seed, 4, { maskRate, replacement, hops: 2, maxNodes: 60 }, dataset);
        const g = compactGraph(dataset);
        const f = g.numFeatures;
        for (const e of out) {
          const { view } = e.observation;
          const text = e.prompt.messages[0]!.content;
          const neighbourhood = text.slice(0, text.indexOf("Which of these"));
          for (let u = 0; u < g.numNodes; u++) {
            if (view.masked[u] !== 1) continue;
            const shown = view.features.subarray(u * f, (u + 1) * f);
            // The masked row is the replacement: all zeros, or the same mean row for every masked node.
            if (replacement === "zero") expect(shown.every((x) => x === 0)).toBe(true);
            const first = view.features.subarray(e.observation.query[0]! * f, (e.observation.query[0]! + 1) * f);
            expect([...shown]).toEqual([...first]);
          }
          // Each node line shows either "[features hidden]" (masked nodes) or that node's own
          // true row (unmasked nodes): no masked row reaches the text by any route.
          let lines = 0;
          for (const line of neighbourhood.split("\n")) {
            const m = /^- n(\d+) \(hop \d+\): (.*)$/.exec(line);
            if (m === null) continue;
            lines++;
            const u = Number(m[1]);
            const expected = view.masked[u] === 1 ? "[features hidden]" : describeFeatures(g, g.features.subarray(u * f, (u + 1) * f), 24);
            expect(m[2]).toBe(expected);
          }
          expect(lines).toBeGreaterThan(0);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("asks for the class in the label form, and the answer is the node's label", async () => {
    const { out, dataset } = await episodes(5, 30, { form: "label" });
    const g = compactGraph(dataset);
    for (const e of out) {
      const u = e.observation.query[0]!;
      expect(e.answer).toBe(g.classNames[g.labels[u]!]);
      expect(e.answerIndex).toBe(g.labels[u]);
      expect(e.observation.candidates).toEqual([]);
      expect(e.prompt.messages[0]!.content).toContain("The classes are: class-0, class-1, class-2.");
    }
    expect(nodeMaskingTask.answerSpace(resolveTaskOptions(nodeMaskingTask, { form: "label" }))).toBeUndefined();
  });

  it("refuses the label form on an unlabelled graph with a clear error", async () => {
    const dataset = smallGraph(40, 1);
    dataset.graph.updateEachNodeAttributes((_n, a) => ({ ...a, label: undefined }));
    dataset.graph.setAttribute("classNames", []);
    await expect(episodes(1, 1, { form: "label" }, dataset)).rejects.toThrow(BadInputError);
  });

  it("takes hard negatives from the query's neighbourhood when asked", async () => {
    const dataset = smallGraph(300, 2);
    const g = compactGraph(dataset);
    const { out } = await episodes(6, 40, { hardNegatives: true, hops: 2 }, dataset);
    let near = 0;
    let total = 0;
    for (const e of out) {
      const u = e.observation.query[0]!;
      const twoHop = new Set<number>();
      for (let k = g.adjacency.offsets[u]!; k < g.adjacency.offsets[u + 1]!; k++) {
        const v = g.adjacency.neighbours[k]!;
        twoHop.add(v);
        for (let k2 = g.adjacency.offsets[v]!; k2 < g.adjacency.offsets[v + 1]!; k2++) twoHop.add(g.adjacency.neighbours[k2]!);
      }
      for (const c of e.observation.candidates) {
        if (c === u) continue;
        total++;
        if (twoHop.has(c)) near++;
      }
    }
    expect(near / total).toBeGreaterThan(0.6);
  });

  it("rejects bad options with the task and field named", () => {
    expect(() => resolveTaskOptions(nodeMaskingTask, { maskRate: 0 })).toThrow(/graph\/node-masking option maskRate/);
    expect(() => resolveTaskOptions(nodeMaskingTask, { candidates: 1 })).toThrow(/candidates/);
    expect(() => resolveTaskOptions(nodeMaskingTask, { nope: 1 })).toThrow(/graph\/node-masking/);
    expect(nodeMaskingOptions.parse({})).toMatchObject({ form: "features", maskRate: 0.5, candidates: 4 });
  });

  it("accepts a bare graphology graph as the sample", async () => {
    const dataset = smallGraph(50, 9);
    const e = await nodeMaskingTask.makeEpisode({ samples: [dataset.graph], rng: Random.fromSeed(1), seed: 0, index: 0 }, nodeMaskingOptions.parse({}));
    expect(e.observation.candidates).toHaveLength(4);
  });
});

describe("graph/node-masking on graphs that cannot make an episode", () => {
  it("fails with a clear error (not an endless run of skips) when no masked node has a neighbour", async () => {
    const dataset = smallGraph(30, 1);
    dataset.graph.clearEdges();
    await expect(episodes(0, 1, {}, dataset)).rejects.toThrow(/expected a masked node with at least one neighbour/);
  });

  it("fails with a clear error when the masked nodes have fewer distinct rows than candidates", async () => {
    const dataset = smallGraph(30, 2);
    dataset.graph.updateEachNodeAttributes((_n, a) => ({ ...a, features: new Float32Array(8) }));
    await expect(episodes(0, 1, {}, dataset)).rejects.toThrow(/at least 4 different feature vectors among the masked nodes/);
  });
});
