import type { GraphTensorView } from "@ssl4rl/core";
import { directedEdgeArrays } from "./adjacency.js";
import type { CompactGraph } from "./compact-graph.js";

/**
 * The whole graph as a tensor view: every edge, every feature row, nothing masked. What a frozen
 * encoder embeds for a downstream probe (`ssl4rl probe`, the examples' linear probes).
 */
export function fullGraphView(graph: CompactGraph): GraphTensorView {
  const { sources, targets } = directedEdgeArrays(graph.adjacency);
  return { id: `full:${graph.name}`, numNodes: graph.numNodes, numFeatures: graph.numFeatures, features: graph.features, edgeSources: sources, edgeTargets: targets, masked: new Uint8Array(graph.numNodes) };
}
