import { Random } from "@ssl4rl/core";
import { CONTEXTUAL_SBM_DEFAULTS, contextualSbm, type GraphDataset } from "@ssl4rl/graph-tasks";

/** A small contextual SBM for task tests (fast to build, every node has features and a label). */
export function smallGraph(nodes = 120, seed = 7, extra: Partial<typeof CONTEXTUAL_SBM_DEFAULTS> = {}): GraphDataset {
  return contextualSbm({ ...CONTEXTUAL_SBM_DEFAULTS, nodes, degree: 6, features: 8, classes: 3, ...extra }, Random.fromSeed(seed), `small-${nodes}-${seed}`);
}
