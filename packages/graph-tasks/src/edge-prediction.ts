import { BadInputError, defineTask, type Episode, EXACT_MATCH, type GraphObservation, type GraphTensorView, Random, SampleSkipped, z } from "@ssl4rl/core";
import { ANSWER_INSTRUCTION } from "./answer-instruction.js";
import { directedEdgeArrays, hasEdge } from "./adjacency.js";
import { choiceLetters } from "./choice-letters.js";
import type { CompactGraph } from "./compact-graph.js";
import { type EdgeHoldout, edgeHoldout } from "./edge-holdout.js";
import { type GraphSample, resolveGraphSample } from "./graph-sample.js";
import { neighbourhoodCapsOptions } from "./neighbourhood-caps.js";
import { describeNeighbourhood, nodeName } from "./neighbourhood-text.js";
import { cachedView } from "./view-cache.js";
import { viewEveryOption, viewSeed } from "./view-seed.js";

export const EDGE_PREDICTION = "graph/edge-prediction";
const VERSION = "1.0.0";

/** Options of `graph/edge-prediction`. */
export const edgePredictionOptions = z
  .object({
    /** `yes-no`: is this pair linked? `choice`: which of K nodes is linked to the query node? */
    form: z.enum(["yes-no", "choice"]).default("yes-no"),
    /** Fraction of edges held out of the shared view (GAE holds out 10% for test). */
    holdoutRate: z.number().gt(0).max(0.9).default(0.1),
    negatives: z.enum(["uniform", "degree"]).default("uniform"),
    /** K, the number of lettered candidates (choice form). */
    candidates: z.number().int().min(2).max(26).default(4),
    ...neighbourhoodCapsOptions({ hops: 1, maxNodes: 30, maxEdges: 60, maxFeatureItems: 16 }),
    /** Episodes per holdout (0: one per pass over the source); see {@link viewEveryOption}. */
    viewEvery: viewEveryOption,
  })
  .strict();

export type EdgePredictionOptions = z.output<typeof edgePredictionOptions>;

/** One shared corrupted view: one holdout (and its negatives) for a (graph, seed, holdout options). */
interface HoldoutView {
  readonly tensor: GraphTensorView;
  readonly holdout: EdgeHoldout;
}

function holdoutView(graph: CompactGraph, seed: number | string, o: EdgePredictionOptions): HoldoutView {
  const key = `${EDGE_PREDICTION}|${String(seed)}|${o.holdoutRate}|${o.negatives}`;
  return cachedView(graph, key, () => {
    const rng = Random.fromSeed(seed).fork("view");
    let holdout: EdgeHoldout;
    try {
      holdout = edgeHoldout(graph.adjacency, o.holdoutRate, rng, o.negatives);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new BadInputError({ file: graph.name, field: "edges", expected: "enough non-edges to sample as many negatives as held-out edges", hint: `${error.message}; lower holdoutRate`, cause: error });
    }
    const { sources, targets } = directedEdgeArrays(holdout.visible);
    const tensor: GraphTensorView = {
      id: `${EDGE_PREDICTION}:${graph.name}:${String(seed)}:holdout=${o.holdoutRate}:${o.negatives}`,
      numNodes: graph.numNodes,
      numFeatures: graph.numFeatures,
      features: graph.features,
      edgeSources: sources,
      edgeTargets: targets,
      masked: new Uint8Array(graph.numNodes),
    };
    return { tensor, holdout };
  });
}

function preamble(graph: CompactGraph): string {
  const features = graph.numFeatures === 0 ? "" : graph.binaryFeatures ? " Each node has a set of words (the column numbers of its bag of words)." : " Each node has a numeric feature vector.";
  return `Below is part of a graph from which some edges were removed before it was shown.${features}`;
}

/** The answers of the yes/no form, in answer-index order. */
export const YES_NO = ["yes", "no"] as const;

/**
 * `graph/edge-prediction`: a set of edges is held out of the shared view (never shown), and
 * the policy says whether a pair is linked in the full graph (positives are held-out edges,
 * negatives verified non-edges, balanced by a fair coin per episode), or which of K lettered
 * nodes is linked to a query node. Answer: `yes`/`no` (answer index 0/1), or the letter.
 *
 * @example
 * ```ts
 * const e = await edgePredictionTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(1), seed: 0, index: 0 }, edgePredictionOptions.parse({}));
 * e.answer; // "yes" or "no"
 * ```
 */
