import { BadInputError, defineTask, type Episode, EXACT_MATCH, type GraphObservation, type GraphTensorView, SampleSkipped, z } from "@ssl4rl/core";
import { ANSWER_INSTRUCTION } from "./answer-instruction.js";
import { degreeOf } from "./adjacency.js";
import { choiceLetters } from "./choice-letters.js";
import type { CompactGraph } from "./compact-graph.js";
import { featureRowHashes, nodesNear, sameFeatureRow } from "./feature-rows.js";
import { type GraphSample, resolveGraphSample } from "./graph-sample.js";
import { neighbourhoodCapsOptions } from "./neighbourhood-caps.js";
import { describeFeatures, describeNeighbourhood, nodeName } from "./neighbourhood-text.js";
import { maskedGraphView } from "./masked-graph-view.js";
import type { NodeMask } from "./node-mask.js";
import { cachedView } from "./view-cache.js";
import { viewEveryOption, viewSeed } from "./view-seed.js";

export const NODE_MASKING = "graph/node-masking";
const VERSION = "1.0.0";

/** Options of `graph/node-masking`. */
export const nodeMaskingOptions = z
  .object({
    /** `features`: pick the masked node's feature vector among K; `label`: name its class (needs labels). */
    form: z.enum(["features", "label"]).default("features"),
    /** Fraction of nodes masked in the shared view (GraphMAE uses 0.5 on Cora). */
    maskRate: z.number().gt(0).max(1).default(0.5),
    replacement: z.enum(["zero", "mean"]).default("zero"),
    /** K, the number of lettered candidates (features form). */
    candidates: z.number().int().min(2).max(26).default(4),
    /** Draw wrong candidates from masked nodes near the query first (harder). */
    hardNegatives: z.boolean().default(false),
    ...neighbourhoodCapsOptions({ hops: 2, maxNodes: 30, maxEdges: 60, maxFeatureItems: 24 }),
    /** Feature items listed per candidate; larger than per node so candidates stay tell-apart. */
    maxCandidateItems: z.number().int().min(1).default(64),
    /** Episodes per mask set (0: one per pass over the source); see {@link viewEveryOption}. */
    viewEvery: viewEveryOption,
  })
  .strict();

export type NodeMaskingOptions = z.output<typeof nodeMaskingOptions>;

/**
 * The tensor observation of a node-masking episode. `query` is the masked node; `candidates`
 * are the nodes whose true feature rows are offered, in letter order. Those nodes are masked
 * in the view too (so no candidate can be ruled out by spotting its row elsewhere), so their
 * rows travel here: `candidateFeatures` is `K × numFeatures`, row-major. Empty in the label
 * form, where the answer is a class.
 */
export interface NodeMaskingObservation extends GraphObservation {
  readonly candidateFeatures: Float32Array;
}

/** One shared corrupted view: one mask set for a (graph, seed, mask options). */
interface MaskedView {
  readonly tensor: GraphTensorView;
  readonly mask: NodeMask;
  /** Masked nodes with at least one neighbour (an isolated node has no context to go on). */
  readonly queries: Int32Array;
  /** Masked, labelled nodes with a neighbour (label form). */
  readonly labelledQueries: Int32Array;
  /** A hash per node row, so equal feature vectors are found fast. */
  readonly rowHash: Int32Array;
  /** How many different rows (by hash) the masked nodes have: K candidates need K. */
  readonly distinctMaskedRows: number;
}

function maskedView(graph: CompactGraph, seed: number | string, o: NodeMaskingOptions): MaskedView {
  const key = `${NODE_MASKING}|${String(seed)}|${o.maskRate}|${o.replacement}`;
  return cachedView(graph, key, () => {
    const { tensor, mask } = maskedGraphView(graph, NODE_MASKING, seed, o.maskRate, o.replacement);
    const withContext = mask.maskedNodes.filter((u) => degreeOf(graph.adjacency, u) > 0);
    const rowHash = featureRowHashes(graph);
    const distinctMaskedRows = new Set(Array.from(mask.maskedNodes, (u) => rowHash[u]!)).size;
    return { tensor, mask, queries: withContext, labelledQueries: withContext.filter((u) => graph.labels[u]! >= 0), rowHash, distinctMaskedRows };
  });
}

/**
 * `graph/node-masking`: the features of a node are hidden (with those of many others, one mask
 * set per seed), and the policy names, among K lettered feature vectors, the one that belongs
 * to it; or, in the label form, its class. Answer: the letter (or the class name).
 *
 * @example
 * ```ts
 * import { generateEpisodes, SkipCounter } from "@ssl4rl/core";
 * const source = await syntheticSource.open(parseSourceSpec("synthetic"), { seed: 0, skips: new SkipCounter() });
 * for await (const e of generateEpisodes(nodeMaskingTask, source, { seed: 0, count: 2, options: nodeMaskingOptions.parse({}), skips: new SkipCounter() })) console.log(e.answer);
 * ```
 */
