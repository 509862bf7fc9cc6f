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

/** Task options the runner's flags may change (the defaults are the settings above). */
export interface TaskVariant {
  /** K of node masking: lettered feature vectors to choose among. */
  readonly candidates: number;
  /** Fraction of nodes whose features node masking hides. */
  readonly maskRate: number;
  /** How edge prediction draws its non-edges. */
  readonly negatives: "uniform" | "degree";
}

/** The default variant: every setting exactly as defined above. */
export const DEFAULT_VARIANT: TaskVariant = { candidates: 4, maskRate: 0.5, negatives: "uniform" };

/** The non-default parts of a variant, as short labels for table rows (`K=16`, `mask 0.7`). */
export function taskVariantParts(v: TaskVariant): string[] {
  return [
    ...(v.candidates === DEFAULT_VARIANT.candidates ? [] : [`K=${v.candidates}`]),
    ...(v.maskRate === DEFAULT_VARIANT.maskRate ? [] : [`mask ${v.maskRate}`]),
    ...(v.negatives === DEFAULT_VARIANT.negatives ? [] : [`${v.negatives} negatives`]),
  ];
}

/**
 * A setting with the variant's options applied to its tasks. Chance follows K: node masking's
 * random answer is right 1/K of the time (edge prediction's yes/no stays at 1/2).
 */
export function withTaskVariant(setting: GraphSetting, v: TaskVariant): GraphSetting {
  const tasks = setting.tasks.map((t) =>
    t.id === "graph/node-masking"
      ? { ...t, options: { ...t.options, maskRate: v.maskRate, ...(v.candidates === DEFAULT_VARIANT.candidates ? {} : { candidates: v.candidates }) } }
      : t.id === "graph/edge-prediction" && v.negatives !== DEFAULT_VARIANT.negatives
        ? { ...t, options: { ...t.options, negatives: v.negatives } }
        : t,
  );
  const chances = tasks.map((t) => (t.id === "graph/node-masking" ? 1 / ((t.options.candidates as number | undefined) ?? DEFAULT_VARIANT.candidates) : 0.5));
  return { ...setting, tasks, chance: chances.reduce((a, b) => a + b, 0) / chances.length };
}

/** Published linear-probe accuracies on the Planetoid public split (percent), quoted as references. */
export const PUBLISHED_PROBES = [
  { method: "DGI", cora: 82.3, citeseer: 71.8, source: "Veličković et al., Deep Graph Infomax, ICLR 2019 (as quoted by GraphMAE)" },
  { method: "GraphMAE", cora: 84.2, citeseer: 73.4, source: "Hou et al., GraphMAE, KDD 2022" },
] as const;