export const edgePredictionTask = defineTask<GraphSample, typeof edgePredictionOptions, GraphObservation>({
  id: EDGE_PREDICTION,
  version: VERSION,
  modality: "graph",
  description: "Say whether two nodes are linked (or which of K nodes is) after edges were held out of the shown graph",
  rewardId: EXACT_MATCH,
  options: edgePredictionOptions,
  answerSpace: (o) => (o.form === "yes-no" ? [...YES_NO] : choiceLetters(o.candidates)),
  makeEpisode({ samples, rng, seed, index }, o): Episode<GraphObservation> {
    const { graph, ...dataset } = resolveGraphSample(samples[0], EDGE_PREDICTION);
    const view = holdoutView(graph, viewSeed(seed, index, o.viewEvery), o);
    const { holdout } = view;
    const base = { id: `${EDGE_PREDICTION}:${String(seed)}:${index}`, taskId: EDGE_PREDICTION, taskVersion: VERSION };
    const caps = { hops: o.hops, maxNodes: o.maxNodes, maxEdges: o.maxEdges, maxFeatureItems: o.maxFeatureItems };
    const h = holdout.heldOutSources.length;
    // Graph-wide: an error, not a skip (graph sources repeat forever, and a skip would loop).
    if (h === 0) throw new BadInputError({ file: dataset.origin, field: "edges", expected: "at least one edge to hold out", hint: "Use a graph with more edges or raise holdoutRate" });

    if (o.form === "yes-no") {
      const positive = rng.bool();
      const k = rng.int(h);
      const [u, v] = positive ? [holdout.heldOutSources[k]!, holdout.heldOutTargets[k]!] : [holdout.negativeSources[k]!, holdout.negativeTargets[k]!];
      const text =
        `${preamble(graph)}\n\n${describeNeighbourhood(graph, holdout.visible, graph.features, undefined, [u, v], caps)}\n\n` +
        `In the full graph, is there an edge between ${nodeName(u)} and ${nodeName(v)}?\n${ANSWER_INSTRUCTION} Answer yes or no.`;
      const answerIndex = positive ? 0 : 1;
      return {
        ...base,
        observation: { kind: "graph", view: view.tensor, query: [u, v], candidates: [] },
        prompt: { messages: [{ role: "user", content: text }], images: [] },
        answer: YES_NO[answerIndex],
        answerIndex,
        metadata: { seed, dataset: dataset.name, viewId: view.tensor.id, form: "yes-no", pair: [graph.nodeIds[u]!, graph.nodeIds[v]!], pairIndices: [u, v], positive },
      };
    }

    const k = rng.int(h);
    const u = holdout.heldOutSources[k]!;
    const v = holdout.heldOutTargets[k]!;
    const wrong: number[] = [];
    const full = graph.adjacency;
    const ends = full.neighbours;
    const draw = o.negatives === "degree" ? () => ends[rng.int(ends.length)]! : () => rng.int(graph.numNodes);
    for (let tries = 0; wrong.length < o.candidates - 1 && tries < 100 * o.candidates; tries++) {
      const w = draw();
      // Wrong candidates are verified non-neighbours of u in the full graph.
      if (w === u || w === v || wrong.includes(w) || hasEdge(full, u, w)) continue;
      wrong.push(w);
    }
    if (wrong.length < o.candidates - 1) throw new SampleSkipped(`fewer than ${o.candidates - 1} non-neighbours to offer`);
    const candidates = rng.shuffle([v, ...wrong]);
    const answerIndex = candidates.indexOf(v);
    const letters = choiceLetters(o.candidates);
    const text =
      `${preamble(graph)}\n\n${describeNeighbourhood(graph, holdout.visible, graph.features, undefined, [u, ...candidates], caps)}\n\n` +
      `Exactly one of these nodes has an edge to ${nodeName(u)} in the full graph (that edge was removed here):\n` +
      `${candidates.map((c, i) => `${letters[i]}: ${nodeName(c)}`).join("\n")}\n${ANSWER_INSTRUCTION} Answer with the letter only.`;
    return {
      ...base,
      observation: { kind: "graph", view: view.tensor, query: [u], candidates },
      prompt: { messages: [{ role: "user", content: text }], images: [] },
      answer: letters[answerIndex]!,
      answerIndex,
      metadata: {
        seed,
        dataset: dataset.name,
        viewId: view.tensor.id,
        form: "choice",
        node: graph.nodeIds[u]!,
        nodeIndex: u,
        candidates: candidates.map((c) => graph.nodeIds[c]!),
        candidateIndices: candidates,
      },
    };
  },
});
