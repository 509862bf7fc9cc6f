import { degreeOf, edgeCount } from "./adjacency.js";
import { compactGraph } from "./compact-graph.js";
import type { GraphDataset } from "./graph-dataset.js";

/** What `ssl4rl graph stats` prints. */
export interface GraphStats {
  readonly name: string;
  readonly directed: boolean;
  readonly nodes: number;
  /** Edges as loaded (directed links count once per direction listed). */
  readonly edges: number;
  /** Distinct node pairs joined by an edge, ignoring direction and self-loops (what the tasks use). */
  readonly undirectedEdges: number;
  readonly features: number;
  readonly binaryFeatures: boolean;
  readonly classes: number;
  readonly labelledNodes: number;
  readonly isolatedNodes: number;
  readonly selfLoops: number;
  /** Edges listed more than once in the files (merged). */
  readonly duplicateEdges: number;
  readonly split?: { readonly train: number; readonly val: number; readonly test: number };
}

/**
 * Counts of a loaded graph. Isolated nodes have no edge to another node (a self-loop alone
 * leaves a node isolated).
 *
 * @example
 * ```ts
 * graphStats(loadNamedDataset("cora", dir)).nodes; // 2708
 * ```
 */
export function graphStats(dataset: GraphDataset): GraphStats {
  const g = dataset.graph;
  const compact = compactGraph(dataset);
  let isolated = 0;
  for (let u = 0; u < compact.numNodes; u++) if (degreeOf(compact.adjacency, u) === 0) isolated++;
  let labelled = 0;
  for (const l of compact.labels) if (l >= 0) labelled++;
  return {
    name: dataset.name,
    directed: g.type === "directed",
    nodes: g.order,
    edges: g.size,
    undirectedEdges: edgeCount(compact.adjacency),
    features: compact.numFeatures,
    binaryFeatures: compact.binaryFeatures,
    classes: compact.classNames.length,
    labelledNodes: labelled,
    isolatedNodes: isolated,
    selfLoops: g.selfLoopCount,
    duplicateEdges: dataset.duplicateEdges,
    ...(dataset.split !== undefined ? { split: { train: dataset.split.train.length, val: dataset.split.val.length, test: dataset.split.test.length } } : {}),
  };
}
