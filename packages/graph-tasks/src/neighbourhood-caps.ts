import { z } from "@ssl4rl/core";
import type { NeighbourhoodCaps } from "./neighbourhood-text.js";

/**
 * The option fields that bound a task's neighbourhood text (hops, nodes, edges, feature items
 * per node), with that task's own defaults; spread into the task's options schema.
 */
export function neighbourhoodCapsOptions(defaults: NeighbourhoodCaps) {
  return {
    hops: z.number().int().min(1).max(4).default(defaults.hops),
    maxNodes: z.number().int().min(1).default(defaults.maxNodes),
    maxEdges: z.number().int().min(0).default(defaults.maxEdges),
    maxFeatureItems: z.number().int().min(1).default(defaults.maxFeatureItems),
  };
}
