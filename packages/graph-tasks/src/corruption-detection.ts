import { BadInputError, defineTask, type Episode, EXACT_MATCH, type GraphObservation, type GraphTensorView, Random, SampleSkipped, z } from "@ssl4rl/core";
import { ANSWER_INSTRUCTION } from "./answer-instruction.js";
import { choiceLetters } from "./choice-letters.js";
import type { CompactGraph } from "./compact-graph.js";
import { featureRowHashes, sameFeatureRow } from "./feature-rows.js";
import { type GraphSample, resolveGraphSample } from "./graph-sample.js";
import { describeFeatures } from "./neighbourhood-text.js";
import { stackedCopies } from "./stacked-copies.js";
import { cachedView } from "./view-cache.js";
import { viewEveryOption, viewSeed } from "./view-seed.js";

export const CORRUPTION_DETECTION = "graph/corruption-detection";
const VERSION = "1.0.0";

/** Options of `graph/corruption-detection`. */
export const corruptionDetectionOptions = z
  .object({
    /** K, the number of lettered candidates: one from the intact copy, K − 1 from the shuffled one. */
    candidates: z.number().int().min(2).max(26).default(4),
    /** Intact-copy nodes whose mean embedding stands for the whole graph (the query the candidates are scored against). */
    summaryNodes: z.number().int().min(1).max(512).default(16),
    /** Neighbours described per candidate in the prompt text. */
    maxNeighbours: z.number().int().min(0).default(4),
    /** Feature items listed per described node. */
    maxFeatureItems: z.number().int().min(1).default(12),
    /** Episodes per shuffled copy (0: one per pass over the source); see {@link viewEveryOption}. */
    viewEvery: viewEveryOption,
  })
  .strict();

export type CorruptionDetectionOptions = z.output<typeof corruptionDetectionOptions>;

/**
 * The intact graph and a copy with the same edges whose feature rows were shuffled among the
 * nodes, stacked into one tensor view of `2 × numNodes` nodes (node `v` of the shuffled copy is
 * `numNodes + v`). No edge joins the copies, so a GNN embeds each on its own in one pass.
 */
interface ShuffledView {
  readonly tensor: GraphTensorView;
  /** `source[v]`: the node whose feature row node `v` of the shuffled copy carries. */
  readonly source: Int32Array;
  /** Nodes with at least one neighbour: an isolated node looks the same shuffled or not. */
  readonly connected: Int32Array;
  readonly rowHash: Int32Array;
}

function shuffledView(graph: CompactGraph, seed: number | string): ShuffledView {
  return cachedView(graph, `${CORRUPTION_DETECTION}|${String(seed)}`, () => {
    const n = graph.numNodes;
    const f = graph.numFeatures;
    const source = Int32Array.from(Random.fromSeed(seed).fork("shuffle").permutation(n));
    const shuffled = new Float32Array(n * f);
    for (let v = 0; v < n; v++) shuffled.set(graph.features.subarray(source[v]! * f, (source[v]! + 1) * f), v * f);
    const tensor = stackedCopies(`${CORRUPTION_DETECTION}:${graph.name}:${String(seed)}`, f, [
      { adjacency: graph.adjacency, features: graph.features },
      { adjacency: graph.adjacency, features: shuffled },
    ]);
    const { offsets } = graph.adjacency;
    const connected: number[] = [];
    for (let u = 0; u < n; u++) if (offsets[u + 1]! > offsets[u]!) connected.push(u);
    return { tensor, source, connected: Int32Array.from(connected), rowHash: featureRowHashes(graph) };
  });
}

/** One candidate as prompt text: its own features and a few neighbours', as its copy has them. */
function describeCandidate(graph: CompactGraph, view: ShuffledView, v: number, shuffled: boolean, o: CorruptionDetectionOptions): string {
  const f = graph.numFeatures;
  const rowOf = (w: number) => {
    const r = shuffled ? view.source[w]! : w;
    return graph.features.subarray(r * f, (r + 1) * f);
  };
  const { offsets, neighbours } = graph.adjacency;
  const degree = offsets[v + 1]! - offsets[v]!;
  const shown: string[] = [];
  for (let k = offsets[v]!; k < offsets[v + 1]! && shown.length < o.maxNeighbours; k++) shown.push(`(${describeFeatures(graph, rowOf(neighbours[k]!), o.maxFeatureItems)})`);
  const rest = degree > shown.length ? `, and ${degree - shown.length} more` : "";
  return `${describeFeatures(graph, rowOf(v), o.maxFeatureItems)}; ${degree} neighbour${degree === 1 ? "" : "s"}${shown.length > 0 ? `: ${shown.join(" ")}${rest}` : ""}`;
}

