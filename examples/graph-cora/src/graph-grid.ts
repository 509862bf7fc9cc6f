import type { TrainingSetting } from "@ssl4rl/example-results";

/** A named training setting of the graph table: one task, or an explicit mix. */
export type GraphSetting = TrainingSetting;

// GraphMAE's mask rate on Cora; pick the hidden node's features among 4 candidates.
const nodeMasking: GraphSetting = { name: "node-masking", tasks: [{ id: "graph/node-masking", options: { maskRate: 0.5 } }], chance: 0.25 };
// GAE-style: 10% of edges held out of the view, as many verified non-edges; balanced yes/no.
const edgePrediction: GraphSetting = { name: "edge-prediction", tasks: [{ id: "graph/edge-prediction", options: { holdoutRate: 0.1 } }], chance: 0.5 };
const mix: GraphSetting = {
  name: "mix",
  tasks: [...nodeMasking.tasks, ...edgePrediction.tasks].map((t) => ({ ...t, weight: 1 })),
  chance: (nodeMasking.chance + edgePrediction.chance) / 2,
};

/** Every graph setting by name. */
export const GRAPH_SETTINGS: ReadonlyMap<string, GraphSetting> = new Map([nodeMasking, edgePrediction, mix].map((s) => [s.name, s]));

/** Published linear-probe accuracies on the Planetoid public split (percent), quoted as references. */
export const PUBLISHED_PROBES = [
  { method: "DGI", cora: 82.3, citeseer: 71.8, source: "Veličković et al., Deep Graph Infomax, ICLR 2019 (as quoted by GraphMAE)" },
  { method: "GraphMAE", cora: 84.2, citeseer: 73.4, source: "Hou et al., GraphMAE, KDD 2022" },
] as const;
