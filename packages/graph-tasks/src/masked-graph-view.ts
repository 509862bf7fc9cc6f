import { type GraphTensorView, Random } from "@ssl4rl/core";
import { directedEdgeArrays } from "./adjacency.js";
import type { CompactGraph } from "./compact-graph.js";
import { type MaskReplacement, type NodeMask, nodeMask } from "./node-mask.js";

/** A graph with a node mask applied, as the policy sees it, and the mask itself. */
export interface MaskedGraphView {
  readonly tensor: GraphTensorView;
  readonly mask: NodeMask;
}

/**
 * Masks `rate` of `graph`'s nodes (drawn from `seed`) and builds the tensor view the policy
 * reads: every edge kept, the masked rows replaced and flagged. Tasks that hide node features
 * share it; each caches what it derives from the view under its own key.
 */
export function maskedGraphView(graph: CompactGraph, taskId: string, seed: number | string, rate: number, replacement: MaskReplacement): MaskedGraphView {
  const rng = Random.fromSeed(seed).fork("view");
  const mask = nodeMask(graph.features, graph.numNodes, graph.numFeatures, rate, replacement, rng);
  const { sources, targets } = directedEdgeArrays(graph.adjacency);
  return {
    mask,
    tensor: {
      id: `${taskId}:${graph.name}:${String(seed)}:mask=${rate}:${replacement}`,
      numNodes: graph.numNodes,
      numFeatures: graph.numFeatures,
      features: mask.features,
      edgeSources: sources,
      edgeTargets: targets,
      masked: mask.masked,
    },
  };
}
