import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInputError, type Episode, generateEpisodes, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { attributeMaskingTask, compactGraph, type GraphDataset, type NodeMaskingObservation, repeatingGraphSource } from "@ssl4rl/graph-tasks";
import { smallGraph } from "./small-graphs.js";

/** A bag-of-words variant of the small graph: its Gaussian features thresholded to 0/1. */
function wordGraph(nodes = 120, seed = 3, features = 40, threshold = 0.8): GraphDataset {
  const dataset = smallGraph(nodes, seed, { features });
  dataset.graph.updateEachNodeAttributes((_n, a) => ({ ...a, features: Float32Array.from(a.features as Float32Array, (v) => (v > threshold ? 1 : 0)) }));
  return dataset;
}

async function episodes(seed: number | string, count: number, raw: object = {}, dataset: GraphDataset = wordGraph()) {
  const options = resolveTaskOptions(attributeMaskingTask, raw);
  const out: Episode<NodeMaskingObservation>[] = [];
  const skips = new SkipCounter();
  for await (const e of generateEpisodes(attributeMaskingTask, repeatingGraphSource(dataset), { seed, count, options, skips })) out.push(e as unknown as Episode<NodeMaskingObservation>);
  return { out, skips, graph: compactGraph(dataset) };
}

/** The one-hot column each candidate row marks. */
function candidateColumns(e: Episode<NodeMaskingObservation>, f: number): number[] {
  const { candidates, candidateFeatures } = e.observation;
  return candidates.map((_, k) => {
    const row = candidateFeatures.subarray(k * f, (k + 1) * f);
    expect(row.reduce((s, x) => s + x, 0)).toBe(1);
    return row.indexOf(1);
  });
}

describe("graph/attribute-masking", () => {
  it("bag of words: the lettered answer is the one offered word the hidden node has; the others it lacks", async () => {
    const { out, graph } = await episodes(1, 60, { candidates: 5 });
    const f = graph.numFeatures;
    expect(graph.binaryFeatures).toBe(true);
    expect(out).toHaveLength(60);
    for (const e of out) {
      const u = e.observation.query[0]!;
      const columns = candidateColumns(e, f);
      expect(new Set(columns).size).toBe(5);
      expect(e.observation.candidates).toEqual([u, u, u, u, u]);
      expect(e.answer).toBe("ABCDE"[e.answerIndex!]);
      columns.forEach((j, k) => expect(graph.features[u * f + j]).toBe(k === e.answerIndex ? 1 : 0));
      // The node's row is hidden in the view the policy reads.
      expect(e.observation.view.masked[u]).toBe(1);
      expect(Array.from(e.observation.view.features.subarray(u * f, (u + 1) * f)).every((x) => x === 0)).toBe(true);
      expect(e.prompt.messages[0]!.content).toContain(`${e.answer}: word ${columns[e.answerIndex!]}`);
    }
  });

  it("numeric features: the answer is the offered column where the hidden node's value is largest", async () => {
    const { out, graph } = await episodes(2, 60, {}, smallGraph(120, 5));
    const f = graph.numFeatures;
    expect(graph.binaryFeatures).toBe(false);
    for (const e of out) {
      const u = e.observation.query[0]!;
      const values = candidateColumns(e, f).map((j) => graph.features[u * f + j]!);
      const best = Math.max(...values);
      expect(values[e.answerIndex!]).toBe(best);
      expect(values.filter((v) => v === best)).toHaveLength(1);
      expect(e.prompt.messages[0]!.content).toContain("has the largest value");
    }
  });

  it("frequency-drawn negatives make the commonest offered word a worse guess than uniform ones do", async () => {
    // Words with very different frequencies: the lower the threshold a Gaussian feature passes, the commoner the word.
    const dataset = smallGraph(300, 11, { features: 60 });
    dataset.graph.updateEachNodeAttributes((_n, a) => ({ ...a, features: Float32Array.from(a.features as Float32Array, (v, j) => (v > -1 + j / 25 ? 1 : 0)) }));
    const freq = (g: ReturnType<typeof compactGraph>, j: number) => {
      let n = 0;
      for (let u = 0; u < g.numNodes; u++) n += g.features[u * g.numFeatures + j]!;
      return n;
    };
    // How often the most frequent offered word is the right one (chance 1/4 when frequency carries no signal).
    const commonestWins = async (negatives: string) => {
      const { out, graph } = await episodes(5, 400, { negatives }, dataset);
      const wins = out.filter((e) => {
        const counts = candidateColumns(e, graph.numFeatures).map((j) => freq(graph, j));
        return counts.indexOf(Math.max(...counts)) === e.answerIndex;
      }).length;
      return wins / out.length;
    };
    const byFrequency = await commonestWins("frequency");
    const uniform = await commonestWins("uniform");
    // Here (words from 9% to 84% of nodes) uniform negatives let the commonest offered word win
    // over half the time; by frequency it wins much less (not 1/4: the node's own words, the
    // commonest among them, cannot be negatives).
    expect(uniform).toBeGreaterThan(0.5);
    expect(byFrequency).toBeLessThan(uniform - 0.1);
  });

  it("shares one view per seed, spreads answers over the letters", async () => {
    const { out } = await episodes(3, 400);
    const view = out[0]!.observation.view;
    for (const e of out) expect(e.observation.view).toBe(view);
    const counts = [0, 0, 0, 0];
    for (const e of out) counts[e.answerIndex!]!++;
    for (const c of counts) expect(c).toBeGreaterThan(70); // 100 expected each
  });

  it("gives the same episodes for the same seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), fc.boolean(), async (seed, words) => {
        const dataset = words ? wordGraph() : smallGraph(120, 5);
        const one = await episodes(seed, 5, {}, dataset);
        const two = await episodes(seed, 5, {}, dataset);
        const key = (e: Episode<NodeMaskingObservation>) => [e.id, e.answer, e.prompt.messages[0]!.content, Array.from(e.observation.candidateFeatures)];
        expect(two.out.map(key)).toEqual(one.out.map(key));
      }),
      { numRuns: 15 },
    );
  });

  it("rejects a graph with fewer feature columns than candidates, naming the field", async () => {
    const error = await episodes(1, 1, { candidates: 6 }, smallGraph(60, 5, { features: 4 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect(String((error as Error).message)).toMatch(/node features.*at least 6 feature columns/s);
  });

  it("rejects a bag-of-words graph where no masked node has a word and enough absent ones", async () => {
    const error = await episodes(1, 1, {}, wordGraph(60, 3, 8, 99)).catch((e: unknown) => e); // every row empty
    expect(error).toBeInstanceOf(BadInputError);
    expect(String((error as Error).message)).toMatch(/at least one word/);
  });
});
