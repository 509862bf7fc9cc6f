import { BadInputError, defineTask, type Episode, EXACT_MATCH, type GraphTensorView, type Random, SampleSkipped, z } from "@ssl4rl/core";
import { degreeOf } from "./adjacency.js";
import { ANSWER_INSTRUCTION } from "./answer-instruction.js";
import { choiceLetters } from "./choice-letters.js";
import type { CompactGraph } from "./compact-graph.js";
import { type GraphSample, resolveGraphSample } from "./graph-sample.js";
import { maskedGraphView } from "./masked-graph-view.js";
import { neighbourhoodCapsOptions } from "./neighbourhood-caps.js";
import { describeNeighbourhood, nodeName } from "./neighbourhood-text.js";
import type { NodeMask } from "./node-mask.js";
import type { NodeMaskingObservation } from "./node-masking.js";
import { cachedView } from "./view-cache.js";
import { viewEveryOption, viewSeed } from "./view-seed.js";

export const ATTRIBUTE_MASKING = "graph/attribute-masking";
const VERSION = "1.0.0";

/** Options of `graph/attribute-masking`. */
export const attributeMaskingOptions = z
  .object({
    /** Fraction of nodes whose features are hidden in the shared view. */
    maskRate: z.number().gt(0).max(1).default(0.5),
    replacement: z.enum(["zero", "mean"]).default("zero"),
    /** K, the number of lettered feature columns offered. */
    candidates: z.number().int().min(2).max(26).default(4),
    /**
     * Bag-of-words graphs: how the K − 1 absent words are drawn. `frequency`: in proportion to
     * how many nodes have each word (the present word is common for the same reason), so that
     * guessing the commonest word offered pays less; `uniform`: any absent word alike (easier).
     */
    negatives: z.enum(["frequency", "uniform"]).default("frequency"),
    ...neighbourhoodCapsOptions({ hops: 2, maxNodes: 30, maxEdges: 60, maxFeatureItems: 24 }),
    /** Episodes per mask set (0: one per pass over the source); see {@link viewEveryOption}. */
    viewEvery: viewEveryOption,
  })
  .strict();

export type AttributeMaskingOptions = z.output<typeof attributeMaskingOptions>;

/** One shared masked view, and what the episodes of that view draw from. */
interface AttributeView {
  readonly tensor: GraphTensorView;
  readonly mask: NodeMask;
  /** Masked nodes with a neighbour and a question to ask (bag of words: at least one word and K − 1 absent ones). */
  readonly queries: Int32Array;
}

/** How many nodes have each column non-zero, cumulated (for drawing columns by frequency). */
const columnCounts = new WeakMap<Float32Array, Float64Array>();

function cumulativeColumnCounts(graph: CompactGraph): Float64Array {
  let cumulative = columnCounts.get(graph.features);
  if (cumulative === undefined || cumulative.length !== graph.numFeatures) {
    const f = graph.numFeatures;
    cumulative = new Float64Array(f);
    for (let i = 0; i < graph.features.length; i++) if (graph.features[i] !== 0) cumulative[i % f]!++;
    for (let j = 1; j < f; j++) cumulative[j]! += cumulative[j - 1]!;
    columnCounts.set(graph.features, cumulative);
  }
  return cumulative;
}