/**
 * `graph/corruption-detection`: the corruption of DGI as a question with a known answer. A copy
 * of the graph keeps every edge but hands each node's feature row to another node at random, so
 * a node's features no longer go with its neighbours'. The policy sees K lettered nodes, one
 * from the intact graph and K − 1 from the shuffled copy, and names the intact one. Only an
 * embedding that ties a node's features to its neighbourhood's can tell them apart. Answer: the
 * letter.
 *
 * Tensor form: the view stacks both copies; `query` is a random sample of intact nodes (their
 * mean embedding summarises the graph, as DGI's readout does), `candidates` index the stacked
 * view. Text form: each candidate's features and a few of its neighbours', no node names. A
 * shuffled candidate never carries a row equal to its own, and every candidate has a neighbour.
 *
 * @example
 * ```ts
 * import { generateEpisodes, SkipCounter } from "@ssl4rl/core";
 * const source = await syntheticSource.open(parseSourceSpec("synthetic"), { seed: 0, skips: new SkipCounter() });
 * for await (const e of generateEpisodes(corruptionDetectionTask, source, { seed: 0, count: 2, options: corruptionDetectionOptions.parse({}), skips: new SkipCounter() })) console.log(e.answer);
 * ```
 */
export const corruptionDetectionTask = defineTask<GraphSample, typeof corruptionDetectionOptions, GraphObservation>({
  id: CORRUPTION_DETECTION,
  version: VERSION,
  modality: "graph",
  description: "Find, among K lettered nodes, the one from the intact graph; the others come from a copy whose feature rows were shuffled among the nodes",
  rewardId: EXACT_MATCH,
  options: corruptionDetectionOptions,
  answerSpace: (o) => choiceLetters(o.candidates),
  makeEpisode({ samples, rng, seed, index }, o): Episode<GraphObservation> {
    const { graph, ...dataset } = resolveGraphSample(samples[0], CORRUPTION_DETECTION);
    if (graph.numFeatures === 0) {
      throw new BadInputError({ file: dataset.origin, field: "node features", expected: "nodes with feature vectors", hint: "graph/corruption-detection shuffles feature rows among the nodes" });
    }
    const view = shuffledView(graph, viewSeed(seed, index, o.viewEvery));
    const n = graph.numNodes;
    if (view.connected.length < o.candidates) {
      throw new BadInputError({ file: dataset.origin, field: "edges", expected: `at least ${o.candidates} nodes with a neighbour (one per candidate)`, got: view.connected.length, hint: "Lower candidates" });
    }
    const u = view.connected[rng.int(view.connected.length)]!;
    const shuffled: number[] = [];
    // A shuffled node that kept a row equal to its own would be a copy of an intact one.
    const acceptable = (v: number) => !sameFeatureRow(graph, view.rowHash, view.source[v]!, v) && !shuffled.includes(v);
    for (let tries = 0; shuffled.length < o.candidates - 1 && tries < 50 * o.candidates; tries++) {
      const v = view.connected[rng.int(view.connected.length)]!;
      if (acceptable(v)) shuffled.push(v);
    }
    if (shuffled.length < o.candidates - 1) throw new SampleSkipped(`fewer than ${o.candidates - 1} shuffled nodes whose row differs from their own`);
    const summary = new Set<number>();
    const want = Math.min(o.summaryNodes, n - 1);
    for (let tries = 0; summary.size < want && tries < 20 * want; tries++) {
      const w = rng.int(n);
      if (w !== u) summary.add(w);
    }
    // Slot 0 is the intact node before the shuffle; candidate indices point into the stacked view.
    const order = rng.shuffle(Array.from({ length: o.candidates }, (_, k) => k));
    const picked = order.map((k) => (k === 0 ? u : n + shuffled[k - 1]!));
    const answerIndex = order.indexOf(0);
    const letters = choiceLetters(o.candidates);
    const words = graph.binaryFeatures ? "words" : "feature values";
    const options = picked.map((c, k) => `${letters[k]}: ${describeCandidate(graph, view, c % n, c >= n, o)}`);
    const text =
      `Two copies of one graph have the same edges. In the second copy every node's ${words} were handed to another node at random, so they no longer go with its neighbours'. ` +
      `Each lettered node below is shown with its own ${words} and those of some of its neighbours, as its copy has them. Exactly one of them comes from the first, untouched copy.\n\n` +
      `${options.join("\n")}\n\nWhich node comes from the untouched copy?\n${ANSWER_INSTRUCTION} Answer with the letter only.`;
    return {
      id: `${CORRUPTION_DETECTION}:${String(seed)}:${index}`,
      taskId: CORRUPTION_DETECTION,
      taskVersion: VERSION,
      observation: { kind: "graph", view: view.tensor, query: [...summary], candidates: picked },
      prompt: { messages: [{ role: "user", content: text }], images: [] },
      answer: letters[answerIndex]!,
      answerIndex,
      metadata: {
        seed,
        dataset: dataset.name,
        viewId: view.tensor.id,
        node: graph.nodeIds[u]!,
        nodeIndex: u,
        shuffledIndices: shuffled,
        featureSources: shuffled.map((v) => view.source[v]!),
      },
    };
  },
});
