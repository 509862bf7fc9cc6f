import * as tf from "@tensorflow/tfjs";
import type { GraphTensorView } from "@ssl4rl/core";
import type { ParameterStore } from "./parameter-store.js";

/**
 * A graph view as tensors, ready for message passing: node features with a "features hidden"
 * flag appended, and the edges of Â = D^-1/2 (A + I) D^-1/2 (Kipf & Welling's normalisation,
 * self-loops included) as source, target and weight lists.
 */
export interface PreparedGraph {
  readonly id: string;
  readonly numNodes: number;
  readonly features: tf.Tensor2D;
  readonly sources: tf.Tensor1D;
  readonly targets: tf.Tensor1D;
  readonly weights: tf.Tensor2D;
  dispose(): void;
}

/** Builds the tensors of a view once; episodes of one view share them. */
export function prepareGraph(view: GraphTensorView): PreparedGraph {
  const n = view.numNodes;
  const f = view.numFeatures;
  const e = view.edgeSources.length;
  const degree = new Float32Array(n).fill(1); // the self-loop
  for (let i = 0; i < e; i++) degree[view.edgeTargets[i]!]! += 1;
  const src = new Int32Array(e + n);
  const dst = new Int32Array(e + n);
  const w = new Float32Array(e + n);
  for (let i = 0; i < e; i++) {
    const s = view.edgeSources[i]!;
    const t = view.edgeTargets[i]!;
    src[i] = s;
    dst[i] = t;
    w[i] = 1 / Math.sqrt(degree[s]! * degree[t]!);
  }
  for (let v = 0; v < n; v++) {
    src[e + v] = v;
    dst[e + v] = v;
    w[e + v] = 1 / degree[v]!;
  }
  const x = new Float32Array(n * (f + 1));
  for (let v = 0; v < n; v++) {
    x.set(view.features.subarray(v * f, (v + 1) * f), v * (f + 1));
    x[v * (f + 1) + f] = view.masked[v] ?? 0;
  }
  // Kept: a view outlives the scope that first needed it (the policy caches it by id).
  const tensors = {
    features: tf.keep(tf.tensor2d(x, [n, f + 1])),
    sources: tf.keep(tf.tensor1d(src, "int32")),
    targets: tf.keep(tf.tensor1d(dst, "int32")),
    weights: tf.keep(tf.tensor2d(w, [e + n, 1])),
  };
  return {
    id: view.id,
    numNodes: n,
    ...tensors,
    dispose: () => Object.values(tensors).forEach((t) => t.dispose()),
  };
}

/**
 * The GCN's non-linearity: `relu`, `prelu` (DGI's encoder), whose negative side keeps a learned
 * slope, one per layer, or `linear`: none, so the layers compose into one linear map of Â^k X
 * (SGC's model, with learned weights).
 */
export type GraphActivation = "relu" | "prelu" | "linear";

// PyTorch's nn.PReLU, which DGI's encoder uses, starts its single slope at 0.25.
const PRELU_INITIAL_SLOPE = 0.25;

/** The name of a GCN layer's parameter (`w`, `b`, `slope`) in the parameter store; layers count from 1. */
const gcnParameterName = (numFeatures: number, layer: number, kind: "w" | "b" | "slope") => `graph${numFeatures}/gcn${layer}/${kind}`;

/** ReLU(x); PReLU(x) = max(x, 0) + slope · min(x, 0) when a slope is given; x itself for `linear`. */
function gcnActivation(x: tf.Tensor2D, activation: GraphActivation, slope: tf.Tensor | undefined): tf.Tensor2D {
  if (activation === "linear") return x;
  return (slope ? tf.add(tf.relu(x), tf.mul(slope, tf.minimum(x, 0))) : tf.relu(x)) as tf.Tensor2D;
}

/**
 * A graph encoder: a prepared view → node embeddings `[numNodes, last hidden size]`; its
 * `layers` gives every layer's embeddings, first layer first (the last is the call's result).
 */
export interface GraphEncoder {
  (graph: PreparedGraph): tf.Tensor2D;
  layers(graph: PreparedGraph): tf.Tensor2D[];
}

/** Â·H over the prepared view's edges and self-loops: a gather along edges, then a segment sum into targets. */
function propagate(graph: PreparedGraph, h: tf.Tensor2D): tf.Tensor2D {
  return tf.unsortedSegmentSum(tf.mul(tf.gather(h, graph.sources), graph.weights), graph.targets, graph.numNodes) as tf.Tensor2D;
}

/** Attention logits are clipped to this size before `exp`, so a softmax never overflows. */
const ATTENTION_LOGIT_LIMIT = 30;

/**
 * One graph-attention aggregation (GAT, Veličković et al.), over the prepared view's edges and
 * self-loops: `projected` (`[numNodes, heads × d]`) is split into heads; each edge s → t gets
 * the score LeakyReLU(a_src · h_s + a_dst · h_t) per head, softmax-normalised over the edges
 * into t; t receives the attention-weighted sum of its sources, heads concatenated.
 */
