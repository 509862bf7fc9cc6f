import { BadInputError, defineTask, type Episode, EXACT_MATCH, type GraphObservation, type GraphTensorView, Random, SampleSkipped, z } from "@ssl4rl/core";
import { ANSWER_INSTRUCTION } from "./answer-instruction.js";
import { type Adjacency, adjacencyFromPairs, degreeOf } from "./adjacency.js";
import { choiceLetters } from "./choice-letters.js";
import type { CompactGraph } from "./compact-graph.js";
import { type GraphSample, resolveGraphSample } from "./graph-sample.js";
import { neighbourhoodCapsOptions } from "./neighbourhood-caps.js";
import { describeFeatures, describeNeighbourhood, nodeName } from "./neighbourhood-text.js";
import { featureRowHashes, nodesNear, sameFeatureRow } from "./feature-rows.js";
import { stackedCopies } from "./stacked-copies.js";
import { cachedView } from "./view-cache.js";
import { viewEveryOption, viewSeed } from "./view-seed.js";

export const NODE_CONTRAST = "graph/node-contrast";
const VERSION = "1.0.0";

/** Options of `graph/node-contrast`. */
export const nodeContrastOptions = z
  .object({
    /** Fraction of the edges each copy drops, drawn apart for the two copies. */
    edgeDropRate: z.number().min(0).max(0.9).default(0.3),
    /** Fraction of the feature columns each copy zeroes for every node, drawn apart for the two copies. */
    featureDropRate: z.number().min(0).max(0.9).default(0.3),
    /** K, the number of lettered candidates from the second copy. */
    candidates: z.number().int().min(2).max(26).default(8),
    /** Draw wrong candidates from the query's neighbourhood first (they share much of its context: harder). */
    hardNegatives: z.boolean().default(false),
    ...neighbourhoodCapsOptions({ hops: 1, maxNodes: 20, maxEdges: 40, maxFeatureItems: 16 }),
    /** Feature items listed per candidate. */
    maxCandidateItems: z.number().int().min(1).default(32),
    /** Episodes per pair of copies (0: one per pass over the source); see {@link viewEveryOption}. */
    viewEvery: viewEveryOption,
  })
  .strict();

export type NodeContrastOptions = z.output<typeof nodeContrastOptions>;

/** One corrupted copy of the graph: the edges it kept and its features with dropped columns zeroed. */
interface CorruptedCopy {
  readonly visible: Adjacency;
  readonly features: Float32Array;
}

/**
 * Both copies, stacked into one tensor view of `2 × numNodes` nodes: node `u` of the first copy
 * is `u`, node `v` of the second is `numNodes + v`. No edge joins the copies, so a GNN embeds
 * each copy on its own in one pass.
 */
interface ContrastView {
  readonly tensor: GraphTensorView;
  readonly first: CorruptedCopy;
  readonly second: CorruptedCopy;
  /** A hash per node's full feature row, so nodes that cannot be told apart are never both offered. */
  readonly rowHash: Int32Array;
}

function corruptedCopy(graph: CompactGraph, o: NodeContrastOptions, rng: Random): CorruptedCopy {
  const { offsets, neighbours } = graph.adjacency;
  const sources: number[] = [];
  const targets: number[] = [];
  for (let u = 0; u < graph.numNodes; u++) {
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = neighbours[k]!;
      // Each undirected edge once (u < v), kept or dropped as a whole.
      if (v > u && !rng.bool(o.edgeDropRate)) {
        sources.push(u);
        targets.push(v);
      }
    }
  }
  const f = graph.numFeatures;
  const keep = new Uint8Array(f);
  for (let j = 0; j < f; j++) keep[j] = rng.bool(o.featureDropRate) ? 0 : 1;
  const features = graph.features.slice();
  for (let u = 0; u < graph.numNodes; u++) {
    for (let j = 0; j < f; j++) if (keep[j] === 0) features[u * f + j] = 0;
  }
  return { visible: adjacencyFromPairs(graph.numNodes, sources, targets), features };
}

function contrastView(graph: CompactGraph, seed: number | string, o: NodeContrastOptions): ContrastView {
  const key = `${NODE_CONTRAST}|${String(seed)}|${o.edgeDropRate}|${o.featureDropRate}`;
  return cachedView(graph, key, () => {
    const rng = Random.fromSeed(seed).fork("view");
    const first = corruptedCopy(graph, o, rng.fork("first"));
    const second = corruptedCopy(graph, o, rng.fork("second"));
    const tensor = stackedCopies(`${NODE_CONTRAST}:${graph.name}:${String(seed)}:edges=${o.edgeDropRate}:features=${o.featureDropRate}`, graph.numFeatures, [
      { adjacency: first.visible, features: first.features },
      { adjacency: second.visible, features: second.features },
    ]);
    const rowHash = featureRowHashes(graph);
    return { tensor, first, second, rowHash };
  });
}