/** A column drawn in proportion to its count (`cumulative` from {@link cumulativeColumnCounts}). */
function columnByFrequency(cumulative: Float64Array, rng: Random): number {
  const target = rng.float() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function nonZeros(row: Float32Array): number {
  let n = 0;
  for (let j = 0; j < row.length; j++) if (row[j] !== 0) n++;
  return n;
}

function attributeView(graph: CompactGraph, seed: number | string, o: AttributeMaskingOptions): AttributeView {
  const key = `${ATTRIBUTE_MASKING}|${String(seed)}|${o.maskRate}|${o.replacement}|${o.candidates}`;
  return cachedView(graph, key, () => {
    const { tensor, mask } = maskedGraphView(graph, ATTRIBUTE_MASKING, seed, o.maskRate, o.replacement);
    const f = graph.numFeatures;
    const askable = (u: number) => {
      if (degreeOf(graph.adjacency, u) === 0) return false;
      if (!graph.binaryFeatures) return true;
      const words = nonZeros(graph.features.subarray(u * f, (u + 1) * f));
      return words > 0 && f - words >= o.candidates - 1;
    };
    return { tensor, mask, queries: mask.maskedNodes.filter(askable) };
  });
}

/**
 * Bag of words: one of the node's words, and K − 1 distinct words it does not have (the view
 * only offers nodes with at least one word and K − 1 absent ones, so both always exist).
 */
function wordQuestion(graph: CompactGraph, row: Float32Array, k: number, negatives: AttributeMaskingOptions["negatives"], rng: Random): { present: number; absent: number[] } {
  const words: number[] = [];
  for (let j = 0; j < row.length; j++) if (row[j] !== 0) words.push(j);
  const present = words[rng.int(words.length)]!;
  const cumulative = negatives === "frequency" ? cumulativeColumnCounts(graph) : undefined;
  const absent: number[] = [];
  for (let tries = 0; absent.length < k - 1 && tries < 100 * k; tries++) {
    const j = cumulative ? columnByFrequency(cumulative, rng) : rng.int(row.length);
    if (row[j] === 0 && !absent.includes(j)) absent.push(j);
  }
  // Frequency draws can fail when the node has nearly every common word: fall back to any absent word.
  for (let j = 0; absent.length < k - 1 && j < row.length; j++) if (row[j] === 0 && !absent.includes(j)) absent.push(j);
  return { present, absent };
}

/** Numeric features: K distinct columns whose largest value at the node is strictly the largest. */
function largestQuestion(row: Float32Array, k: number, rng: Random): number[] | undefined {
  for (let tries = 0; tries < 8; tries++) {
    const columns = rng.sampleDistinct(row.length, k);
    const values = columns.map((j) => row[j]!).sort((a, b) => b - a);
    if (values[0]! > values[1]!) return columns;
  }
  return undefined;
}

function columnName(graph: CompactGraph, j: number): string {
  return graph.featureNames?.[j] ?? String(j);
}

/**
 * `graph/attribute-masking`: the features of a node are hidden (with those of many others, one
 * mask set per seed), and the policy names which of K lettered feature columns the node has:
 * on a bag-of-words graph, the one word of the K that is in its set (the others drawn by word
 * frequency); on numeric features, the column where its value is largest. Masked-feature
 * reconstruction (GraphMAE's pretext) asked as a question with one right answer. Each
 * candidate travels as a one-hot feature row, so the policy scores columns, not nodes.
 *
 * @example
 * ```ts
 * import { generateEpisodes, SkipCounter } from "@ssl4rl/core";
 * const source = await syntheticSource.open(parseSourceSpec("synthetic"), { seed: 0, skips: new SkipCounter() });
 * for await (const e of generateEpisodes(attributeMaskingTask, source, { seed: 0, count: 2, options: attributeMaskingOptions.parse({}), skips: new SkipCounter() })) console.log(e.answer);
 * ```
 */
export const attributeMaskingTask = defineTask<GraphSample, typeof attributeMaskingOptions, NodeMaskingObservation>({
  id: ATTRIBUTE_MASKING,
  version: VERSION,
  modality: "graph",
  description: "Name which of K lettered feature columns (words) a node with hidden features has",
  rewardId: EXACT_MATCH,
  options: attributeMaskingOptions,
  answerSpace: (o) => choiceLetters(o.candidates),
  makeEpisode({ samples, rng, seed, index }, o): Episode<NodeMaskingObservation> {
    const { graph, ...dataset } = resolveGraphSample(samples[0], ATTRIBUTE_MASKING);
    const f = graph.numFeatures;
    if (f < o.candidates) {
      throw new BadInputError({ file: dataset.origin, field: "node features", expected: `at least ${o.candidates} feature columns (one per candidate)`, got: f, hint: "Lower candidates" });
    }
    const view = attributeView(graph, viewSeed(seed, index, o.viewEvery), o);
    // Graph-wide, so no later sample could do better: an error, not a skip (graph sources repeat forever).
    if (view.queries.length === 0) {
      throw new BadInputError({
        file: dataset.origin,
        field: "edges and node features",
        expected: `a masked node with a neighbour${graph.binaryFeatures ? ` and at least one word, and ${o.candidates - 1} it lacks` : ""}`,
        hint: "Raise maskRate, or use a graph with edges and features",
      });
    }
    const u = view.queries[rng.int(view.queries.length)]!;
    const row = graph.features.subarray(u * f, (u + 1) * f);
    let columns: number[];
    let answerColumn: number;
    if (graph.binaryFeatures) {
      const question = wordQuestion(graph, row, o.candidates, o.negatives, rng);
      columns = rng.shuffle([question.present, ...question.absent]);
      answerColumn = question.present;
    } else {
      const drawn = largestQuestion(row, o.candidates, rng);
      if (!drawn) throw new SampleSkipped(`node ${nodeName(u)}: no ${o.candidates} columns with one strictly largest value in 8 draws`);
      columns = drawn;
      answerColumn = columns.reduce((best, j) => (row[j]! > row[best]! ? j : best));
    }
    const answerIndex = columns.indexOf(answerColumn);
    const letters = choiceLetters(o.candidates);
    const candidateFeatures = new Float32Array(columns.length * f);
    columns.forEach((j, k) => (candidateFeatures[k * f + j] = 1));
    const caps = { hops: o.hops, maxNodes: o.maxNodes, maxEdges: o.maxEdges, maxFeatureItems: o.maxFeatureItems };
    const kind = graph.binaryFeatures ? "words" : "features";
    const question = graph.binaryFeatures ? `Which of these words is in the set of ${nodeName(u)}?` : `Which of these features has the largest value at ${nodeName(u)}?`;
    const text =
      `Below is part of a graph. Each node has ${graph.binaryFeatures ? "a set of words (the column numbers of its bag of words)" : "a numeric feature vector"}. ` +
      `The features of node ${nodeName(u)} are hidden, as are those of some other nodes.\n\n` +
      `${describeNeighbourhood(graph, graph.adjacency, view.mask.features, view.mask.masked, [u], caps)}\n\n` +
      `${question}\n${columns.map((j, k) => `${letters[k]}: ${kind === "words" ? "word" : "feature"} ${columnName(graph, j)}`).join("\n")}\n${ANSWER_INSTRUCTION} Answer with the letter only.`;
    return {
      id: `${ATTRIBUTE_MASKING}:${String(seed)}:${index}`,
      taskId: ATTRIBUTE_MASKING,
      taskVersion: VERSION,
      // Every candidate is the query node itself; what tells them apart is its one-hot column.
      observation: { kind: "graph", view: view.tensor, query: [u], candidates: columns.map(() => u), candidateFeatures },
      prompt: { messages: [{ role: "user", content: text }], images: [] },
      answer: letters[answerIndex]!,
      answerIndex,
      metadata: { seed, dataset: dataset.name, viewId: view.tensor.id, node: graph.nodeIds[u]!, nodeIndex: u, columns, kind },
    };
  },
});
