import { BadInputError } from "@ssl4rl/core";
import { type Adjacency, adjacencyFromPairs } from "./adjacency.js";
import { type FeatureGraph, type GraphDataset, isGraphologyGraph } from "./graph-dataset.js";

/**
 * The typed-array form of a feature graph that every hot path works on, built once per
 * graphology graph. Node `i` is the graph's i-th node in insertion order.
 */
export interface CompactGraph {
  readonly name: string;
  readonly numNodes: number;
  /** The graphology node keys, by index. */
  readonly nodeIds: readonly string[];
  /** The full undirected simple graph (self-loops and repeats dropped). */
  readonly adjacency: Adjacency;
  readonly numFeatures: number;
  /** Row-major `numNodes × numFeatures`. */
  readonly features: Float32Array;
  /** True when every feature is 0 or 1 (a bag of words): prompts then list the columns that are 1. */
  readonly binaryFeatures: boolean;
  readonly featureNames: readonly string[] | undefined;
  /** Class index per node, -1 where a node has no label. */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
}

const cache = new WeakMap<object, CompactGraph>();

/** True for a {@link CompactGraph} (as opposed to a graphology graph or a dataset). */
export function isCompactGraph(value: unknown): value is CompactGraph {
  return typeof value === "object" && value !== null && (value as { adjacency?: unknown }).adjacency !== undefined && (value as { features?: unknown }).features instanceof Float32Array;
}

/** Arrays from which {@link compactGraphFromArrays} builds a graph. */
export interface CompactGraphArrays {
  readonly name: string;
  readonly numNodes: number;
  /** Edge endpoints, either direction; repeats and self-loops are dropped. */
  readonly sources: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
  readonly numFeatures: number;
  /** Row-major `numNodes × numFeatures`; kept, not copied. */
  readonly features: Float32Array;
  /** Class index per node (-1 for none). */
  readonly labels?: Int32Array;
  readonly classNames?: readonly string[];
  readonly nodeIds?: readonly string[];
}

/**
 * A compact graph straight from typed arrays, skipping graphology: for graphs large enough
 * that building a graphology graph is the slow part (100k nodes / 1M edges: seconds, against
 * well under a second here). Tasks accept it as a sample.
 *
 * @example
 * ```ts
 * const g = compactGraphFromArrays({ name: "toy", numNodes: 3, sources: [0, 1], targets: [1, 2], numFeatures: 1, features: Float32Array.of(1, 2, 3) });
 * g.adjacency.neighbours; // Int32Array [1, 0, 2, 1]
 * ```
 */
export function compactGraphFromArrays(arrays: CompactGraphArrays): CompactGraph {
  const { name, numNodes, numFeatures, features } = arrays;
  if (features.length !== numNodes * numFeatures) {
    throw new BadInputError({ file: name, field: "features", expected: `${numNodes} × ${numFeatures} values`, got: features.length });
  }
  let binary = numFeatures > 0;
  for (let i = 0; i < features.length && binary; i++) if (features[i] !== 0 && features[i] !== 1) binary = false;
  return {
    name,
    numNodes,
    nodeIds: arrays.nodeIds ?? Array.from({ length: numNodes }, (_, i) => String(i)),
    adjacency: adjacencyFromPairs(numNodes, arrays.sources, arrays.targets),
    numFeatures,
    features,
    binaryFeatures: binary,
    featureNames: undefined,
    labels: arrays.labels ?? new Int32Array(numNodes).fill(-1),
    classNames: arrays.classNames ?? [],
  };
}

/**
 * The compact form of a graph or dataset, built on first use and cached by the graph object
 * (so every episode of a run shares one copy).
 *
 * @example
 * ```ts
 * import Graph from "graphology";
 * const g = new Graph({ type: "undirected" });
 * g.addNode("a", { features: [1, 0] }); g.addNode("b", { features: [0, 1] }); g.addEdge("a", "b");
 * compactGraph(g).adjacency.neighbours; // Int32Array [1, 0]
 * ```
 */
export function compactGraph(input: FeatureGraph | GraphDataset): CompactGraph {
  const graph = isGraphologyGraph(input) ? input : input.graph;
  let compact = cache.get(graph);
  if (compact === undefined) {
    compact = buildCompactGraph(graph, isGraphologyGraph(input) ? undefined : input.name);
    cache.set(graph, compact);
  }
  return compact;
}

function buildCompactGraph(graph: FeatureGraph, datasetName: string | undefined): CompactGraph {
  const name = datasetName ?? graph.getAttribute("name") ?? "graph";
  const nodeIds = graph.nodes();
  const numNodes = nodeIds.length;
  const index = new Map<string, number>();
  nodeIds.forEach((id, i) => index.set(id, i));

  const sources = new Int32Array(graph.size);
  const targets = new Int32Array(graph.size);
  let e = 0;
  graph.forEachEdge((_edge, _attrs, s, t) => {
    sources[e] = index.get(s)!;
    targets[e] = index.get(t)!;
    e++;
  });
  const adjacency = adjacencyFromPairs(numNodes, sources, targets, e);

  let numFeatures = graph.getAttribute("numFeatures") ?? 0;
  if (numFeatures === 0) {
    for (const id of nodeIds) {
      const f = graph.getNodeAttribute(id, "features");
      if (f !== undefined) numFeatures = Math.max(numFeatures, f.length);
    }
  }
  const features = new Float32Array(numNodes * numFeatures);
  let binaryFeatures = true;
  const labelNames: (string | undefined)[] = new Array(numNodes);
  nodeIds.forEach((id, i) => {
    const attrs = graph.getNodeAttributes(id);
    const row = i * numFeatures;
    if (attrs.features !== undefined) {
      if (attrs.features.length !== numFeatures) {
        throw new BadInputError({ file: name, field: `node ${id} features`, expected: `${numFeatures} values (as the other nodes)`, got: `${attrs.features.length} values` });
      }
      for (let j = 0; j < numFeatures; j++) {
        const v = Number(attrs.features[j]);
        features[row + j] = v;
        if (v !== 0 && v !== 1) binaryFeatures = false;
      }
    } else if (attrs.featureIndices !== undefined) {
      for (const j of attrs.featureIndices) {
        if (!Number.isInteger(j) || j < 0 || j >= numFeatures) {
          throw new BadInputError({ file: name, field: `node ${id} featureIndices`, expected: `column indices in 0..${numFeatures - 1}`, got: j });
        }
        features[row + j] = 1;
      }
    }
    labelNames[i] = attrs.label === undefined || attrs.label === "" ? undefined : String(attrs.label);
  });

  const declared = graph.getAttribute("classNames");
  const classNames = declared !== undefined ? [...declared] : [...new Set(labelNames.filter((l): l is string => l !== undefined))].sort();
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  const labels = new Int32Array(numNodes).fill(-1);
  labelNames.forEach((l, i) => {
    if (l === undefined) return;
    const k = classIndex.get(l);
    if (k === undefined) {
      throw new BadInputError({ file: name, field: `node ${nodeIds[i]} label`, expected: `one of the graph's classNames (${classNames.join(", ")})`, got: l });
    }
    labels[i] = k;
  });
  const featureNames = graph.getAttribute("featureNames");
  return {
    name,
    numNodes,
    nodeIds,
    adjacency,
    numFeatures,
    features,
    binaryFeatures: binaryFeatures && numFeatures > 0,
    featureNames: featureNames !== undefined && featureNames.length === numFeatures ? [...featureNames] : undefined,
    labels,
    classNames,
  };
}