function attend(graph: PreparedGraph, projected: tf.Tensor2D, heads: number, aSrc: tf.Variable, aDst: tf.Variable): tf.Tensor2D {
  const [n, width] = projected.shape;
  const d = width / heads;
  const perHead = projected.reshape([n, heads, d]);
  const scoreSrc = tf.sum(tf.mul(perHead, aSrc.reshape([1, heads, d])), -1) as tf.Tensor2D; // [n, heads]
  const scoreDst = tf.sum(tf.mul(perHead, aDst.reshape([1, heads, d])), -1) as tf.Tensor2D;
  const logits = tf.leakyRelu(tf.add(tf.gather(scoreSrc, graph.sources), tf.gather(scoreDst, graph.targets)), 0.2);
  const weights = tf.exp(tf.clipByValue(logits, -ATTENTION_LOGIT_LIMIT, ATTENTION_LOGIT_LIMIT)); // [edges, heads]
  const totals = tf.unsortedSegmentSum(weights, graph.targets, n); // [n, heads]; every node has its self-loop
  const attention = tf.div(weights, tf.gather(totals, graph.targets));
  const edges = attention.shape[0];
  const messages = tf.mul(tf.gather(perHead, graph.sources), attention.reshape([edges, heads, 1])).reshape([edges, width]);
  return tf.unsortedSegmentSum(messages, graph.targets, n) as tf.Tensor2D;
}

/**
 * How each layer mixes neighbours: the GCN's fixed Â weights, or learned attention (GAT) with
 * this many heads. A GCN layer may multiply by Â more than once (`hops`, default 1): with
 * `hops: 2` and a linear activation, one layer is SGC's model, Â²XW, a single learned matrix.
 */
export interface GraphAggregation {
  readonly attentionHeads?: number;
  readonly hops?: number;
}

/**
 * A graph encoder shared by the graph tasks. By default a GCN: each layer is ReLU(Â H W + b) (or
 * PReLU, or no activation, see {@link GraphActivation}; Â^hops H W + b with `hops` set), computed
 * as gather along edges then a segment sum into targets, so memory grows with edges, not nodes². With `attentionHeads` set,
 * each layer is a GAT layer instead: the same projection, neighbours (and the node itself)
 * weighted by learned attention, the layer's width split evenly over the heads and concatenated.
 */
export function createGraphEncoder(store: ParameterStore, numFeatures: number, hidden: readonly number[], activation: GraphActivation = "relu", aggregation: GraphAggregation = {}): GraphEncoder {
  const heads = aggregation.attentionHeads;
  if (heads !== undefined) {
    if (!Number.isInteger(heads) || heads < 1) throw new RangeError(`attentionHeads must be a positive integer, got ${heads}`);
    const uneven = hidden.find((width) => width % heads !== 0);
    if (uneven !== undefined) throw new RangeError(`every graph layer width must split evenly over ${heads} attention heads; ${uneven} does not`);
  }
  const hops = aggregation.hops ?? 1;
  if (!Number.isInteger(hops) || hops < 1) throw new RangeError(`hops must be a positive integer, got ${hops}`);
  if (heads !== undefined && hops !== 1) throw new RangeError(`hops applies to GCN layers only; an attention layer mixes one hop (got hops ${hops} with ${heads} attention heads)`);
  let cin = numFeatures + 1;
  const layers = hidden.map((cout, i) => {
    const layer = {
      w: store.heNormal(gcnParameterName(numFeatures, i + 1, "w"), [cin, cout], cin),
      b: store.constant(gcnParameterName(numFeatures, i + 1, "b"), [cout]),
      slope: activation === "prelu" ? store.constant(gcnParameterName(numFeatures, i + 1, "slope"), [1], PRELU_INITIAL_SLOPE) : undefined,
      attention:
        heads === undefined
          ? undefined
          : {
              src: store.heNormal(`graph${numFeatures}/gat${i + 1}/a-src`, [heads, cout / heads], cout / heads),
              dst: store.heNormal(`graph${numFeatures}/gat${i + 1}/a-dst`, [heads, cout / heads], cout / heads),
            },
    };
    cin = cout;
    return layer;
  });
  const everyLayer = (graph: PreparedGraph): tf.Tensor2D[] => {
    const out: tf.Tensor2D[] = [];
    let h = graph.features;
    for (const layer of layers) {
      const projected = tf.matMul(h, layer.w as tf.Tensor2D) as tf.Tensor2D;
      let mixed = projected;
      if (layer.attention) mixed = attend(graph, projected, heads!, layer.attention.src, layer.attention.dst);
      else for (let k = 0; k < hops; k++) mixed = propagate(graph, mixed);
      h = gcnActivation(tf.add(mixed, layer.b) as tf.Tensor2D, activation, layer.slope);
      out.push(h);
    }
    return out;
  };
  return Object.assign((graph: PreparedGraph) => everyLayer(graph).at(-1)!, { layers: everyLayer });
}
