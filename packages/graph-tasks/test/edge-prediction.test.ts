import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Episode, generateEpisodes, type GraphObservation, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { adjacencyFromPairs, compactGraph, edgePredictionTask, hasEdge, repeatingGraphSource } from "@ssl4rl/graph-tasks";
import { smallGraph } from "./small-graphs.js";

async function episodes(seed: number | string, count: number, raw: object = {}, dataset = smallGraph()) {
  const options = resolveTaskOptions(edgePredictionTask, raw);
  const out: Episode<GraphObservation>[] = [];
  for await (const e of generateEpisodes(edgePredictionTask, repeatingGraphSource(dataset), { seed, count, options, skips: new SkipCounter() })) out.push(e as Episode<GraphObservation>);
  return { out, dataset };
}

/** The edges a prompt lists, as "u,v" keys with u < v. */
function promptEdges(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/n(\d+)-n(\d+)/g)) {
    const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
    keys.add(`${a},${b}`);
  }
  return keys;
}

describe("graph/edge-prediction", () => {
  it("yes/no: positives are held-out edges, negatives are non-edges, the pair is never shown linked", async () => {
    const { out, dataset } = await episodes(1, 200);
    const full = compactGraph(dataset).adjacency;
    for (const e of out) {
      const [u, v] = e.observation.query as [number, number];
      const { view } = e.observation;
      const visible = adjacencyFromPairs(view.numNodes, view.edgeSources, view.edgeTargets);
      expect(hasEdge(visible, u, v)).toBe(false);
      expect(hasEdge(full, u, v)).toBe(e.answer === "yes");
      expect(e.answerIndex).toBe(e.answer === "yes" ? 0 : 1);
      expect(promptEdges(e.prompt.messages[0]!.content).has(`${Math.min(u, v)},${Math.max(u, v)}`)).toBe(false);
    }
  });

  it("yes/no answers are balanced (fair coin: 400 episodes within 4 standard deviations)", async () => {
    const { out } = await episodes(2, 400);
    const yes = out.filter((e) => e.answer === "yes").length;
    expect(Math.abs(yes - 200)).toBeLessThan(40);
  });

  it("choice: exactly one candidate is linked to the query in the full graph, and it is the answer", async () => {
    const { out, dataset } = await episodes(3, 100, { form: "choice", candidates: 5 });
    const full = compactGraph(dataset).adjacency;
    for (const e of out) {
      const u = e.observation.query[0]!;
      const linked = e.observation.candidates.map((c) => hasEdge(full, u, c));
      expect(linked.filter(Boolean)).toHaveLength(1);
      expect(linked.indexOf(true)).toBe(e.answerIndex);
      expect(e.answer).toBe("ABCDE"[e.answerIndex!]);
    }
  });

  it("held-out edges never appear in the view or any prompt, negatives are never edges; the view is the full graph minus the held-out edges (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.constantFrom("yes-no", "choice"), fc.constantFrom("uniform", "degree"), async (seed, holdoutRate, form, negatives) => {
        const { out, dataset } = await episodes(seed, 6, { holdoutRate, form, negatives, maxNodes: 200, maxEdges: 1000 });
        const full = compactGraph(dataset).adjacency;
        const view = out[0]!.observation.view;
        const visible = adjacencyFromPairs(view.numNodes, view.edgeSources, view.edgeTargets);
        const heldOut = full.neighbours.length / 2 - visible.neighbours.length / 2;
        expect(heldOut).toBe(Math.round(holdoutRate * (full.neighbours.length / 2)));
        for (const e of out) {
          expect(e.observation.view).toBe(view);
          // Negatives are never edges of the full graph; positives always are, and never visible.
          if (form === "yes-no") {
            const [u, v] = e.observation.query as [number, number];
            expect(hasEdge(full, u, v)).toBe(e.answer === "yes");
            expect(hasEdge(visible, u, v)).toBe(false);
          }
          for (const key of promptEdges(e.prompt.messages[0]!.content)) {
            const [a, b] = key.split(",").map(Number) as [number, number];
            expect(hasEdge(visible, a, b)).toBe(true);
          }
        }
        for (let u = 0; u < visible.numNodes; u++) {
          for (let k = visible.offsets[u]!; k < visible.offsets[u + 1]!; k++) expect(hasEdge(full, u, visible.neighbours[k]!)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("gives the same episodes for the same seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), fc.constantFrom("yes-no", "choice"), async (seed, form) => {
        const one = await episodes(seed, 5, { form });
        const two = await episodes(seed, 5, { form });
        expect(two.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content])).toEqual(one.out.map((e) => [e.id, e.answer, e.prompt.messages[0]!.content]));
      }),
      { numRuns: 15 },
    );
  });

  it("names its answer space per form", () => {
    expect(edgePredictionTask.answerSpace(resolveTaskOptions(edgePredictionTask, {}))).toEqual(["yes", "no"]);
    expect(edgePredictionTask.answerSpace(resolveTaskOptions(edgePredictionTask, { form: "choice", candidates: 3 }))).toEqual(["A", "B", "C"]);
  });

  it("caps the neighbourhood and says so", async () => {
    const { out } = await episodes(4, 5, { hops: 3, maxNodes: 5, maxEdges: 2 }, smallGraph(200, 3));
    for (const e of out) {
      const text = e.prompt.messages[0]!.content;
      expect(text).toMatch(/showing the 5 nearest of \d+; the rest are left out/);
      expect(text).toMatch(/showing 2 of \d+; the rest are left out/);
      expect(text.match(/^- n\d+/gm)).toHaveLength(5);
      expect(text).toContain("<think></think>");
      expect(text).toContain("<answer></answer>");
    }
  });
});

describe("graph/edge-prediction on a graph too dense for negatives", () => {
  it("fails with a BadInputError that says to lower holdoutRate", async () => {
    const dataset = smallGraph(6, 1, { degree: 5, classes: 1 });
    await expect(episodes(0, 1, { holdoutRate: 0.9 }, dataset)).rejects.toThrow(/lower holdoutRate/);
  });
});