export const nodeMaskingTask = defineTask<GraphSample, typeof nodeMaskingOptions, NodeMaskingObservation>({
  id: NODE_MASKING,
  version: VERSION,
  modality: "graph",
  description: "Pick the hidden feature vector of a masked node among K lettered candidates (or name its class)",
  rewardId: EXACT_MATCH,
  options: nodeMaskingOptions,
  answerSpace: (o) => (o.form === "features" ? choiceLetters(o.candidates) : undefined),
  makeEpisode({ samples, rng, seed, index }, o): Episode<NodeMaskingObservation> {
    const { graph, ...dataset } = resolveGraphSample(samples[0], NODE_MASKING);
    if (graph.numFeatures === 0) {
      throw new BadInputError({ file: dataset.origin, field: "node features", expected: "nodes with feature vectors", hint: "graph/node-masking needs features to hide" });
    }
    const view = maskedView(graph, viewSeed(seed, index, o.viewEvery), o);
    const base = { id: `${NODE_MASKING}:${String(seed)}:${index}`, taskId: NODE_MASKING, taskVersion: VERSION };
    const f = graph.numFeatures;
    const caps = { hops: o.hops, maxNodes: o.maxNodes, maxEdges: o.maxEdges, maxFeatureItems: o.maxFeatureItems };

    if (o.form === "label") {
      if (graph.classNames.length === 0) {
        throw new BadInputError({ file: dataset.origin, field: "node labels", expected: "labelled nodes for form \"label\"", hint: "Use form \"features\" for unlabelled graphs" });
      }
      // Graph-wide, so no later sample could do better: an error, not a skip (the graph
      // sources repeat forever, and a skip would loop).
      if (view.labelledQueries.length === 0) {
        throw new BadInputError({ file: dataset.origin, field: "node labels", expected: "a masked, labelled node with at least one neighbour", hint: "Raise maskRate, or use a graph with edges" });
      }
      const u = view.labelledQueries[rng.int(view.labelledQueries.length)]!;
      const truth = graph.labels[u]!;
      const classes = graph.classNames;
      const text =
        `Below is part of a graph. Each node has ${graph.binaryFeatures ? "a set of words (the column numbers of its bag of words)" : "a numeric feature vector"}. ` +
        `The features of node ${nodeName(u)} are hidden, as are those of some other nodes.\n\n` +
        `${describeNeighbourhood(graph, graph.adjacency, view.mask.features, view.mask.masked, [u], caps)}\n\n` +
        `Which class does ${nodeName(u)} belong to? The classes are: ${classes.join(", ")}.\n${ANSWER_INSTRUCTION} Answer with the class name exactly as written.`;
      return {
        ...base,
        observation: { kind: "graph", view: view.tensor, query: [u], candidates: [], candidateFeatures: new Float32Array(0) },
        prompt: { messages: [{ role: "user", content: text }], images: [] },
        answer: classes[truth]!,
        answerIndex: truth,
        metadata: { seed, dataset: dataset.name, viewId: view.tensor.id, form: "label", node: graph.nodeIds[u]!, nodeIndex: u, classes: [...classes] },
      };
    }

    if (view.queries.length === 0) {
      throw new BadInputError({ file: dataset.origin, field: "edges", expected: "a masked node with at least one neighbour", hint: "Raise maskRate, or use a graph with edges" });
    }
    if (view.distinctMaskedRows < o.candidates) {
      throw new BadInputError({ file: dataset.origin, field: "node features", expected: `at least ${o.candidates} different feature vectors among the masked nodes`, got: view.distinctMaskedRows, hint: "Lower candidates or raise maskRate" });
    }
    const u = view.queries[rng.int(view.queries.length)]!;
    const wrong: number[] = [];
    const acceptable = (v: number) => v !== u && !sameFeatureRow(graph, view.rowHash, v, u) && wrong.every((w) => !sameFeatureRow(graph, view.rowHash, v, w));
    if (o.hardNegatives) {
      const near = nodesNear(graph, u, o.hops, 4 * o.candidates + 16, (v) => view.mask.masked[v] === 1);
      rng.shuffle(near);
      for (const v of near) {
        if (wrong.length === o.candidates - 1) break;
        if (acceptable(v)) wrong.push(v);
      }
    }
    const pool = view.mask.maskedNodes;
    for (let tries = 0; wrong.length < o.candidates - 1 && tries < 50 * o.candidates; tries++) {
      const v = pool[rng.int(pool.length)]!;
      if (acceptable(v)) wrong.push(v);
    }
    if (wrong.length < o.candidates - 1) throw new SampleSkipped(`fewer than ${o.candidates - 1} masked nodes with other feature vectors`);
    const candidates = rng.shuffle([u, ...wrong]);
    const answerIndex = candidates.indexOf(u);
    const letters = choiceLetters(o.candidates);
    const candidateFeatures = new Float32Array(candidates.length * f);
    candidates.forEach((c, k) => candidateFeatures.set(graph.features.subarray(c * f, (c + 1) * f), k * f));
    const options = candidates.map((c, k) => `${letters[k]}: ${describeFeatures(graph, graph.features.subarray(c * f, (c + 1) * f), o.maxCandidateItems)}`);
    const text =
      `Below is part of a graph. Each node has ${graph.binaryFeatures ? "a set of words (the column numbers of its bag of words)" : "a numeric feature vector"}. ` +
      `The features of node ${nodeName(u)} are hidden, as are those of some other nodes.\n\n` +
      `${describeNeighbourhood(graph, graph.adjacency, view.mask.features, view.mask.masked, [u], caps)}\n\n` +
      `Which of these feature vectors belongs to ${nodeName(u)}?\n${options.join("\n")}\n${ANSWER_INSTRUCTION} Answer with the letter only.`;
    return {
      ...base,
      observation: { kind: "graph", view: view.tensor, query: [u], candidates, candidateFeatures },
      prompt: { messages: [{ role: "user", content: text }], images: [] },
      answer: letters[answerIndex]!,
      answerIndex,
      metadata: {
        seed,
        dataset: dataset.name,
        viewId: view.tensor.id,
        form: "features",
        node: graph.nodeIds[u]!,
        nodeIndex: u,
        candidates: candidates.map((c) => graph.nodeIds[c]!),
        candidateIndices: candidates,
      },
    };
  },
});
