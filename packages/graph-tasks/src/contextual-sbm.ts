import { BadConfigError, Random } from "@ssl4rl/core";
import { GraphClass } from "./graph-constructor.js";
import type { FeatureGraph, GraphDataset } from "./graph-dataset.js";

/** Parameters of {@link contextualSbm}. */
export interface ContextualSbmOptions {
  readonly nodes: number;
  readonly classes: number;
  readonly features: number;
  /** Mean degree (edges ≈ nodes · degree / 2, before repeats are merged). */
  readonly degree: number;
  /** Fraction of edges drawn inside a class (1: only within, 1/classes: no structure). */
  readonly homophily: number;
  /** How far apart class means are, in noise standard deviations per feature. */
  readonly signal: number;
}

export const CONTEXTUAL_SBM_DEFAULTS: ContextualSbmOptions = { nodes: 1000, classes: 4, features: 32, degree: 8, homophily: 0.8, signal: 1 };

/** The raw arrays of a contextual SBM, for callers that skip graphology (benchmarks). */
export interface ContextualSbmArrays {
  readonly labels: Int32Array;
  /** Row-major `nodes × features`. */
  readonly features: Float32Array;
  /** Edge endpoints (repeats and both orders possible, no self-loops). */
  readonly sources: Int32Array;
  readonly targets: Int32Array;
}

function check(o: ContextualSbmOptions): void {
  const bad = (field: string, expected: string, got: unknown) => new BadConfigError({ field: `synthetic ${field}`, expected, got });
  if (!Number.isInteger(o.nodes) || o.nodes < 2) throw bad("nodes", "an integer >= 2", o.nodes);
  if (!Number.isInteger(o.classes) || o.classes < 1 || o.classes > o.nodes) throw bad("classes", "an integer between 1 and nodes", o.classes);
  if (!Number.isInteger(o.features) || o.features < 1) throw bad("features", "an integer >= 1", o.features);
  if (!(o.degree > 0) || o.degree >= o.nodes) throw bad("degree", "a mean degree above 0 and below nodes", o.degree);
  if (!(o.homophily >= 0 && o.homophily <= 1)) throw bad("homophily", "a fraction in [0, 1]", o.homophily);
  if (!(o.signal >= 0)) throw bad("signal", "a number >= 0", o.signal);
}

/**
 * Draws the arrays of a contextual stochastic block model: node classes uniform; each class
 * has a random mean vector (entries ±signal/2), node features are that mean plus unit
 * Gaussian noise; each edge picks a uniform node, then a partner from the same class with
 * probability `homophily`, else from anywhere. Same options and seed, same graph.
 */
export function contextualSbmArrays(options: ContextualSbmOptions, rng: Random): ContextualSbmArrays {
  check(options);
  const { nodes, classes, features: f, degree, homophily, signal } = options;
  // Balanced classes in random node order.
  const labels = new Int32Array(nodes);
  rng.fork("classes").permutation(nodes).forEach((u, i) => (labels[u] = i % classes));
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let u = 0; u < nodes; u++) members[labels[u]!]!.push(u);
  const meanRng = rng.fork("means");
  const means = Float32Array.from({ length: classes * f }, () => (meanRng.bool() ? signal / 2 : -signal / 2));
  const noise = rng.fork("features");
  const features = new Float32Array(nodes * f);
  for (let u = 0; u < nodes; u++) {
    const c = labels[u]!;
    for (let j = 0; j < f; j++) features[u * f + j] = means[c * f + j]! + noise.normal();
  }
  const m = Math.round((nodes * degree) / 2);
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const edges = rng.fork("edges");
  for (let e = 0; e < m; e++) {
    const u = edges.int(nodes);
    let v = u;
    while (v === u) {
      const same = members[labels[u]!]!;
      v = edges.bool(homophily) && same.length > 1 ? same[edges.int(same.length)]! : edges.int(nodes);
    }
    sources[e] = u;
    targets[e] = v;
  }
  return { labels, features, sources, targets };
}

/**
 * A contextual SBM as a feature graph (undirected, repeats merged): the embedded default
 * source, so every task runs with no data on disk.
 *
 * @example
 * ```ts
 * const g = contextualSbm({ ...CONTEXTUAL_SBM_DEFAULTS, nodes: 200 }, Random.fromSeed(0));
 * g.graph.order; // 200
 * ```
 */
export function contextualSbm(options: ContextualSbmOptions, rng: Random, name = "synthetic"): GraphDataset {
  const { labels, features, sources, targets } = contextualSbmArrays(options, rng);
  const classNames = Array.from({ length: options.classes }, (_, c) => `class-${c}`);
  const graph: FeatureGraph = new GraphClass({ type: "undirected", allowSelfLoops: false, multi: false });
  const f = options.features;
  for (let u = 0; u < options.nodes; u++) graph.addNode(String(u), { features: features.subarray(u * f, (u + 1) * f), label: classNames[labels[u]!]! });
  let duplicateEdges = 0;
  for (let e = 0; e < sources.length; e++) {
    const s = String(sources[e]);
    const t = String(targets[e]);
    if (graph.hasEdge(s, t)) duplicateEdges++;
    else graph.addEdge(s, t);
  }
  graph.mergeAttributes({ name, numFeatures: f, classNames });
  return { name, graph, duplicateEdges, origin: `synthetic contextual SBM ${JSON.stringify(options)}` };
}