/**
 * `graph/node-contrast`: two copies of the graph are corrupted apart (each drops its own random
 * edges and hides its own random feature columns for every node), and the policy names which
 * of K lettered nodes of the second copy is the query node of the first. The answer is known by
 * construction; telling a node from the others under both corruptions takes an embedding that
 * keeps what the corruptions leave of a node and its neighbourhood. Answer: the letter.
 *
 * The tensor view stacks both copies (second copy's nodes shifted by the node count); the text
 * names the first copy's nodes only, and describes each candidate by its visible words and its
 * degree in the second copy, so no name gives the answer away.
 *
 * @example
 * ```ts
 * import { generateEpisodes, SkipCounter } from "@ssl4rl/core";
 * const source = await syntheticSource.open(parseSourceSpec("synthetic"), { seed: 0, skips: new SkipCounter() });
 * for await (const e of generateEpisodes(nodeContrastTask, source, { seed: 0, count: 2, options: nodeContrastOptions.parse({}), skips: new SkipCounter() })) console.log(e.answer);
 * ```
 */
export const nodeContrastTask = defineTask<GraphSample, typeof nodeContrastOptions, GraphObservation>({
  id: NODE_CONTRAST,
  version: VERSION,
  modality: "graph",
  description: "Find, among K lettered nodes of a second corrupted copy of the graph, the query node of the first copy",
  rewardId: EXACT_MATCH,
  options: nodeContrastOptions,
  answerSpace: (o) => choiceLetters(o.candidates),
  makeEpisode({ samples, rng, seed, index }, o): Episode<GraphObservation> {
    const { graph, ...dataset } = resolveGraphSample(samples[0], NODE_CONTRAST);
    if (graph.numFeatures === 0) {
      throw new BadInputError({ file: dataset.origin, field: "node features", expected: "nodes with feature vectors", hint: "graph/node-contrast tells nodes apart by their features and neighbourhoods" });
    }
    if (graph.numNodes < o.candidates) {
      throw new BadInputError({ file: dataset.origin, field: "nodes", expected: `at least ${o.candidates} nodes (one per candidate)`, got: graph.numNodes, hint: "Lower candidates" });
    }
    const view = contrastView(graph, viewSeed(seed, index, o.viewEvery), o);
    const n = graph.numNodes;
    const f = graph.numFeatures;
    const u = rng.int(n);
    const wrong: number[] = [];
    const acceptable = (v: number) => v !== u && !sameFeatureRow(graph, view.rowHash, v, u) && wrong.every((w) => w !== v && !sameFeatureRow(graph, view.rowHash, v, w));
    if (o.hardNegatives) {
      const near = nodesNear(graph, u, 2, 4 * o.candidates + 16);
      rng.shuffle(near);
      for (const v of near) {
        if (wrong.length === o.candidates - 1) break;
        if (acceptable(v)) wrong.push(v);
      }
    }
    for (let tries = 0; wrong.length < o.candidates - 1 && tries < 50 * o.candidates; tries++) {
      const v = rng.int(n);
      if (acceptable(v)) wrong.push(v);
    }
    if (wrong.length < o.candidates - 1) throw new SampleSkipped(`fewer than ${o.candidates - 1} nodes with feature rows other than the query's`);
    const picked = rng.shuffle([u, ...wrong]);
    const answerIndex = picked.indexOf(u);
    const letters = choiceLetters(o.candidates);
    const caps = { hops: o.hops, maxNodes: o.maxNodes, maxEdges: o.maxEdges, maxFeatureItems: o.maxFeatureItems };
    const options = picked.map(
      (v, k) => `${letters[k]}: ${degreeOf(view.second.visible, v)} neighbours; ${describeFeatures(graph, view.second.features.subarray(v * f, (v + 1) * f), o.maxCandidateItems)}`,
    );
    const text =
      `Below are two copies of one graph, each corrupted at random: some edges are removed and some ${graph.binaryFeatures ? "words are hidden" : "feature values are zeroed"} for every node, differently in each copy. ` +
      `In the first copy, node ${nodeName(u)} and its surroundings look like this:\n\n` +
      `${describeNeighbourhood(graph, view.first.visible, view.first.features, undefined, [u], caps)}\n\n` +
      `Which of these nodes of the second copy is ${nodeName(u)}?\n${options.join("\n")}\n${ANSWER_INSTRUCTION} Answer with the letter only.`;
    return {
      id: `${NODE_CONTRAST}:${String(seed)}:${index}`,
      taskId: NODE_CONTRAST,
      taskVersion: VERSION,
      observation: { kind: "graph", view: view.tensor, query: [u], candidates: picked.map((v) => n + v) },
      prompt: { messages: [{ role: "user", content: text }], images: [] },
      answer: letters[answerIndex]!,
      answerIndex,
      metadata: {
        seed,
        dataset: dataset.name,
        viewId: view.tensor.id,
        node: graph.nodeIds[u]!,
        nodeIndex: u,
        candidates: picked.map((v) => graph.nodeIds[v]!),
        candidateIndices: picked,
      },
    };
  },
});
